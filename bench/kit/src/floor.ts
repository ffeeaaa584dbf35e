import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type BatchLogRecordProcessorOptions, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** An exporter that only counts and acknowledges: no encoding, no I/O. */
export class CountingExporter implements LogRecordExporter {
  counted = 0;
  private target = Infinity;
  private reached: () => void = () => undefined;

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.counted += records.length;
    if (this.counted >= this.target) this.reached();
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Resolves once `total` records have been counted, or after `timeoutMs` (a shortfall then shows as lost). */
  countedAll(total: number, timeoutMs: number): Promise<void> {
    if (this.counted >= total) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.target = total;
      this.reached = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

export interface Floor {
  /** Emits one INFO record straight into the SDK, as the `sdk-logs` contenders do. */
  emit(body: string, attributes: Record<string, string>): void;
  readonly exporter: CountingExporter;
  readonly provider: LoggerProvider;
  /** Flushes the provider and waits (up to `timeoutMs`) until `total` records were counted; returns how many were. */
  drain(total: number, timeoutMs: number): Promise<number>;
}

/**
 * The floor under every OpenTelemetry-SDK-based exporter: a bare sdk-logs
 * pipeline (BatchLogRecordProcessor, `batch` as the bench's sdk-logs contender
 * sets it) whose exporter only counts. Whatever an exporter does is paid on top
 * of this, so a CPU target against a peer is only meaningful against what this
 * leaves of it. It sends nothing: a bench takes its rate and CPU from its own count.
 */
export function startFloor(resource: Record<string, string>, batch: Omit<BatchLogRecordProcessorOptions, 'exporter'>): Floor {
  const exporter = new CountingExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes(resource), processors: [new BatchLogRecordProcessor({ exporter, ...batch })] });
  const logger = provider.getLogger('dynamo.http');
  return {
    emit: (body, attributes) => logger.emit({ body, severityNumber: 9, severityText: 'INFO', attributes }),
    exporter,
    provider,
    async drain(total, timeoutMs) {
      await provider.forceFlush();
      await exporter.countedAll(total, timeoutMs);
      return exporter.counted;
    },
  };
}
