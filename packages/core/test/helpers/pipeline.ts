import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchLogRecordProcessor, InMemoryLogRecordExporter, LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { formatDynamoLine } from '../../src/jsonl/format-line';
import { RedactionProcessor, type RedactionOptions } from '../../src/processors/redaction-processor';
import { SamplingProcessor, type SamplingOptions } from '../../src/processors/sampling-processor';
import { SemanticConventionProcessor } from '../../src/processors/semantic-convention-processor';
import { SpanBufferingProcessor, type SpanBufferingOptions } from '../../src/processors/span-buffering-processor';
import { TraceContextProcessor } from '../../src/processors/trace-context-processor';

export interface PipelineOptions {
  readonly redaction?: RedactionOptions | false;
  readonly sampling?: SamplingOptions;
  readonly spanBuffering?: SpanBufferingOptions;
  readonly random?: () => number;
}

/**
 * The container's pipeline, built the way the brief lays it out:
 * semconv -> trace context -> redaction -> sampling(span buffering(batch)).
 */
export function buildPipeline(options: PipelineOptions = {}) {
  const exporter = new InMemoryLogRecordExporter();
  const batch = new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 10, maxExportBatchSize: 512, maxQueueSize: 200_000 });
  const buffering = options.spanBuffering ? new SpanBufferingProcessor(batch, options.spanBuffering) : undefined;
  // With span buffering behind it, sampling leaves in-span buffered levels to the buffer (the wiring the container should use).
  const samplingOptions = options.sampling && options.spanBuffering
    ? { deferInSpan: options.spanBuffering.levels ?? (['trace', 'debug'] as const), ...options.sampling }
    : options.sampling;
  const sampling = samplingOptions ? new SamplingProcessor(buffering ?? batch, samplingOptions, options.random) : undefined;
  const redaction = options.redaction === false ? undefined : new RedactionProcessor(options.redaction ?? {});
  const processors: LogRecordProcessor[] = [new SemanticConventionProcessor(), new TraceContextProcessor()];
  if (redaction) processors.push(redaction);
  processors.push(sampling ?? buffering ?? batch);
  const provider = new LoggerProvider({ processors });
  return {
    provider,
    exporter,
    redaction,
    sampling,
    buffering,
    /** Flushes and returns every exported record as a parsed Dynamo JSONL line. */
    async lines(): Promise<Array<Record<string, unknown>>> {
      await provider.forceFlush();
      return exporter.getFinishedLogRecords().map((r) => JSON.parse(formatDynamoLine(r)) as Record<string, unknown>);
    },
    async rawLines(): Promise<string[]> {
      await provider.forceFlush();
      return exporter.getFinishedLogRecords().map((r) => formatDynamoLine(r));
    },
  };
}

/** Registers an AsyncLocalStorage context manager for a suite; returns the undo. */
export function useContextManager(): () => void {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  return () => {
    context.disable();
  };
}
