import { metrics, ValueType, type Attributes, type Counter, type MeterProvider, type MetricOptions, type ObservableResult } from '@opentelemetry/api';

/**
 * The delivery worker has no MeterProvider of its own (OTel's globals are per
 * thread), so its `dynamo_logging_*` instruments record into a list of
 * operations that the main thread replays on the application's provider.
 */
export type MetricOp =
  | { readonly k: 'def'; readonly id: number; readonly kind: 'counter' | 'histogram' | 'gauge'; readonly name: string; readonly options?: MetricOptions }
  | { readonly k: 'rec'; readonly id: number; readonly value: number; readonly attrs?: Attributes }
  | { readonly k: 'obs'; readonly id: number; readonly value: number; readonly attrs?: Attributes };

type GaugeCallback = (result: ObservableResult) => void;

/** Worker side: a MeterProvider whose instruments only write down what they were asked. */
export class ForwardingMeterProvider {
  private ops: MetricOp[] = [];
  private nextId = 1;
  private readonly gauges = new Map<number, Set<GaugeCallback>>();

  getMeter(): unknown {
    const define = (kind: 'counter' | 'histogram' | 'gauge', name: string, options?: MetricOptions): number => {
      const id = this.nextId++;
      this.ops.push({ k: 'def', id, kind, name, ...(options ? { options } : {}) });
      return id;
    };
    const recorder = (kind: 'counter' | 'histogram') => (name: string, options?: MetricOptions) => {
      const id = define(kind, name, options);
      const rec = (value: number, attrs?: Attributes): void => {
        this.ops.push({ k: 'rec', id, value, ...(attrs ? { attrs } : {}) });
      };
      return { add: rec, record: rec };
    };
    return {
      createCounter: recorder('counter'),
      createHistogram: recorder('histogram'),
      createObservableGauge: (name: string, options?: MetricOptions) => {
        const id = define('gauge', name, options);
        const callbacks = new Set<GaugeCallback>();
        this.gauges.set(id, callbacks);
        return { addCallback: (cb: GaugeCallback) => callbacks.add(cb), removeCallback: (cb: GaugeCallback) => callbacks.delete(cb) };
      },
    };
  }

  /** What was recorded since the last call, with a fresh reading of every gauge. */
  take(): MetricOp[] {
    for (const [id, callbacks] of this.gauges) {
      for (const cb of callbacks) {
        cb({ observe: (value: number, attrs?: Attributes) => this.ops.push({ k: 'obs', id, value, ...(attrs ? { attrs } : {}) }) });
      }
    }
    const ops = this.ops;
    this.ops = [];
    return ops;
  }

  asMeterProvider(): MeterProvider {
    return this as unknown as MeterProvider;
  }
}

interface Replayed {
  readonly kind: 'counter' | 'histogram' | 'gauge';
  readonly record?: (value: number, attrs?: Attributes) => void;
  readonly last?: Map<string, { value: number; attrs?: Attributes }>;
}

/** Main-thread side: the worker's operations on real instruments of `provider` (default the global one). */
export class MetricsReplayer {
  private readonly instruments = new Map<number, Replayed>();
  private readonly cleanups: Array<() => void> = [];
  private droppedCounter: Counter | undefined;

  constructor(private readonly provider: MeterProvider | undefined) {}

  apply(ops: readonly MetricOp[]): void {
    for (const op of ops) {
      if (op.k === 'def') this.define(op);
      else if (op.k === 'rec') this.instruments.get(op.id)?.record?.(op.value, op.attrs);
      else this.instruments.get(op.id)?.last?.set(JSON.stringify(op.attrs ?? {}), { value: op.value, ...(op.attrs ? { attrs: op.attrs } : {}) });
    }
  }

  private define(op: Extract<MetricOp, { k: 'def' }>): void {
    const meter = (this.provider ?? metrics.getMeterProvider()).getMeter('@dynamo-logging/core', '0.1.0');
    if (op.kind === 'counter') {
      const counter = meter.createCounter(op.name, op.options);
      this.instruments.set(op.id, { kind: 'counter', record: (v, a) => counter.add(v, a) });
    } else if (op.kind === 'histogram') {
      const histogram = meter.createHistogram(op.name, op.options);
      this.instruments.set(op.id, { kind: 'histogram', record: (v, a) => histogram.record(v, a) });
    } else {
      const last = new Map<string, { value: number; attrs?: Attributes }>();
      const gauge = meter.createObservableGauge(op.name, op.options);
      const callback = (result: ObservableResult): void => {
        for (const { value, attrs } of last.values()) result.observe(value, attrs);
      };
      gauge.addCallback(callback);
      this.cleanups.push(() => gauge.removeCallback(callback));
      this.instruments.set(op.id, { kind: 'gauge', last });
    }
  }

  /** Drops decided on the main thread (handoff, exit, a dead worker), on the same instrument as the worker's. */
  recordDropped(backend: string, reason: string, count: number): void {
    this.droppedCounter ??= (this.provider ?? metrics.getMeterProvider())
      .getMeter('@dynamo-logging/core', '0.1.0')
      .createCounter('dynamo_logging_records_dropped', { description: 'Log records given up, by reason', unit: '{record}', valueType: ValueType.INT });
    this.droppedCounter.add(count, { backend, reason });
  }

  close(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
