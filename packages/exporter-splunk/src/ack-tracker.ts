import { diag } from '@opentelemetry/api';
import { REAL_CLOCK } from '@dynamo-logging/core/delivery';
import type { DeliveryClock, DeliveryTransport } from '@dynamo-logging/core/delivery';
import { HecCode, parseReply } from './hec-codes';

/** How a wait for one ackId ended. `disabled`: the token has indexer acknowledgment off, so HEC's success is all we get. */
export type AckResult = 'acked' | 'timeout' | 'disabled';

export interface AckSettings {
  readonly ackPath: string;
  readonly channel: string;
  readonly pollIntervalMillis: number;
  readonly timeoutMillis: number;
}

interface Pending {
  readonly deadline: number;
  readonly resolve: (result: AckResult) => void;
}

/**
 * Tracks the ackIds HEC handed out on this exporter's channel and polls
 * `POST /services/collector/ack` for all of them at once, so a request counts
 * as delivered only once the indexers have committed it.
 */
export class AckTracker {
  private readonly settings: AckSettings;
  private readonly pending = new Map<number, Pending>();
  private transport: DeliveryTransport | undefined;
  private timer: unknown;
  private polling = false;
  private inFlight: Promise<void> | undefined;
  private disabled = false;
  private closed = false;

  constructor(
    settings: AckSettings,
    /** @internal Deadlines in its `now()` ms, poll intervals as its waits. */ private readonly clock: DeliveryClock = REAL_CLOCK,
  ) {
    this.settings = settings;
  }

  /** Resolves when `ackId` is acknowledged, or after the ack timeout. */
  wait(ackId: number, transport: DeliveryTransport): Promise<AckResult> {
    if (this.disabled) return Promise.resolve('disabled');
    if (this.closed) return Promise.resolve('timeout');
    this.transport = transport;
    return new Promise<AckResult>((resolve) => {
      // An ackId reused on the channel (after a server restart) supersedes the old wait, which then resends.
      this.pending.get(ackId)?.resolve('timeout');
      this.pending.set(ackId, { deadline: this.clock.now() + this.settings.timeoutMillis, resolve });
      this.schedule();
    });
  }

  get size(): number {
    return this.pending.size;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed || this.pending.size === 0) return;
    this.timer = this.clock.setWait(() => {
      this.timer = undefined;
      void this.poll();
    }, this.settings.pollIntervalMillis);
  }

  /** Resolves once no acknowledgment poll is in flight (so none reaches the server after shutdown). */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  private poll(): Promise<void> {
    // A poll already running stays the one to wait for.
    if (this.polling && this.inFlight !== undefined) return this.inFlight;
    this.inFlight = this.pollOnce();
    return this.inFlight;
  }

  private async pollOnce(): Promise<void> {
    if (this.polling || this.transport === undefined) return;
    this.polling = true;
    try {
      const ids = [...this.pending.keys()];
      if (ids.length > 0) await this.ask(this.transport, ids);
    } catch (err) {
      diag.debug(`splunk: ack poll failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.polling = false;
    }
    const now = this.clock.now();
    for (const [id, p] of this.pending) {
      if (p.deadline <= now) {
        this.pending.delete(id);
        p.resolve('timeout');
      }
    }
    this.schedule();
  }

  private async ask(transport: DeliveryTransport, ids: number[]): Promise<void> {
    const response = await transport.send({
      method: 'POST',
      path: this.settings.ackPath,
      headers: { 'Content-Type': 'application/json', 'X-Splunk-Request-Channel': this.settings.channel },
      body: Buffer.from(JSON.stringify({ acks: ids })),
      compression: 'none',
    });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      let acks: unknown;
      try {
        acks = (JSON.parse(response.body.toString('utf8')) as { acks?: unknown }).acks;
      } catch {
        return;
      }
      if (acks === null || typeof acks !== 'object') return;
      for (const [id, ok] of Object.entries(acks as Record<string, unknown>)) {
        if (ok !== true) continue;
        const p = this.pending.get(Number(id));
        if (p === undefined) continue;
        this.pending.delete(Number(id));
        p.resolve('acked');
      }
      return;
    }
    const reply = parseReply(response.body);
    if (reply.code === HecCode.ACK_DISABLED) {
      diag.warn('splunk: `ack` is on but this HEC token has indexer acknowledgment disabled (code 14); relying on HEC success replies only');
      this.disabled = true;
      for (const p of this.pending.values()) p.resolve('disabled');
      this.pending.clear();
      return;
    }
    diag.debug(`splunk: ack poll answered HTTP ${response.statusCode}${reply.code !== undefined ? ` code ${reply.code}` : ''}`);
  }

  /** Ends every wait (as a timeout, so the records are not counted as delivered) and stops polling. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const p of this.pending.values()) p.resolve('timeout');
    this.pending.clear();
  }
}
