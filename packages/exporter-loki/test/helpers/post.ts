import { gzipSync } from 'node:zlib';
import type { EncodedRequest } from '@dynamo-logging/core/delivery';

/** Sends an encoded request as the delivery layer would, and returns Loki's answer. */
export async function post(base: string, request: EncodedRequest, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const gzip = request.compression !== 'none';
  const body = gzip ? gzipSync(request.body) : request.body;
  const res = await fetch(base + (request.path ?? '/loki/api/v1/push'), {
    method: 'POST',
    headers: { ...(request.headers ?? {}), ...(gzip ? { 'Content-Encoding': 'gzip' } : {}), ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}
