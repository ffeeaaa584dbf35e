import { diag, metrics, ValueType } from '@opentelemetry/api';

/**
 * Losses before a record reaches the exporter (batch queue full, logged after
 * shutdown) and attributes cut from a record. Counted here, readable from
 * `stats()`, and published on the same `dynamo_logging_records_dropped`
 * counter the delivery layer uses (`backend: "pipeline"`), so a dashboard
 * that watches drops sees these too. The global MeterProvider is looked up
 * at each drop: drops are rare and a provider is often set after the container.
 */
export class PipelineDrops {
  private readonly records: Record<string, number> = {};
  private readonly attributes: Record<string, number> = {};

  dropRecords(reason: string, n: number, detail: string): void {
    const total = (this.records[reason] = (this.records[reason] ?? 0) + n);
    if (total === n || Math.floor(total / 10_000) !== Math.floor((total - n) / 10_000)) {
      diag.warn(`dynamo-logging: ${detail}; ${total} records dropped so far (reason ${reason})`);
    }
    meter()
      .createCounter('dynamo_logging_records_dropped', { description: 'Log records given up, by reason', unit: '{record}', valueType: ValueType.INT })
      .add(n, { backend: 'pipeline', reason });
  }

  dropAttributes(reason: string, n: number, detail: string): void {
    const total = (this.attributes[reason] = (this.attributes[reason] ?? 0) + n);
    if (total === n || Math.floor(total / 10_000) !== Math.floor((total - n) / 10_000)) {
      diag.warn(`dynamo-logging: ${detail}; ${total} attributes cut so far (reason ${reason})`);
    }
    meter()
      .createCounter('dynamo_logging_attributes_dropped', { description: 'Log record attributes cut by a limit, by reason', unit: '{attribute}', valueType: ValueType.INT })
      .add(n, { reason });
  }

  recordsDropped(): Readonly<Record<string, number>> {
    return { ...this.records };
  }

  attributesDropped(): Readonly<Record<string, number>> {
    return { ...this.attributes };
  }
}

function meter() {
  return metrics.getMeterProvider().getMeter('@dynamo-logging/core', '0.1.0');
}
