import { SeverityNumber } from '../otel-line';

/** Dynamo's level names. FATAL has no Dynamo name: it prints as ERROR, while the OTel severity keeps FATAL. */
export type DynamoLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

const BY_TEXT: Record<string, DynamoLevel> = {
  TRACE: 'TRACE', DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', WARNING: 'WARN', ERROR: 'ERROR', FATAL: 'ERROR', CRITICAL: 'ERROR',
};

export function dynamoLevel(severityNumber: number | undefined, severityText?: string): DynamoLevel {
  if (severityNumber !== undefined && severityNumber > 0) {
    if (severityNumber >= SeverityNumber.ERROR) return 'ERROR';
    if (severityNumber >= SeverityNumber.WARN) return 'WARN';
    if (severityNumber >= SeverityNumber.INFO) return 'INFO';
    if (severityNumber >= SeverityNumber.DEBUG) return 'DEBUG';
    return 'TRACE';
  }
  if (severityText !== undefined) return BY_TEXT[severityText.toUpperCase()] ?? 'INFO';
  return 'INFO';
}
