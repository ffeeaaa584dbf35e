/**
 * One contender in its own process (run by e2e.ts): logs N records of one
 * shape, waits until the parent's receiver has counted them all (or gives
 * up), and reports main-thread active time (event-loop utilization), CPU of
 * all threads, wall time and peak RSS from the first call to the last ack.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { startSink } from './contenders';
import { attributesFor, CHUNK, messageFor, type Shape } from './workload';

export interface ContenderResult {
  /** Event-loop active time (wall clock while running callbacks: includes time the OS gave the core to another thread). */
  readonly mainMs: number;
  /** CPU time of the main thread alone (Linux /proc per-thread counters, 10 ms ticks). */
  readonly mainCpuMs: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly maxRssMb: number;
}

const [name = '', url = '', shapeText = 'mixed', countText = '100000'] = process.argv.slice(2);
const shape = shapeText as Shape;
const N = Number(countText);
const WARMUP = 5000;
const TICKS_PER_SECOND = 100;

// Every contender pays for the same tracing set-up; only `mixed` logs inside a span.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new TracerProvider();
trace.setGlobalTracerProvider(tracerProvider);
const tracer = trace.getTracer('bench');

/** utime + stime of this process's main thread, in ms (its thread id is the process id). */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

function message<T>(predicate: (m: Record<string, unknown>) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>): void => {
      const value = predicate(m);
      if (value === undefined) return;
      process.off('message', on);
      resolve(value);
    };
    process.on('message', on);
  });
}

async function logRange(log: (seq: number) => void, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += CHUNK) {
    const end = Math.min(to, i + CHUNK);
    if (shape === 'mixed') {
      const span = tracer.startSpan('http-request');
      context.with(trace.setSpan(context.active(), span), () => {
        for (let j = i; j < end; j++) log(j);
      });
      span.end();
    } else {
      for (let j = i; j < end; j++) log(j);
    }
    await yieldToLoop();
  }
}

async function main(): Promise<void> {
  const sink = await startSink(name, url);
  const contender = { log: (seq: number) => sink.log(messageFor(shape, seq), attributesFor(shape, seq)), close: () => sink.close() };
  // Warm-up records carry marks past N, which the receiver ignores.
  await logRange(contender.log, N, N + WARMUP);
  await new Promise((r) => setTimeout(r, 1500));
  const go = message((m) => (m['go'] ? true : undefined));
  process.send!({ warm: true });
  await go;
  const done = message((m) => (m['done'] ? true : undefined));
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const mainCpu0 = mainThreadCpuMs();
  const t0 = performance.now();
  await logRange(contender.log, 0, N);
  process.send!({ logged: true });
  await done;
  const wallMs = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const result: ContenderResult = { mainMs: elu.active, mainCpuMs: mainThreadCpuMs() - mainCpu0, cpuMs: (cpu.user + cpu.system) / 1000, wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.send!({ result });
  await Promise.race([contender.close(), new Promise((r) => setTimeout(r, 3000))]);
  process.exit(0);
}

void main();
