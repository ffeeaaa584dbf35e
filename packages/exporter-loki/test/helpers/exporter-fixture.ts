import { LokiLogRecordExporter } from '../../src/exporter';
import type { LokiExporterOptions } from '../../src/config';
import { LokiReceiver } from './loki-receiver';
import type { LokiReceiverOptions } from './loki-receiver';

/** The resource most tests log under, and the stream its info records land in. */
export const RESOURCE = { 'service.name': 'frontend', namespace: 'dynamo', component: 'router' };
export const STREAM = '{component="router", level="info", namespace="dynamo", service_name="frontend"}';

/** The messages Loki stored in `STREAM`, in its order. */
export function storedMessages(receiver: LokiReceiver): string[] {
  return receiver.entries(STREAM).map((entry) => (JSON.parse(entry.line) as { message: string }).message);
}

export interface LokiExporterFixture {
  /** Starts the strict receiver for this test. */
  start(options?: LokiReceiverOptions): Promise<LokiReceiver>;
  /** An exporter with the fixture's defaults under `options`, no env read. */
  make(options: LokiExporterOptions): LokiLogRecordExporter;
}

/** Registers an afterEach that shuts down what the test started: one exporter and one receiver per test. */
export function useLokiExporter(defaults: LokiExporterOptions = {}): LokiExporterFixture {
  let receiver: LokiReceiver | undefined;
  let exporter: LokiLogRecordExporter | undefined;
  afterEach(async () => {
    await exporter?.shutdown();
    await receiver?.close();
    exporter = undefined;
    receiver = undefined;
  });
  return {
    async start(options) {
      receiver = await LokiReceiver.start(options);
      return receiver;
    },
    make(options) {
      exporter = new LokiLogRecordExporter({ env: {}, ...defaults, ...options });
      return exporter;
    },
  };
}
