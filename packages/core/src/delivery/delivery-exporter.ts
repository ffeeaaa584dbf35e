import { performance } from 'node:perf_hooks';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DeliveryRequestError, redactedCause } from '../errors';
import { backoffDelay } from './backoff';
import { resolveDeliveryConfig, type ResolvedDeliveryConfig } from './config';
import { REAL_CLOCK, type DeliveryClock, type DeliveryInternals } from './delivery-clock';
import { DeliveryDiag } from './delivery-diag';
import { StatsRecorder, statusClass } from './delivery-stats';
import type { DiskQueue } from './disk-queue';
import { DiskSlots } from './disk-slots';
import { FlushWaiters, withDeadline } from './flush-waiters';
import { HttpTransport, TransportError } from './http-transport';
import { MemoryQueue } from './memory-queue';
import type { Lease, RecordQueue } from './record-queue';
import { createRedactor, type Redactor } from './redact-secrets';
import { SelfMetrics } from './self-metrics';
import { Sleeper } from './sleeper';
import { encodeWithinLimit } from './split-requests';
import type { DeliveryBackend, DeliveryOptions, DeliveryResponse, DeliveryStats, DeliveryTransport, EncodedRequest, Outcome, TransportRequest } from './types';

/** A flush that gave up this recently makes shutdown() give up at once too. */
const RECENT_FLUSH_MS = 1000;

/** A lease being delivered, and how many of its records are still undecided. */
interface LiveLease {
  readonly queue: RecordQueue;
  readonly lease: Lease;
  unsettled: number;
}

/**
 * The `LogRecordExporter` every HTTP backend sits on. `export()` only queues
 * (memory, or disk when `queue.directory` is set) and answers at once; a
 * background sender drains the queue: encode, split by size, gzip, send over
 * keep-alive connections, classify, then deliver / retry with backoff / drop
 * with a counted reason.
 *
 * `export()` reports SUCCESS when at least one record of the call was queued
 * (the rest, if any, are dropped as `queue_full` and counted), FAILED when none
 * fit or after shutdown: the batch processor does not retry a failed export,
 * and a partial queue should not be reported as a total loss.
 */
export class DeliveryExporter implements LogRecordExporter {
  private readonly config: ResolvedDeliveryConfig;
  private readonly transport: HttpTransport;
  /** What backends get: sending only, not closing. */
  private readonly backendTransport: DeliveryTransport;
  private readonly redact: Redactor;
  private readonly diag: DeliveryDiag;
  private readonly metrics: SelfMetrics;
  private readonly recorder: StatsRecorder;
  private readonly memory: MemoryQueue;
  private readonly queues: RecordQueue[] = [];
  private disk: DiskQueue | undefined;
  private slots: DiskSlots | undefined;
  private diskReady: Promise<void> | undefined;
  private diskFailed = false;
  /** After a write error the disk is tried again from this time on (the clock's ms). */
  private diskRetryAt = 0;
  /** The disk is being tried again after a failure: a success is reported, a failure is not news. */
  private diskRetrying = false;
  private readonly pendingEnqueues = new Set<Promise<unknown>>();
  private readonly live = new Set<LiveLease>();
  private readonly workers: Promise<void>[] = [];
  private wakeWaiters: Array<() => void> = [];
  private readonly clock: DeliveryClock;
  private readonly sleeper: Sleeper;
  private readonly flushWaiters: FlushWaiters;
  private backendStarted: Promise<void> | undefined;
  private shuttingDown = false;
  private stopped = false;
  private shutdownPromise: Promise<void> | undefined;
  /** When the last flush ended at its deadline with records left (the clock's ms). */
  private lastFlushGaveUpAt: number | undefined;

