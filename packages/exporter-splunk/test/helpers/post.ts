import { request } from 'node:http';
import { gzipSync } from 'node:zlib';

export interface RawResponse {
  status: number;
  body: any;
}

/** A plain HTTP call, for driving the receiver directly. */
export function post(url: string, path: string, body: string, headers: Record<string, string> = {}, options: { gzip?: boolean; method?: string } = {}): Promise<RawResponse> {
  const payload = options.gzip ? gzipSync(body) : Buffer.from(body);
  const all = { ...headers, ...(options.gzip ? { 'Content-Encoding': 'gzip' } : {}), 'Content-Length': String(payload.length) };
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: options.method ?? 'POST', headers: all, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
