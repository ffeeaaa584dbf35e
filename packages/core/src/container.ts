import { diag } from '@opentelemetry/api';
import { loggerConfig, registerGlobalLoggerProvider, SeverityNumber, unregisterGlobalLoggerProvider } from './otel-line';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { exporterForBackend, type ModuleImporter } from './backend-loader';
import { resolveConfig, type BackendName, type ResolvedConfig } from './config/resolve';
import type { ContainerOptions } from './container-options';
import type { DeliveryStats } from './delivery/types';
import { ConfigurationError } from './errors';
import { installDefaultDiag } from './diag/stderr-diag-logger';
import { installExitHooks } from './exit-hooks';
import { consoleExporter } from './jsonl/console-exporter';
import { DynamoLogger, LoggerFailures, type Attributes, type Logger } from './logger';
import { CountingBatchLogRecordProcessor } from './processors/counting-batch-processor';
import { SemanticConventionProcessor, type SemanticConventionStats } from './processors/semantic-convention-processor';
import { TraceContextProcessor } from './processors/trace-context-processor';
import { RedactionProcessor, type RedactionStats } from './processors/redaction-processor';
import { SamplingProcessor, type SamplingStats } from './processors/sampling-processor';
import { SpanBufferingProcessor, type SpanBufferingStats, type SpanEndListener } from './processors/span-buffering-processor';
import { ExceptionEventsProcessor, SpanEventsProcessor } from './processors/span-events-processor';
import { requestContextStats, type RequestContextStats } from './context/request-context';
import { renamedKeyCount } from './processors/reserved-keys';
import { nestedValuesCut, toAnyValue, wellFormed } from './sanitize';
import { SwitchableExporter } from './switchable-exporter';

/** Counters of the whole pipeline, readable from code. */
export interface ContainerStats {
  /** Log calls through this container's loggers that failed inside the library and were skipped (reported through diag). */
  readonly loggerFailures: number;
  /** Records the batch processor dropped because its queue was full. */
  readonly batchQueueDropped: number;
  /** Records lost before the exporter, by reason: `batch_queue_full`, `after_shutdown` (also on `dynamo_logging_records_dropped`, backend `pipeline`). */
  readonly dropped: Readonly<Record<string, number>>;
  /**
   * Attributes cut from records, by reason: `attribute_count_limit` (the SDK keeps 128 per record
   * unless OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT says otherwise), `nested_limit` (nested maps keep 256
   * keys, arrays 4096 items; counted for the whole process).
   */
  readonly attributesDropped: Readonly<Record<string, number>>;
  /** Attributes kept under `attr.<key>` because the line writes that key itself (`time`, `level`, `message`, `target`, a non-numeric `line`, the empty key). */
  readonly attributesRenamed: number;
  readonly semconv: SemanticConventionStats;
  readonly redaction?: RedactionStats;
  readonly sampling?: SamplingStats;
  readonly spanBuffering?: SpanBufferingStats;
  readonly requestContext: RequestContextStats;
  /** The exporter's own counters when it has them (every HTTP exporter does). */
  readonly exporter?: DeliveryStats;
}

const FLUSH_ON_EXIT_TIMEOUT_MS = 10_000;

function attributesDropped(fromLimits: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
  const nested = nestedValuesCut();
  return nested > 0 ? { ...fromLimits, nested_limit: nested } : fromLimits;
}

function isTty(): boolean {
  return Boolean(process.stderr.isTTY);
}

/**
 * Resolves the config with the library's own reports visible: unless a diag
 * logger is set (or `diagnostics: false`), one writing Dynamo lines to stderr is
 * installed first, so a bad env value found while resolving is seen too; its
 * format follows the resolved console format.
 */
function resolveWithDiagnostics(options: ContainerOptions): ResolvedConfig {
  const stderr = options.diagnostics === false ? undefined : installDefaultDiag({ format: isTty() ? 'readable' : 'jsonl', localTime: false });
  const config = resolveConfig(options, isTty());
  if (stderr !== undefined) {
    stderr.options.format = config.consoleFormat;
    stderr.options.localTime = config.localTime;
  }
  return config;
}