  /** `internals` is for tests (a clock whose waits cost no real time); it is not a user option. */
  constructor(
    private readonly backend: DeliveryBackend,
    options: DeliveryOptions,
    /** @internal */ internals: DeliveryInternals = {},
  ) {
    this.clock = internals.clock ?? REAL_CLOCK;
    this.sleeper = new Sleeper(this.clock);
    this.flushWaiters = new FlushWaiters(this.clock);
    // An ordered backend sends one request at a time unless told otherwise: two in flight may land in either order.
    this.config = resolveDeliveryConfig(backend.ordered === true && options.maxConcurrentRequests === undefined ? { ...options, maxConcurrentRequests: 1 } : options);
    this.redact = createRedactor(this.config.secrets);
    this.diag = new DeliveryDiag(`DeliveryExporter(${backend.name} ${this.config.displayUrl}):`, this.redact);
    this.transport = new HttpTransport(this.config, this.clock);
    this.backendTransport = { send: (request) => this.transport.send(request) };
    this.metrics = new SelfMetrics(backend.name, options.meterProvider, () => this.depth());
    this.recorder = new StatsRecorder(this.metrics);
    this.memory = new MemoryQueue(this.config.queue.maxRecords, this.config.queue.maxBytes);
    if (this.config.tls.insecureSkipVerify === true && this.config.url.protocol === 'https:') {
      this.diag.warn('tls.insecureSkipVerify is set: the server certificate is NOT verified');
    }
    const directory = this.config.queue.directory;
    if (directory !== undefined) {
      const opening = DiskSlots.open(directory, this.config.queue.maxRecords, this.config.queue.maxBytes, {
        onCorrupt: (count, detail) => this.dropCounted(undefined, count, 'disk_corrupt', detail),
        onAvailable: () => this.wake(),
        onWarning: (message) => this.diag.summarised('disk_warning', 1, message),
        onLost: (count, detail) => this.dropCounted(undefined, count, 'disk_error', detail),
        onUnserializable: (count, detail) => this.dropCounted(undefined, count, 'unserializable', detail),
      });
      // export() waits on the open: an open that never ends would hold every record, uncounted, for ever.
      this.diskReady = withTimeout(opening, this.config.queue.openTimeoutMillis).then(
        (slots) => {
          if (slots === undefined) {
            this.failDisk(Object.assign(new Error(`not ready after ${this.config.queue.openTimeoutMillis} ms`), { code: 'ETIMEDOUT' }));
            void opening.then((late) => late.close(), () => undefined);
            return;
          }
          this.slots = slots;
          this.disk = slots.own;
          slots.onClaimed = (queue) => {
            this.queues.unshift(queue);
            this.wake();
          };
          // A dead process's backlog goes out first: it is the oldest.
          this.queues.unshift(...slots.drains, slots.own);
          this.wake();
        },
        (err: unknown) => this.failDisk(err),
      );
    }
    this.queues.push(this.memory);
    for (let i = 0; i < this.config.maxConcurrentRequests; i++) this.workers.push(this.worker());
  }

  /**
   * One request outside the log path (an index template, a health check),
   * with this exporter's endpoint, auth headers, TLS and keep-alive; secrets
   * are masked in any error it rejects with.
   */
  send(request: TransportRequest): Promise<DeliveryResponse> {
    return this.transport.send(request).catch((err: unknown) => {
      const cause = redactedCause(err, this.redact);
      throw new DeliveryRequestError('DYN_LOGGING_REQUEST_FAILED', cause.message, { cause });
    });
  }

