import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Which line shape to write: Dynamo's JSONL line, or pino's default line. */
export type InputShape = 'dynamo' | 'pino';

const TARGETS = ['dynamo.http', 'dynamo_llm::kv_router::scheduler', 'dynamo.vllm.handlers', 'dynamo.frontend'];
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR'];
const PINO_LEVELS: Record<string, number> = { TRACE: 10, DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50 };
const STACK = 'UpstreamError: decode worker unavailable\n    at handle (src/server.ts:49:25)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)';

/**
 * A mixed workload, not a constant one: messages and ids change per line,
 * attributes of several types (strings, ints, doubles, a nested object),
 * most lines inside a span, one in fifty an error with a stack trace.
 */
function record(i: number): Record<string, unknown> {
  const level = LEVELS[i % LEVELS.length]!;
  const r: Record<string, unknown> = {
    time: new Date(Date.UTC(2025, 9, 31, 21, 0, 0) + i).toISOString().replace('Z', String(i % 1000).padStart(3, '0') + 'Z'),
    level,
    target: TARGETS[i % TARGETS.length],
    message: `request ${i} ${level === 'ERROR' ? 'failed' : 'completed'} after ${i % 977} ms`,
    method: i % 3 === 0 ? 'GET' : 'POST',
    uri: '/v1/chat/completions',
    status_code: level === 'ERROR' ? 503 : 200,
    input_tokens: i % 4096,
    ttft_ms: (i % 1000) / 7,
    x_request_id: `req-${i >> 2}`,
  };
  if (i % 5 === 0) r['usage'] = { prompt: i % 100, completion: [1, 2, 3], cached: i % 2 === 0 };
  if (i % 4 !== 3) {
    r['trace_id'] = randomBytes(16).toString('hex');
    r['span_id'] = randomBytes(8).toString('hex');
    r['span_name'] = 'http-request';
  }
  if (level === 'ERROR' && i % 50 < 7) {
    r['exception.type'] = 'UpstreamError';
    r['exception.message'] = 'decode worker unavailable';
    r['exception.stacktrace'] = STACK;
  }
  return r;
}

function dynamoLine(r: Record<string, unknown>): string {
  const { time, level, target, message, ...rest } = r;
  const sorted: Record<string, unknown> = { time, level, target, message };
  for (const key of Object.keys(rest).sort()) sorted[key] = rest[key];
  return JSON.stringify(sorted);
}

function pinoLine(r: Record<string, unknown>): string {
  const { time, level, message, ...rest } = r;
  return JSON.stringify({ level: PINO_LEVELS[level as string], time: Date.parse(time as string), pid: 4242, hostname: 'frontend-7d9f', ...rest, msg: message });
}

/** Writes `lines` lines of the given shape to `path`; resolves to the bytes written. */
export async function makeInput(path: string, shape: InputShape, lines: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (let i = 0; i < lines; i += 1000) {
    let chunk = '';
    for (let j = i; j < Math.min(lines, i + 1000); j++) chunk += (shape === 'dynamo' ? dynamoLine(record(j)) : pinoLine(record(j))) + '\n';
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
