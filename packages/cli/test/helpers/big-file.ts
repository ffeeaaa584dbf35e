import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes about `megabytes` MB of Dynamo lines (a few shapes, changing values) to `path`. */
export async function writeBigFile(path: string, megabytes: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let lines = 0;
  const target = megabytes * 1e6;
  while (bytes < target) {
    let chunk = '';
    for (let i = 0; i < 1000; i++, lines++) {
      const us = String(lines % 1_000_000).padStart(6, '0');
      chunk +=
        `{"time":"2025-10-31T21:06:45.${us}Z","level":"${lines % 10 === 0 ? 'WARN' : 'INFO'}","file":"lib/llm/src/http/service/openai.rs","line":${lines % 400},` +
        `"target":"dynamo.http","message":"request ${lines} completed","method":"POST","request_id":"req-${lines % 5000}",` +
        `"span_id":"f7e487a9d2a6bf38","trace_id":"80196f3e3a6fdf06d23bb9ada3788518","uri":"/v1/chat/completions"}\n`;
    }
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return lines;
}