  /**
   * Counts records an exporter dropped before handing them over (a line over
   * the backend's limit, say), so they show in stats() and the
   * dynamo_logging_records_dropped metric like every other drop.
   */
  countDropped(count: number, reason: string, detail?: string): void {
    this.dropCounted(undefined, count, reason, detail);
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (this.shuttingDown) {
      this.dropCounted(undefined, records.length, 'shutdown', 'export() after shutdown()');
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }
    if (records.length === 0) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    if (this.diskFailed && this.disk !== undefined && this.clock.now() >= this.diskRetryAt) {
      // A write error (ENOSPC, EIO) may pass: try the disk again rather than stay in memory for good.
      this.diskFailed = false;
      this.diskRetrying = true;
    }
    if (this.diskReady === undefined || this.diskFailed) {
      this.answer(records.length, this.memory.push(records), resultCallback);
      return;
    }
    const pending = this.enqueueDurably(records).then(
      (accepted) => this.answer(records.length, accepted, resultCallback),
      (err: unknown) => {
        this.diag.error(`could not queue records: ${err instanceof Error ? err.message : String(err)}`);
        this.dropCounted(undefined, records.length, 'queue_error');
        resultCallback({ code: ExportResultCode.FAILED, error: new Error('records could not be queued') });
      },
    );
    this.pendingEnqueues.add(pending);
    void pending.finally(() => this.pendingEnqueues.delete(pending));
  }

