import type { HandoffBatch } from './handoff';
import type { MetricOp } from './forwarded-metrics';

/** What the delivery worker is started with (`workerData`). */
export interface WorkerInit {
  /** Absolute path of the module that builds the exporter inside the worker. */
  readonly module: string;
  /** Its export: `(options, meterProvider, env) => exporter`. */
  readonly factory: string;
  readonly options: unknown;
  /** The environment the exporter reads (`DYN_<BACKEND>_*`), when it takes one apart from its options. */
  readonly env?: Record<string, string | undefined>;
  /** Replies and reports come back on this port, so the main thread can also read them synchronously at exit. */
  readonly port: import('node:worker_threads').MessagePort;
}

export type ToWorker =
  | { readonly t: 'batch'; readonly id: number; readonly batch: HandoffBatch }
  | { readonly t: 'flush'; readonly id: number }
  | { readonly t: 'shutdown'; readonly id: number }
  | { readonly t: 'call'; readonly id: number; readonly method: string; readonly args: unknown[] }
  /** process.exit(): queue `batch`, deliver what can be delivered by `deadline` (epoch ms), then raise `flag`. */
  | { readonly t: 'drain'; readonly id: number; readonly batch: HandoffBatch; readonly deadline: number; readonly flag: Int32Array };

export type FromWorker =
  | { readonly t: 'ready' }
  | { readonly t: 'init-error'; readonly message: string }
  | { readonly t: 'ack'; readonly id: number; readonly ok: boolean; readonly error?: string; readonly stats?: unknown }
  | { readonly t: 'done'; readonly id: number; readonly ok: boolean; readonly value?: unknown; readonly error?: string; readonly code?: string; readonly statusCode?: number; readonly stats?: unknown }
  | { readonly t: 'stats'; readonly stats: unknown }
  | { readonly t: 'diag'; readonly level: 'error' | 'warn' | 'info' | 'debug' | 'verbose'; readonly message: string }
  | { readonly t: 'metrics'; readonly ops: MetricOp[] };
