import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { dynamoLevel } from '../jsonl/level';

/** Dynamo level names in lower case, the keys of per-level options and counters. */
export type LevelKey = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export const LEVEL_KEYS: readonly LevelKey[] = ['trace', 'debug', 'info', 'warn', 'error'];

const BY_DYNAMO = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export function levelKey(record: Pick<ReadableLogRecord, 'severityNumber' | 'severityText'>): LevelKey {
  return BY_DYNAMO[dynamoLevel(record.severityNumber, record.severityText)];
}

export function levelCounters(): Record<LevelKey, number> {
  return { trace: 0, debug: 0, info: 0, warn: 0, error: 0 };
}