  private answer(total: number, accepted: number, resultCallback: (result: ExportResult) => void): void {
    if (accepted < total) this.dropCounted(undefined, total - accepted, 'queue_full', 'the delivery queue is at its bound');
    if (accepted > 0) this.wake();
    resultCallback(
      accepted > 0 ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: new Error('delivery queue full') },
    );
  }

  private async enqueueDurably(records: ReadableLogRecord[]): Promise<number> {
    await this.diskReady;
    if (this.disk !== undefined && !this.diskFailed) {
      try {
        const pushing = this.disk.push(records);
        // A write or fdatasync that never returns (a hung network mount) must not hold these records,
        // uncounted, for ever: past the bound they go to memory. Should the write end later, they
        // are on disk too and may be sent twice (at-least-once).
        const accepted = await withTimeout(pushing, this.config.queue.writeTimeoutMillis);
        if (accepted === undefined) {
          pushing.catch(() => undefined);
          throw Object.assign(new Error(`write not done after ${this.config.queue.writeTimeoutMillis} ms`), { code: 'ETIMEDOUT' });
        }
        if (this.diskRetrying) {
          this.diskRetrying = false;
          this.diag.warn(`on-disk queue ${this.config.queue.directory} is writable again; new records are durable again`);
        }
        return accepted;
      } catch (err) {
        this.failDisk(err);
      }
    }
    return this.memory.push(records);
  }

  private failDisk(err: unknown): void {
    if (this.diskFailed) return;
    this.diskFailed = true;
    this.diskRetryAt = this.clock.now() + this.config.queue.diskRetryMillis;
    // A retry that fails again is the same episode: reported and counted once.
    if (this.diskRetrying) return;
    this.recorder.diskFallback();
    const code = (err as NodeJS.ErrnoException)?.code;
    this.diag.error(
      `on-disk queue ${this.config.queue.directory} failed (${code ?? (err instanceof Error ? err.message : String(err))}); ` +
        `new records go to the memory queue, within its bounds, and are not durable; the disk is tried again every ${this.config.queue.diskRetryMillis} ms`,
    );
  }

  /** Counts and reports a drop; `live` is the lease the records belonged to, if any. */
  private dropCounted(live: LiveLease | undefined, count: number, reason: string, detail?: string): void {
    if (count <= 0) return;
    if (live !== undefined) live.unsettled -= count;
    this.recorder.drop(reason, count);
    this.diag.dropped(reason, count, detail);
  }

  // --- the background sender

  private async worker(): Promise<void> {
    while (!this.stopped) {
      try {
        const next = await this.nextLease();
        if (next === undefined) {
          await this.waitForWork();
          continue;
        }
        await this.deliver(next);
      } catch (err) {
        // A bug here must neither crash the process nor stop delivery; pause briefly so it cannot spin.
        this.diag.error(`delivery loop error: ${err instanceof Error ? err.message : String(err)}`);
        await this.sleeper.sleep(1000);
      }
    }
  }

  private async nextLease(): Promise<LiveLease | undefined> {
    for (const queue of this.queues) {
      while (queue.hasUntaken() && !this.stopped) {
        const lease = await queue.take(this.config.maxBatchRecords);
        if (lease !== undefined) {
          const live: LiveLease = { queue, lease, unsettled: lease.records.length };
          this.live.add(live);
          return live;
        }
      }
    }
    return undefined;
  }

  private waitForWork(): Promise<void> {
    if (this.stopped || this.queues.some((q) => q.hasUntaken())) return Promise.resolve();
    return new Promise((resolve) => this.wakeWaiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.wakeWaiters;
    this.wakeWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private startBackend(): Promise<void> {
    if (this.backendStarted === undefined) {
      this.backendStarted =
        this.backend.start === undefined
          ? Promise.resolve()
          : Promise.resolve()
              .then(() => this.backend.start!(this.backendTransport))
              .catch((err: unknown) => this.diag.warn(`backend start failed, sending anyway: ${err instanceof Error ? err.message : String(err)}`));
    }
    return this.backendStarted;
  }

  /** Sends one lease's records until each is delivered or dropped, or the exporter stops. */
  private async deliver(live: LiveLease): Promise<void> {
    const { retry } = this.config;
    await this.startBackend();
    let pending = live.lease.records;
    let attempt = 0;
    // Lowered when a server (or a proxy in front of it) answers 413: the records go again in smaller requests.
    let maxRecords = Number.POSITIVE_INFINITY;
    // When the retry budget (maxElapsedTimeMillis) started: the first attempt, or the last one whose records were
    // all held (credentials being fixed), since waiting on a hold is not failing.
    let startedAt = this.clock.now();
    while (pending.length > 0 && !this.stopped) {
      const requests = encodeWithinLimit(this.backend, pending, (count, reason, detail) => this.dropCounted(live, count, reason, detail), maxRecords);
      const finite: ReadableLogRecord[] = [];
      const forever: ReadableLogRecord[] = [];
      const resized: ReadableLogRecord[] = [];
      let afterMs = 0;
      let reason = '';
      for (let index = 0; index < requests.length; index++) {
        const request = requests[index]!;
        await this.sleeper.gate();
        if (this.stopped) break;
        const { outcome, status } = await this.sendAndClassify(request);
        this.release(request);
        if (status === 413 && request.records.length > 1 && (outcome.retry === undefined || outcome.retry.records.length === 0)) {
          // Refused for its size, and the backend would drop it whole: halve and resend at once, down to
          // single records, so only a record that is too large on its own is dropped (by the backend's rule).
          maxRecords = Math.min(maxRecords, Math.ceil(request.records.length / 2));
          resized.push(...request.records);
          this.diag.summarised('split:413', request.records.length, `the server refused a ${request.body.byteLength}-byte request (HTTP 413); sending its ${request.records.length} records in smaller requests`);
          if (this.backend.ordered !== true) continue;
          // The halves go before anything queued after them.
          this.holdBack(requests, index, resized);
          break;
        }
        let undelivered = 0;
        for (const drop of outcome.drop ?? []) {
          undelivered += drop.records.length;
          this.dropCounted(live, drop.records.length, drop.reason, drop.detail);
        }
        if (outcome.retry !== undefined && outcome.retry.records.length > 0) {
          undelivered += outcome.retry.records.length;
          (outcome.retry.untilDelivered === true ? forever : finite).push(...outcome.retry.records);
          if (outcome.retry.untilDelivered === true) {
            this.diag.summarised(`held:${outcome.retry.reason}`, outcome.retry.records.length, `records kept queued until the server accepts them (${outcome.retry.reason})`);
          }
          afterMs = Math.max(afterMs, outcome.retry.afterMs ?? 0);
          reason = outcome.retry.reason;
        }
        const delivered = Math.max(0, request.records.length - undelivered);
        live.unsettled -= delivered;
        this.recorder.delivered(delivered);
        if (this.backend.ordered === true && outcome.retry !== undefined && outcome.retry.records.length > 0) {
          // The later requests would land before this one's retry: they go after it, in the next attempt.
          this.holdBack(requests, index, finite);
          break;
        }
      }
      if (this.stopped) break;
      if (finite.length + forever.length === 0) {
        if (resized.length === 0) break;
        pending = this.backend.ordered === true ? inLeaseOrder(resized, live.lease.records) : resized;
        this.recorder.retry(pending.length);
        continue;
      }
      if (!retry.enabled) {
        this.dropCounted(live, finite.length + forever.length, 'retries_exhausted', `retry is disabled; last failure: ${reason}`);
        break;
      }
      // Backoff keeps growing through a hold, so a long credentials outage is not polled fast.
      if (finite.length === 0 && resized.length === 0) startedAt = this.clock.now();
      const delay = Math.max(backoffDelay(retry, attempt), afterMs);
      attempt += 1;
      if (this.clock.now() + delay - startedAt > retry.maxElapsedTimeMillis) {
        this.dropCounted(live, finite.length, 'retries_exhausted', `not delivered within ${retry.maxElapsedTimeMillis} ms; last failure: ${reason}`);
        pending = forever;
      } else {
        pending = finite.length === 0 ? forever : forever.length === 0 ? finite : [...finite, ...forever];
      }
      if (resized.length > 0) pending = [...resized, ...pending];
      if (this.backend.ordered === true) pending = inLeaseOrder(pending, live.lease.records);
      if (pending.length === 0) break;
      this.recorder.retry(pending.length);
      await this.sleeper.sleep(delay);
    }
    if (!this.stopped || live.unsettled <= 0) {
      this.live.delete(live);
      live.queue.complete(live.lease);
      this.flushWaiters.check();
    }
  }

  /** Keeps the records of the requests after `index` for the next attempt, unsent, and frees their bodies. */
  private holdBack(requests: readonly EncodedRequest[], index: number, into: ReadableLogRecord[]): void {
    for (let later = index + 1; later < requests.length; later++) {
      into.push(...requests[later]!.records);
      this.release(requests[later]!);
    }
  }

  private release(request: EncodedRequest): void {
    if (this.backend.release === undefined) return;
    try {
      this.backend.release(request);
    } catch (err) {
      this.diag.error(`release threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The outcome of one request, and the HTTP status it got (0 when no response came). */
  private async sendAndClassify(request: EncodedRequest): Promise<{ outcome: Outcome; status: number }> {
    const started = performance.now();
    let sent;
    try {
      sent = await this.transport.sendMeasured(request);
    } catch (err) {
      this.recorder.request('network', performance.now() - started, 0, 0);
      const code = err instanceof TransportError ? err.code : 'ERR_NETWORK';
      this.diag.summarised(`network:${code}`, 1, `request failed (${code}: ${err instanceof Error ? err.message : String(err)}); will retry`);
      return { outcome: { retry: { records: request.records, reason: code === 'ETIMEDOUT' ? 'timeout' : 'network' } }, status: 0 };
    }
    this.recorder.request(statusClass(sent.response.statusCode), performance.now() - started, sent.bytesSent, sent.bytesUncompressed);
    let outcome: Outcome;
    try {
      outcome = await this.backend.classify(sent.response, request, this.backendTransport);
    } catch (err) {
      // A classifier bug must not wedge the queue: the response cannot be understood, so the records go.
      this.diag.error(`classify threw: ${err instanceof Error ? err.message : String(err)}`);
      return { outcome: { drop: [{ records: request.records, reason: 'classify_error' }] }, status: sent.response.statusCode };
    }
    const afterMs = outcome.retry?.afterMs;
    if (afterMs !== undefined && afterMs > 0) {
      // The server asked for a pause: no request of this exporter goes out before it ends.
      this.sleeper.pauseFor(Math.min(afterMs, this.config.retry.maxElapsedTimeMillis));
      this.diag.summarised('pause', 1, `server asked to wait ${Math.round(afterMs)} ms (HTTP ${sent.response.statusCode}); pausing all requests`);
    }
    return { outcome, status: sent.response.statusCode };
  }

  // --- flush, shutdown, stats

  forceFlush(): Promise<void> {
    // After shutdown nothing is sent any more: whatever is left was counted or stays on disk.
    if (this.stopped) return Promise.resolve();
    // The SDK's batch processor flushes the exporter after every batch it hands over: with the backend
    // down, a full deadline each time would make one flush of N batches take N deadlines. Once a flush
    // has given up, the ones that follow it closely only check, so everything queued shares one deadline.
    return this.flush('forceFlush', this.gaveUpRecently() ? 0 : this.config.flushTimeoutMillis);
  }

  private async flush(caller: string, timeoutMillis = this.config.flushTimeoutMillis): Promise<void> {
    const deadline = this.clock.now() + timeoutMillis;
    const holder = setTimeout(() => undefined, timeoutMillis);
    try {
      // Records handed to export() whose disk write is still in progress count as queued.
      await withDeadline(Promise.allSettled([this.diskReady, ...this.pendingEnqueues]), deadline, this.clock);
      const { flushed, left } = await this.flushWaiters.wait(this.queues, deadline);
      if (!flushed) {
        const repeated = this.gaveUpRecently();
        this.lastFlushGaveUpAt = this.clock.now();
        // One line per streak of flushes that gave up, not one per batch of it; shutdown's always says what it leaves.
        if (!repeated || caller === 'shutdown') this.diag.warn(`${caller}: ${left} log record(s) not yet delivered after ${timeoutMillis} ms`);
      }
    } finally {
      clearTimeout(holder);
    }
  }

  /** A flush ended at its deadline with records left less than RECENT_FLUSH_MS ago. */
  private gaveUpRecently(): boolean {
    return this.lastFlushGaveUpAt !== undefined && this.clock.now() - this.lastFlushGaveUpAt < RECENT_FLUSH_MS;
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.shutdownOnce();
    return this.shutdownPromise;
  }

  private async shutdownOnce(): Promise<void> {
    this.shuttingDown = true;
    // The batch processor's shutdown calls forceFlush() and then shutdown(): when that
    // flush has just given up, waiting a second full deadline would only double the
    // time a process takes to exit with its backend down.
    await this.flush('shutdown', this.gaveUpRecently() ? 0 : this.config.flushTimeoutMillis);
    this.stopped = true;
    this.wake();
    this.sleeper.cancel();
    this.transport.close();
    await Promise.all(this.workers);
    let lost = this.memory.depth();
    for (const live of this.live) {
      if (live.queue === this.memory) lost -= live.lease.records.length - live.unsettled;
    }
    this.memory.abandon();
    this.live.clear();
    this.dropCounted(undefined, lost, 'shutdown', 'still queued in memory when shutdown() gave up');
    if (this.slots !== undefined) {
      const left = this.slots.depth();
      if (left > 0) this.diag.warn(`${left} log record(s) stay in ${this.config.queue.directory}; the next process using it sends them`);
      await this.slots.close();
    }
    this.flushWaiters.check();
    this.metrics.close();
    try {
      await this.backend.shutdown?.();
    } catch (err) {
      this.diag.warn(`backend shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  stats(): DeliveryStats {
    let bytes = 0;
    for (const q of this.queues) bytes += q.bytes();
    return this.recorder.snapshot(this.depth(), bytes);
  }

  private depth(): number {
    let depth = 0;
    for (const q of this.queues) depth += q.depth();
    return depth;
  }
}

/** Resolves with the value, or with undefined once `ms` have passed first. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** `records` sorted back into the order they have in the lease (an ordered backend's next attempt). */
function inLeaseOrder(records: ReadableLogRecord[], lease: readonly ReadableLogRecord[]): ReadableLogRecord[] {
  if (records.length < 2) return records;
  const wanted = new Set(records);
  return lease.filter((record) => wanted.has(record));
}
