import { levelRank, normaliseLevel, type DynamoLevel } from './level';
import type { LogRecordObject } from './parse-record';
import { timeMicros } from './time-value';

/** The filters, resolved; each one given narrows the selection (they combine with AND). */
export interface FilterOptions {
  /** This level and the more severe ones. */
  readonly level?: DynamoLevel;
  /** Target globs; a record matches when any matches its whole `target`. */
  readonly targets?: readonly RegExp[];
  /** Matches `request_id` or `x_request_id`. */
  readonly requestId?: string;
  readonly traceId?: string;
  /** Microseconds since the epoch: records at or after this time. */
  readonly sinceMicros?: number;
  /** Microseconds since the epoch: records before this time. */
  readonly untilMicros?: number;
  /** `key=value` pairs: the key's value, as text (JSON text for non-strings), equals value. */
  readonly where?: ReadonlyArray<readonly [string, string]>;
}

export type RecordFilter = (record: LogRecordObject) => boolean;

/** Whether any filter is set. */
export function hasFilters(options: FilterOptions): boolean {
  return (
    options.level !== undefined ||
    (options.targets?.length ?? 0) > 0 ||
    options.requestId !== undefined ||
    options.traceId !== undefined ||
    options.sinceMicros !== undefined ||
    options.untilMicros !== undefined ||
    (options.where?.length ?? 0) > 0
  );
}

/** A value as `--where` compares it: strings as they are, anything else as compact JSON (jq's `tostring`). */
export function valueAsText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Compiles the filters into one predicate, checking the cheapest first.
 * A record lacking the key a filter looks at does not match it.
 */
export function buildFilter(options: FilterOptions): RecordFilter {
  const checks: RecordFilter[] = [];
  const { level, targets, requestId, traceId, sinceMicros, untilMicros, where } = options;
  if (level !== undefined) {
    const min = levelRank(level);
    checks.push((r) => {
      const l = normaliseLevel(r['level']);
      return l !== undefined && levelRank(l) >= min;
    });
  }
  if (targets !== undefined && targets.length > 0) {
    checks.push((r) => {
      const t = r['target'];
      return typeof t === 'string' && targets.some((re) => re.test(t));
    });
  }
  if (requestId !== undefined) checks.push((r) => r['request_id'] === requestId || r['x_request_id'] === requestId);
  if (traceId !== undefined) checks.push((r) => r['trace_id'] === traceId);
  for (const [key, value] of where ?? []) checks.push((r) => valueAsText(r[key]) === value);
  if (sinceMicros !== undefined || untilMicros !== undefined) {
    checks.push((r) => {
      const t = timeMicros(r['time']);
      if (t === undefined) return false;
      return (sinceMicros === undefined || t >= sinceMicros) && (untilMicros === undefined || t < untilMicros);
    });
  }
  if (checks.length === 0) return () => true;
  if (checks.length === 1) return checks[0]!;
  return (r) => {
    for (const check of checks) if (!check(r)) return false;
    return true;
  };
}
