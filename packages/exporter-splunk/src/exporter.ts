import { extname, join } from 'node:path';
import { DeliveredExporter, httpDeliverySpec } from '@dynamo-logging/core/delivery';
import { resolveConfig, type SplunkExporterOptions } from './config';
import { SplunkInlineExporter, type SplunkExporterStats } from './inline-exporter';

export type { SplunkExporterStats } from './inline-exporter';

/**
 * Ships log records to Splunk's HTTP Event Collector. By default the work
 * after the batch processor (HEC events, gzip, HTTP, acknowledgment polling,
 * retries, queues) runs on a worker thread this exporter owns;
 * `delivery: 'inline'` keeps it on the event loop. Options are checked here,
 * on the caller's thread, so a bad one throws `ConfigurationError` at
 * construction either way.
 */
export class SplunkHecLogRecordExporter extends DeliveredExporter<SplunkExporterStats> {
  /** The channel GUID this exporter sends on (`X-Splunk-Request-Channel`). */
  readonly channel: string;

  /**
   * `options.env` fills what the options leave out (`DYN_SPLUNK_*`, default `process.env`; `{}` ignores the
   * environment). The second argument is the older spelling of `options.env`, kept for existing callers.
   */
  constructor(options: SplunkExporterOptions = {}, /** @deprecated use `options.env` */ env?: NodeJS.ProcessEnv) {
    const withEnv = env !== undefined ? { ...options, env } : options;
    const config = resolveConfig(withEnv);
    // The worker resolves the same options again: the channel is fixed here so both threads use one.
    const pinned: SplunkExporterOptions = { ...withEnv, channel: config.channel };
    super(httpDeliverySpec(pinned, {
      name: 'splunk',
      module: join(__dirname, 'worker-factory' + extname(__filename)),
      factory: 'createSplunkExporter',
      inline: (checked) => new SplunkInlineExporter(checked),
    }));
    this.channel = config.channel;
  }
}