/**
 * One per process: owns the LoggerProvider and its pipeline
 * (enforcement -> trace fields -> user processors -> batch -> exporter),
 * hands out loggers, and flushes on exit.
 */
export class LogContainer {
  readonly loggerProvider: LoggerProvider;
  readonly resource: Resource;
  private readonly config: ResolvedConfig;
  private readonly options: ContainerOptions;
  private readonly exporter: SwitchableExporter;
  private readonly batch: CountingBatchLogRecordProcessor;
  private readonly semconv: SemanticConventionProcessor;
  private readonly redaction: RedactionProcessor | undefined;
  private readonly sampling: SamplingProcessor | undefined;
  private readonly buffering: SpanBufferingProcessor | undefined;
  private readonly spanEvents: SpanEventsProcessor;
  /** This container's loggers report their failures here, so its stats count only its own. */
  private readonly loggerFailures = new LoggerFailures();
  private readonly removeExitHooks: (() => void) | undefined;
  private readonly isGlobal: boolean;
  private shutdownPromise: Promise<void> | undefined;
  private lastFlush: Promise<void> = Promise.resolve();

  /** Starts a container; records go to `options.exporter`, or to Dynamo JSONL on stderr. */
  static start(options: ContainerOptions = {}): LogContainer {
    const config = resolveWithDiagnostics(options);
    const exporter =
      options.exporter ?? consoleExporter({ format: config.consoleFormat, localTime: config.localTime, ansi: config.ansi && isTty(), delivery: config.delivery });
    return new LogContainer(options, config, exporter);
  }

  /**
   * Starts a container configured by the environment alone: `DYN_LOGGING_BACKEND`
   * (`jsonl|otlp|loki|splunk|elastic`) picks the exporter, loading
   * `@dynamo-logging/exporter-<name>` when needed.
   */
  static async fromEnv(options: ContainerOptions = {}, importer?: ModuleImporter): Promise<LogContainer> {
    const config = resolveWithDiagnostics(options);
    const exporter = options.exporter ?? (await exporterForBackend({ backend: config.backend, config, env: options.env ?? process.env, queue: options.queue, isTty: isTty(), importer }));
    return new LogContainer(options, config, exporter);
  }

  private constructor(options: ContainerOptions, config: ResolvedConfig, exporter: LogRecordExporter) {
    this.options = options;
    this.config = config;
    this.resource = resourceFromAttributes(config.resource);
    this.exporter = new SwitchableExporter(exporter);
    this.batch = new CountingBatchLogRecordProcessor({ exporter: this.exporter, ...config.batch });
    this.semconv = new SemanticConventionProcessor({ unknownKeys: config.unknownKeys });
    this.redaction = options.redaction === false ? undefined : new RedactionProcessor(options.redaction ?? {});
    // Sampling and buffering decide whether a record goes on at all, so they
    // wrap the batch processor instead of sitting beside it.
    let tail: LogRecordProcessor = this.batch;
    if (options.spanBuffering !== undefined) {
      this.buffering = new SpanBufferingProcessor(tail, options.spanBuffering === true ? {} : options.spanBuffering);
      tail = this.buffering;
    }
    if (options.sampling !== undefined) {
      // With buffering, sampling must not throw away a failing span's debug lines before the buffer sees them.
      const deferInSpan = this.buffering ? (options.spanBuffering === true ? undefined : options.spanBuffering?.levels) ?? ['trace', 'debug'] : undefined;
      this.sampling = new SamplingProcessor(tail, { ...(deferInSpan ? { deferInSpan } : {}), ...options.sampling });
      tail = this.sampling;
    }
    const processors: LogRecordProcessor[] = [
      this.semconv,
      new TraceContextProcessor(),
      ...(this.redaction ? [this.redaction] : []),
      ...(options.exceptionEvents ? [new ExceptionEventsProcessor()] : []),
      ...(options.processors ?? []),
      tail,
    ];
    const levels = config.levels;
    this.loggerProvider = new LoggerProvider({
      resource: this.resource,
      processors,
      logRecordLimits: {
        ...(config.attributeCountLimit !== undefined ? { attributeCountLimit: config.attributeCountLimit } : {}),
        ...(config.attributeValueLengthLimit !== undefined ? { attributeValueLengthLimit: config.attributeValueLengthLimit } : {}),
      },
      // DYN_LOG applies to every logger, bridged ones included, not just the facade.
      loggerConfigurator: (scope) => {
        const min = levels.minSeverity(scope.name);
        return loggerConfig(min !== Number.POSITIVE_INFINITY, Number.isFinite(min) ? (min as SeverityNumber) : SeverityNumber.UNSPECIFIED);
      },
    });
    this.spanEvents = new SpanEventsProcessor({ loggerProvider: this.loggerProvider, enabled: options.spanEvents ?? config.spanEvents });
    this.isGlobal = options.registerGlobal === false ? false : this.registerGlobal();
    this.removeExitHooks = options.exitHooks === false ? undefined : installExitHooks({
      flush: () => this.shutdown(),
      timeoutMillis: FLUSH_ON_EXIT_TIMEOUT_MS,
      flushSync: () => this.flushSync(),
      flushOnly: () => this.exportLogs(),
    });
  }

