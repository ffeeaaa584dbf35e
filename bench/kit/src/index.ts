// What a contender process loads: nothing beyond node's own modules, so a peer's RSS and start-up stay its own.
// The floor (`@dynamo-logging/bench-kit/floor`, the OTel SDK) and the receiver (`@dynamo-logging/bench-kit/receiver`,
// snappy) are entry points of their own for the same reason.
export { scriptArgs, report, runForResult } from './child';
export { CHUNK, logChunked, startMeter } from './drive';
export type { Reading } from './drive';
export { fmt, median } from './summary';
