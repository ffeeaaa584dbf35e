import { extname, join } from 'node:path';
import { DeliveredExporter, resolveDeliveryMode } from '@dynamo-logging/core/delivery';
import { resolveConfig, type SplunkHecOptions } from './config';
import { SplunkInlineExporter } from './inline-exporter';

/**
 * Ships log records to Splunk's HTTP Event Collector. By default the work
 * after the batch processor (HEC events, gzip, HTTP, acknowledgment polling,
 * retries, queues) runs on a worker thread this exporter owns;
 * `delivery: 'inline'` keeps it on the event loop. Options are checked here,
 * on the caller's thread, so a bad one throws `ConfigurationError` at
 * construction either way.
 */
export class SplunkHecLogRecordExporter extends DeliveredExporter {
  /** The channel GUID this exporter sends on (`X-Splunk-Request-Channel`). */
  readonly channel: string;

  /** `env` fills what `options` leave out (`DYN_SPLUNK_*`); pass `{}` to ignore the environment. */
  constructor(options: SplunkHecOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    const config = resolveConfig(options, env);
    // The worker resolves the same options again: the channel is fixed here so both threads use one.
    const pinned: SplunkHecOptions = { ...options, channel: config.channel };
    super({
      name: 'splunk',
      mode: resolveDeliveryMode(options.delivery, env),
      module: join(__dirname, 'worker-factory' + extname(__filename)),
      factory: 'createSplunkExporter',
      options: pinned,
      env,
      inline: () => new SplunkInlineExporter(pinned, env),
      ...(options.meterProvider !== undefined ? { meterProvider: options.meterProvider } : {}),
      ...(config.flushTimeoutMillis !== undefined ? { flushTimeoutMillis: config.flushTimeoutMillis } : {}),
      durable: config.queue?.directory !== undefined,
    });
    this.channel = config.channel;
  }
}

/** For `DYN_LOGGING_BACKEND=splunk`: an exporter configured from `DYN_SPLUNK_*`, `overrides` winning. */
export function fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<SplunkHecOptions> = {}): SplunkHecLogRecordExporter {
  return new SplunkHecLogRecordExporter(overrides, env);
}
