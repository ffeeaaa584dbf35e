import { diag } from '@opentelemetry/api';
import { BatchLogRecordProcessor, type BatchLogRecordProcessorOptions, type ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

const DEFAULT_MAX_QUEUE_SIZE = 2048;

/**
 * The SDK's BatchLogRecordProcessor, except that a record it drops because its
 * queue is full is counted (reason `batch_queue_full`) and reported, instead
 * of vanishing into a metric nobody may be reading.
 */
export class CountingBatchLogRecordProcessor extends BatchLogRecordProcessor {
  private readonly capacity: number;
  private droppedCount = 0;

  constructor(options: BatchLogRecordProcessorOptions) {
    super(options);
    this.capacity = options.maxQueueSize ?? DEFAULT_MAX_QUEUE_SIZE;
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
    // The queue is private to the SDK class; the pinned version names it
    // `_finishedLogRecords` and a test fails if that ever changes.
    const queue = (this as unknown as { _finishedLogRecords?: unknown[] })._finishedLogRecords;
    if (queue !== undefined && queue.length >= this.capacity) {
      this.droppedCount++;
      if (this.droppedCount === 1 || this.droppedCount % 10_000 === 0) {
        diag.warn(`dynamo-logging: batch queue full (${this.capacity}); ${this.droppedCount} records dropped so far (reason batch_queue_full)`);
      }
    }
    super.onEmit(record);
  }
}