  private registerGlobal(): boolean {
    const registered = registerGlobalLoggerProvider(this.loggerProvider);
    if (!registered) {
      diag.warn('dynamo-logging: another LoggerProvider is already global; OTel bridges (pino, winston) will not reach this container');
    }
    return registered;
  }

  /**
   * The span processor to register on the TracerProvider
   * (`new TracerProvider({ spanProcessors: [container.spanProcessor()] })`):
   * it tells span buffering when spans end and writes the span lines when enabled.
   */
  spanProcessor(): SpanEndListener {
    const listeners: SpanEndListener[] = [this.spanEvents as unknown as SpanEndListener];
    if (this.buffering) listeners.push(this.buffering.spanProcessor());
    return {
      onStart: (span, parentContext) => {
        for (const l of listeners) l.onStart(span, parentContext);
      },
      onEnd: (span) => {
        for (const l of listeners) l.onEnd(span);
      },
      forceFlush: async () => {
        await Promise.all(listeners.map((l) => l.forceFlush()));
      },
      shutdown: async () => {
        await Promise.all(listeners.map((l) => l.shutdown()));
      },
    };
  }

  /**
   * At process.exit(): records still in the batch queue go out synchronously
   * when the exporter can do so: the console / file JSONL exporter writes
   * them, an HTTP exporter on its delivery worker blocks until the worker has
   * delivered them and what it already held, up to its exit deadline. Even
   * with nothing left in the batch queue the exporter is asked, for that.
   */
  private flushSync(): void {
    const target = this.exporter.target as Partial<{ exportSync(records: ReadableLogRecord[]): boolean; stats(): DeliveryStats }>;
    const queued = this.batch.takeQueued();
    if (typeof target.exportSync === 'function' && target.exportSync(queued)) return;
    // Nothing can be sent any more (process.exit(), an uncaught exception): at least say how much is left.
    let left = queued.length;
    try {
      if (typeof target.stats === 'function') left += target.stats().queueDepth;
    } catch {
      // A broken stats() must not hide the records we do know about.
    }
    if (left > 0) {
      diag.warn(`dynamo-logging: ${left} log record(s) still queued when the process exited, not delivered (an on-disk queue keeps its share for the next process)`);
    }
  }

  /** A logger named `name` (Dynamo's `target`), its level from `level`/`DYN_LOG` directives. */
  createLogger(name: string, attributes?: Attributes): Logger {
    // Messages get U+FFFD for a lone surrogate; the name (the line's target) gets the same.
    const loggerName = typeof name === 'string' && name !== '' ? wellFormed(name) : 'default';
    const otel = this.loggerProvider.getLogger(loggerName);
    const min = this.config.levels.minSeverity(loggerName);
    const logger = new DynamoLogger(otel, loggerName, min, this.loggerFailures);
    if (attributes === undefined) return logger;
    const bound = toAnyValue(attributes);
    return bound && typeof bound === 'object' && !Array.isArray(bound) && !(bound instanceof Uint8Array) ? logger.child(bound as Attributes) : logger;
  }

