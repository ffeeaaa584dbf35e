import type { MeterProvider } from '@opentelemetry/api';
import { readChoice } from '../../config/env';
import { ConfigurationError } from '../../errors';
import { DELIVERY_DEFAULTS } from '../config';
import { WorkerExporter, type InnerExporter } from './worker-exporter';

/** Where an HTTP exporter does its work: a worker thread it owns (the default), or the application's event loop. */
export type DeliveryMode = 'worker' | 'inline';

const MODES: readonly DeliveryMode[] = ['worker', 'inline'];

/** Code option, then `DYN_LOGGING_DELIVERY`, then `worker`. A bad code value is a ConfigurationError; a bad env value is reported. */
export function resolveDeliveryMode(option: unknown, env: NodeJS.ProcessEnv = process.env): DeliveryMode {
  if (option !== undefined) {
    if (!(MODES as readonly unknown[]).includes(option)) throw new ConfigurationError(`option delivery must be 'worker' or 'inline', got ${String(option)}`);
    return option as DeliveryMode;
  }
  return readChoice<DeliveryMode>(env, 'DYN_LOGGING_DELIVERY', MODES, 'worker') ?? 'worker';
}

/**
 * The options a worker can be given: every own field whose value survives a
 * structured clone. What cannot cross (a MeterProvider, processors and other
 * objects with methods that a container's options carry along) stays on this
 * thread, where the worker's metrics and diagnostics come back to.
 */
export function cloneableOptions(options: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === 'meterProvider' || typeof value === 'function') continue;
    try {
      out[key] = structuredClone(value);
    } catch {
      // Not data: left behind on purpose (see above).
    }
  }
  return out;
}

export interface DeliverySpec<E extends InnerExporter> {
  /** `loki`, `splunk`, `elastic`. */
  readonly name: string;
  readonly mode: DeliveryMode;
  /** The module the worker loads (absolute path) and its factory `(options, meterProvider, env) => exporter`. */
  readonly module: string;
  readonly factory: string;
  /** The exporter's options; only their cloneable fields reach the worker. */
  readonly options: object;
  /** The environment the exporter reads, for exporters that take it apart from their options. */
  readonly env?: NodeJS.ProcessEnv;
  /** Builds the exporter on this thread: for `inline`, and as the worker's fallback. */
  readonly inline: () => E;
  readonly meterProvider?: MeterProvider;
  readonly flushTimeoutMillis?: number;
  /** An on-disk queue is configured: records in the worker survive its death. */
  readonly durable?: boolean;
}

/** The exporter an HTTP backend package hands the SDK: its own class inline, or a `WorkerExporter` running it in a thread. */
export function startDelivery<E extends InnerExporter>(spec: DeliverySpec<E>): E | WorkerExporter {
  if (spec.mode === 'inline') return spec.inline();
  return new WorkerExporter({
    name: spec.name,
    module: spec.module,
    factory: spec.factory,
    options: cloneableOptions(spec.options),
    ...(spec.env !== undefined ? { env: { ...spec.env } } : {}),
    inline: spec.inline,
    ...(spec.meterProvider !== undefined ? { meterProvider: spec.meterProvider } : {}),
    flushTimeoutMillis: spec.flushTimeoutMillis ?? DELIVERY_DEFAULTS.flushTimeoutMillis,
    durable: spec.durable === true,
  });
}
