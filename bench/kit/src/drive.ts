import { performance } from 'node:perf_hooks';

/** Records logged per event-loop turn: services log between I/O, not in one synchronous burst. */
export const CHUNK = 1000;

/** Logs records `from` to `to` (exclusive), CHUNK per turn, letting I/O run between chunks as a service's event loop would. */
export async function logChunked(log: (seq: number) => void, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += CHUNK) {
    const end = Math.min(to, i + CHUNK);
    for (let j = i; j < end; j++) log(j);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface Reading {
  readonly elapsedMs: number;
  /** process.cpuUsage() user + system, all threads, in µs. */
  readonly cpuMicros: number;
  readonly maxRssKb: number;
}

/** Starts the clocks; the function returned reads wall time, CPU of all threads and peak RSS since. */
export function startMeter(): () => Reading {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { elapsedMs, cpuMicros: cpu.user + cpu.system, maxRssKb: process.resourceUsage().maxRSS };
  };
}
