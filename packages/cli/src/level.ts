/** Dynamo's level names, most severe first. */
export type DynamoLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export const LEVELS: readonly DynamoLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

const BY_TEXT: Record<string, DynamoLevel> = {
  TRACE: 'TRACE', DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', WARNING: 'WARN', ERROR: 'ERROR', FATAL: 'ERROR', CRITICAL: 'ERROR',
};

/**
 * The Dynamo level of a line's `level` value: Dynamo's names (and WARNING,
 * FATAL, CRITICAL from other writers), in any case, or pino's numbers
 * (10 trace ... 50 error, 60 fatal). Undefined for anything else.
 */
export function normaliseLevel(value: unknown): DynamoLevel | undefined {
  if (typeof value === 'string') return BY_TEXT[value] ?? BY_TEXT[value.toUpperCase()];
  if (typeof value === 'number') {
    if (value >= 50) return 'ERROR';
    if (value >= 40) return 'WARN';
    if (value >= 30) return 'INFO';
    if (value >= 20) return 'DEBUG';
    if (value >= 0) return 'TRACE';
  }
  return undefined;
}

/** 0 for TRACE up to 4 for ERROR. */
export function levelRank(level: DynamoLevel): number {
  return LEVELS.indexOf(level);
}

/** A level name given on the command line (`warn`, `WARNING`, `error`), or undefined. */
export function parseLevelOption(text: string): DynamoLevel | undefined {
  return BY_TEXT[text.toUpperCase()];
}
