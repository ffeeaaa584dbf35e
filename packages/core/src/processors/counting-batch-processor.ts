import { BatchLogRecordProcessor, type BatchLogRecordProcessorOptions, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { PipelineDrops } from './pipeline-drops';

const DEFAULT_MAX_QUEUE_SIZE = 2048;

/**
 * The SDK's BatchLogRecordProcessor, except that a record it drops because its
 * queue is full is counted (reason `batch_queue_full`) and reported, instead
 * of vanishing into a metric nobody may be reading.
 */
export class CountingBatchLogRecordProcessor extends BatchLogRecordProcessor {
  private readonly capacity: number;
  private droppedCount = 0;
  private stopped = false;
  readonly drops: PipelineDrops;

  constructor(options: BatchLogRecordProcessorOptions, drops = new PipelineDrops()) {
    super(options);
    this.capacity = options.maxQueueSize ?? DEFAULT_MAX_QUEUE_SIZE;
    this.drops = drops;
  }

  override shutdown(): Promise<void> {
    this.stopped = true;
    return super.shutdown();
  }

  /**
   * Takes every record still waiting in the batch queue, for a synchronous
   * write when the process exits (process.exit() leaves no time for an export).
   */
  takeQueued(): ReadWriteLogRecord[] {
    const queue = (this as unknown as { _finishedLogRecords?: ReadWriteLogRecord[] })._finishedLogRecords;
    return queue === undefined ? [] : queue.splice(0, queue.length);
  }

  /** Records dropped because the batch queue was full. */
  dropped(): number {
    return this.droppedCount;
  }

  override onEmit(record: ReadWriteLogRecord): void {
    // The SDK ignores a record after shutdown without a word: loggers handed out earlier still log.
    if (this.stopped) {
      this.drops.dropRecords('after_shutdown', 1, 'a record was logged after shutdown()');
      return;
    }
    // Every processor has run, so this is the record's final count of attributes the SDK's limit cut.
    const cut = record.droppedAttributesCount;
    if (cut > 0) this.drops.dropAttributes('attribute_count_limit', cut, 'a record had more attributes than the attribute count limit');
    // The queue is private to the SDK class; the pinned version names it
    // `_finishedLogRecords` and a test fails if that ever changes.
    const queue = (this as unknown as { _finishedLogRecords?: unknown[] })._finishedLogRecords;
    if (queue !== undefined && queue.length >= this.capacity) {
      this.droppedCount++;
      this.drops.dropRecords('batch_queue_full', 1, `batch queue full (${this.capacity})`);
    }
    super.onEmit(record);
  }
}
