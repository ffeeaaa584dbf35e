import type { DiskQueueHooks } from '../../../src/delivery/disk-queue';

/** DiskQueue hooks that only record what they are told, for tests that drive a DiskQueue directly. */
export function recordingHooks(events: string[] = []): DiskQueueHooks {
  return {
    onCorrupt: (n, d) => events.push(`corrupt ${n} ${d}`),
    onAvailable: () => undefined,
    onWarning: (m) => events.push(`warning ${m}`),
    onLost: (n, d) => events.push(`lost ${n} ${d}`),
  };
}
