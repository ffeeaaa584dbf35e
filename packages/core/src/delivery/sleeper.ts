import { REAL_CLOCK, type ClockTimer, type DeliveryClock } from './delivery-clock';

/**
 * The sender's waits: backoff sleeps and the exporter-wide pause a server
 * asks for with `Retry-After`, on the exporter's clock. Timers are unref'd (an idle or backing-off
 * exporter never holds the process open) and all cut short by `cancel()`.
 */
export class Sleeper {
  private readonly sleeps = new Set<{ timer: ClockTimer; resolve: () => void }>();
  private pausedUntil = 0;
  private cancelled = false;

  constructor(private readonly clock: DeliveryClock = REAL_CLOCK) {}

  sleep(ms: number): Promise<void> {
    if (this.cancelled || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: this.clock.setWait(() => {
          this.sleeps.delete(entry);
          resolve();
        }, Math.ceil(ms)),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }

  /** No request goes out before `ms` from now (extends, never shortens, a pause in force). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Resolves once no pause is in force. */
  async gate(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntil - this.clock.now();
      if (wait <= 0 || this.cancelled) return;
      await this.sleep(wait);
    }
  }

  cancel(): void {
    this.cancelled = true;
    for (const entry of this.sleeps) {
      this.clock.clearTimeout(entry.timer);
      entry.resolve();
    }
    this.sleeps.clear();
  }
}