  /**
   * Swaps the exporter at run time: everything queued so far is flushed to the
   * old one first. Takes an exporter or a backend name configured from env.
   */
  async configureBackend(target: LogRecordExporter | BackendName, importer?: ModuleImporter): Promise<void> {
    if (this.shutdownPromise) throw new ConfigurationError('configureBackend() called after shutdown()');
    let next: LogRecordExporter;
    if (typeof target === 'string') {
      next = await exporterForBackend({ backend: target, config: this.config, env: this.options.env ?? process.env, queue: this.options.queue, isTty: isTty(), importer });
    } else if (target && typeof target.export === 'function' && typeof target.shutdown === 'function') {
      next = target;
    } else {
      throw new ConfigurationError('configureBackend() takes a LogRecordExporter or one of jsonl|otlp|loki|splunk|elastic');
    }
    await this.batch.forceFlush();
    await this.exporter.swap(next);
  }

  /** Flushes everything queued to the backend; resolves when the exporter has it. */
  exportLogs(): Promise<void> {
    // The SDK's batch processor returns at once from a flush asked for while
    // another runs, leaving newer records queued: flushes are chained instead.
    const next = this.lastFlush.then(() => this.flushOnce());
    this.lastFlush = next.catch(() => undefined);
    return next;
  }

  private async flushOnce(): Promise<void> {
    await this.loggerProvider.forceFlush();
    // The batch processor may flush the exporter before its last in-flight
    // batch has reached export(); a second flush covers that batch too.
    await this.exporter.forceFlush();
  }

  /** Flushes, then stops the pipeline and the exporter. Safe to call more than once. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.removeExitHooks?.();
      // A flush still running would make the batch processor's final flush return early.
      await this.lastFlush;
      try {
        await this.loggerProvider.shutdown();
      } finally {
        if (this.isGlobal) unregisterGlobalLoggerProvider(this.loggerProvider);
        this.countLateRecords();
      }
    })();
    return this.shutdownPromise;
  }

  /**
   * After shutdown the SDK's loggers return from emit() without a word, and
   * loggers handed out earlier (facade and bridges) still call it. Each one's
   * emit now counts the record instead: nothing on the logging path pays for
   * a check while the container runs. The map is private to the SDK; the
   * pinned version names it `_sharedState.loggers` and a test fails if it changes.
   */
  private countLateRecords(): void {
    const shared = (this.loggerProvider as unknown as { _sharedState?: { loggers?: Map<string, { emit: unknown }> } })._sharedState;
    const drops = this.batch.drops;
    for (const otel of shared?.loggers?.values() ?? []) {
      otel.emit = () => drops.dropRecords('after_shutdown', 1, 'a record was logged after shutdown()');
    }
  }

  stats(): ContainerStats {
    const target = this.exporter.target as Partial<{ stats(): DeliveryStats }>;
    return {
      loggerFailures: this.loggerFailures.count,
      batchQueueDropped: this.batch.dropped(),
      dropped: this.batch.drops.recordsDropped(),
      attributesDropped: attributesDropped(this.batch.drops.attributesDropped()),
      attributesRenamed: renamedKeyCount(),
      semconv: this.semconv.stats(),
      ...(this.redaction ? { redaction: this.redaction.stats() } : {}),
      ...(this.sampling ? { sampling: this.sampling.stats() } : {}),
      ...(this.buffering ? { spanBuffering: this.buffering.stats() } : {}),
      requestContext: requestContextStats(),
      ...(typeof target.stats === 'function' ? { exporter: target.stats() } : {}),
    };
  }

  /** Settings after options, env and defaults were merged (for diagnostics and tests). */
  get settings(): ResolvedConfig {
    return this.config;
  }
}
