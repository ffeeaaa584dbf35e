import { metrics, ValueType, type Attributes, type MeterProvider } from '@opentelemetry/api';

/** The `dynamo_logging_*` instruments, every data point tagged with `backend`. */
export class SelfMetrics {
  private readonly base: Attributes;
  private readonly exported;
  private readonly dropped;
  private readonly retried;
  private readonly requests;
  private readonly bytesSent;
  private readonly duration;
  private readonly queueDepth;
  private readonly observeDepth;

  constructor(backend: string, provider: MeterProvider | undefined, depth: () => number) {
    this.base = { backend };
    const meter = (provider ?? metrics.getMeterProvider()).getMeter('@dynamo-logging/core', '0.1.0');
    this.exported = meter.createCounter('dynamo_logging_records_exported', { description: 'Log records the backend acknowledged', unit: '{record}', valueType: ValueType.INT });
    this.dropped = meter.createCounter('dynamo_logging_records_dropped', { description: 'Log records given up, by reason', unit: '{record}', valueType: ValueType.INT });
    this.retried = meter.createCounter('dynamo_logging_records_retried', { description: 'Log records sent again', unit: '{record}', valueType: ValueType.INT });
    this.requests = meter.createCounter('dynamo_logging_requests', { description: 'Requests to the backend, by status class', unit: '{request}', valueType: ValueType.INT });
    this.bytesSent = meter.createCounter('dynamo_logging_bytes_sent', {
      description: 'Request body bytes: compressed=true on the wire, compressed=false before compression',
      unit: 'By',
      valueType: ValueType.INT,
    });
    this.duration = meter.createHistogram('dynamo_logging_export_duration', { description: 'Request latency, send to response', unit: 'ms' });
    this.queueDepth = meter.createObservableGauge('dynamo_logging_queue_depth', { description: 'Log records waiting for delivery', unit: '{record}', valueType: ValueType.INT });
    this.observeDepth = (result: { observe(value: number, attributes?: Attributes): void }) => result.observe(depth(), this.base);
    this.queueDepth.addCallback(this.observeDepth);
  }

  recordExported(n: number): void {
    if (n > 0) this.exported.add(n, this.base);
  }
  recordDropped(reason: string, n: number): void {
    if (n > 0) this.dropped.add(n, { ...this.base, reason });
  }
  recordRetried(n: number): void {
    if (n > 0) this.retried.add(n, this.base);
  }
  recordRequest(statusClass: string, latencyMs: number, bytesOnWire: number, bytesBefore: number): void {
    this.requests.add(1, { ...this.base, status_class: statusClass });
    this.duration.record(latencyMs, this.base);
    if (bytesOnWire > 0) {
      this.bytesSent.add(bytesOnWire, { ...this.base, compressed: true });
      this.bytesSent.add(bytesBefore, { ...this.base, compressed: false });
    }
  }

  close(): void {
    this.queueDepth.removeCallback(this.observeDepth);
  }
}
