export { scriptArgs, report, runForResult } from './child';
export { CHUNK, logChunked, startMeter } from './drive';
export type { Reading } from './drive';
export { CountingExporter, startFloor } from './floor';
export type { Floor } from './floor';
export { BenchReceiver } from './receiver';
export type { ReceiverOptions } from './receiver';
export { fmt, median } from './summary';
