// @dynamo-logging/test-kit: fixtures shared by the packages' tests. Private, never published.
export { DiagCapture, useDiagCapture } from './diag-capture';
export type { DiagCaptureOptions, DiagLine } from './diag-capture';
export { closedPort, FaultServer } from './fault-server';
export type { Arrival, Reply, Responder } from './fault-server';
export { useFaultServer, useTempDir } from './use-fault-server';
export type { FaultServerFixture, FaultServerFixtureOptions, ShutsDown } from './use-fault-server';
export { makeRecord, makeRecords, plainRecord } from './records';
export type { RecordSpec } from './records';
export { exportAll, exportBatch, exportInBatches, exportOrThrow, sleep, waitFor } from './export';
export { TestClock } from './test-clock';
export { describeExporterConformance } from './conformance';
export type { ConformanceExporter, ConformanceOptions, ConformanceReceiver, ConformanceStats, ExporterAdapter } from './conformance';
