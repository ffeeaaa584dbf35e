import type { DeliveryStats } from '../types';

const EMPTY: DeliveryStats = {
  exported: 0,
  dropped: {},
  retried: 0,
  requests: {},
  bytesSent: 0,
  bytesUncompressed: 0,
  queueDepth: 0,
  queueBytes: 0,
  exportLatencyMs: { count: 0, sum: 0, max: 0 },
  diskFallbacks: 0,
};

function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>> | undefined): void {
  for (const [key, n] of Object.entries(from ?? {})) into[key] = (into[key] ?? 0) + n;
}

/** Levels of the delivery layer itself: what is queued now. */
const DELIVERY_LEVELS: readonly string[] = ['queueDepth', 'queueBytes'];

/**
 * One view of an exporter that delivered from a worker and then, after the
 * worker died, from the main thread: counters add up, and fields a backend
 * adds of its own (Loki's `truncated`...) are summed when numeric. Levels
 * (the queue's depth, a limit in force such as Elastic's `maxBodyBytes`) are
 * the live exporter's: the dead worker's queue was counted as lost.
 */
export function mergeStats(
  worker: DeliveryStats | undefined,
  fallback: DeliveryStats | undefined,
  localDrops: Readonly<Record<string, number>>,
  backendLevels: readonly string[] = [],
): DeliveryStats {
  const parts = [worker ?? EMPTY, ...(fallback ? [fallback] : [])];
  const live = parts[parts.length - 1]!;
  const levels = new Set([...DELIVERY_LEVELS, ...backendLevels]);
  const out: Record<string, unknown> = {};
  const dropped: Record<string, number> = {};
  const requests: Record<string, number> = {};
  const latency = { count: 0, sum: 0, max: 0 };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (levels.has(key)) out[key] = (live as unknown as Record<string, unknown>)[key] ?? value;
      else if (typeof value === 'number') out[key] = ((out[key] as number | undefined) ?? 0) + value;
      else if (!(key in out)) out[key] = value;
    }
    addCounts(dropped, part.dropped);
    addCounts(requests, part.requests);
    latency.count += part.exportLatencyMs?.count ?? 0;
    latency.sum += part.exportLatencyMs?.sum ?? 0;
    latency.max = Math.max(latency.max, part.exportLatencyMs?.max ?? 0);
  }
  addCounts(dropped, localDrops);
  return { ...(out as unknown as DeliveryStats), dropped, requests, exportLatencyMs: latency };
}
