import { parseLevelOption } from './level';
import { parseTimeBound } from './duration';
import type { FilterOptions } from './record-filter';
import { targetGlob } from './target-glob';
import { UsageError } from './usage-error';

/** The filter flags, as util.parseArgs options; shared by `pretty` and `stats`. */
export const FILTER_FLAGS = {
  level: { type: 'string' },
  target: { type: 'string', multiple: true },
  'request-id': { type: 'string' },
  'trace-id': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  where: { type: 'string', multiple: true },
} as const;

export interface FilterFlagValues {
  level?: string;
  target?: string[];
  'request-id'?: string;
  'trace-id'?: string;
  since?: string;
  until?: string;
  where?: string[];
}

function timeBound(flag: string, text: string | undefined, nowMicros: number): number | undefined {
  if (text === undefined) return undefined;
  const micros = parseTimeBound(text, nowMicros);
  if (micros === undefined) throw new UsageError(`--${flag} ${JSON.stringify(text)}: expected a duration such as 10m, 1h30m, 45s, or a time such as 2025-10-31T21:06:45Z`);
  return micros;
}

/** The flags as filters; a bad value is a UsageError naming the flag. */
export function resolveFilters(values: FilterFlagValues, nowMicros: number): FilterOptions {
  let level;
  if (values.level !== undefined) {
    level = parseLevelOption(values.level);
    if (level === undefined) throw new UsageError(`--level ${JSON.stringify(values.level)}: expected one of error, warn, info, debug, trace`);
  }
  const where = (values.where ?? []).map((pair): [string, string] => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--where ${JSON.stringify(pair)}: expected key=value`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
  return {
    level,
    targets: (values.target ?? []).map(targetGlob),
    requestId: values['request-id'],
    traceId: values['trace-id'],
    sinceMicros: timeBound('since', values.since, nowMicros),
    untilMicros: timeBound('until', values.until, nowMicros),
    where,
  };
}
