// Public surface of @dynamo-logging/cli: the `dynamo-logs` program, and the pieces it is made of
// for tools that want the same output. Explicit named exports only.
export { runCli } from './main';
export { formatPassThrough, formatPrettyRecord } from './pretty-format';
export { escapeControl } from './escape-text';
export { parseRecord } from './parse-record';
export type { LogRecordObject } from './parse-record';
export { buildFilter, hasFilters } from './record-filter';
export type { FilterOptions, RecordFilter } from './record-filter';
export { normaliseLevel } from './level';
export type { DynamoLevel } from './level';
export { StatsCollector } from './stats-collector';
export type { StatsReport } from './stats-collector';
export type { Counted } from './top-counter';
