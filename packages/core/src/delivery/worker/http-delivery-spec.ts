import type { MeterProvider } from '@opentelemetry/api';
import type { HttpExporterOptions } from '../http-exporter-options';
import { resolveDeliveryMode, type DeliverySpec } from './start-delivery';
import type { InnerExporter } from './worker-exporter';

/** What an HTTP exporter package says about where its exporter is built. */
export interface HttpExporterWiring<O extends HttpExporterOptions, E extends InnerExporter> {
  /** `loki`, `splunk`, `elastic`. */
  readonly name: string;
  /** The module the worker loads (absolute path) and its factory `(options, meterProvider, env) => exporter`. */
  readonly module: string;
  readonly factory: string;
  /** Builds the exporter on this thread from the same options: for `inline`, and as the worker's fallback. */
  readonly inline: (options: O) => E;
}

/**
 * The `DeliverySpec` of an HTTP exporter's public class, from its options: the delivery mode, the environment, the
 * meter provider, the flush deadline and durability are read here once for Loki, Splunk and Elastic. The
 * environment travels beside the options (the worker gets a copy taken now), not inside them.
 */
export function httpDeliverySpec<O extends HttpExporterOptions, E extends InnerExporter>(options: O, wiring: HttpExporterWiring<O, E>): DeliverySpec<E> {
  const env = options.env ?? process.env;
  return {
    name: wiring.name,
    mode: resolveDeliveryMode(options.delivery, env),
    module: wiring.module,
    factory: wiring.factory,
    options: { ...options, env: undefined },
    env,
    inline: () => wiring.inline(options),
    meterProvider: options.meterProvider,
    flushTimeoutMillis: options.flushTimeoutMillis,
    durable: options.queue?.directory !== undefined,
  };
}

/**
 * The factory a package's worker module exports: the worker calls it with the cloned options, the meter provider
 * that forwards metrics to the main thread, and the environment copy; the exporter it builds runs inline there.
 */
export function workerFactory<O extends HttpExporterOptions, E extends InnerExporter>(
  build: (options: O) => E,
): (options: O, meterProvider: MeterProvider, env: NodeJS.ProcessEnv | undefined) => E {
  return (options, meterProvider, env) => build({ ...options, delivery: 'inline', meterProvider, env: env ?? options.env });
}
