import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { LogContainer } from '@dynamo-logging/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UpstreamError extends Error {
  override name = 'UpstreamError';
}

/**
 * A small Dynamo frontend: one server span per request (child of an incoming
 * `traceparent`), the request ids on every line, a route that fails.
 */
export function createFrontend(container: LogContainer): Server {
  const tracer = trace.getTracer('dynamo.frontend');
  const http = container.createLogger('dynamo.http', { component: 'frontend' });

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan('http-request', { kind: SpanKind.SERVER }, parent);
    context.with(trace.setSpan(parent, span), () => {
      const header = req.headers['x-request-id'];
      const requestIdHeader = req.headers['request-id'];
      const log = http.child({
        request_id: typeof requestIdHeader === 'string' && UUID.test(requestIdHeader) ? requestIdHeader : randomUUID(),
        ...(typeof header === 'string' ? { x_request_id: header } : {}),
        method: req.method ?? 'GET',
        uri: req.url ?? '/',
      });
      const finish = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
        log.info('request completed', { status_code: status, 'request.outcome': status < 400 ? 'success' : 'error' });
        span.setStatus({ code: status < 500 ? SpanStatusCode.UNSET : SpanStatusCode.ERROR });
        span.end();
      };

      log.debug('Registering new stream');
      if (req.url === '/health') return finish(200, { status: 'ok' });
      if (req.url === '/v1/chat/completions' && req.method === 'POST') {
        let raw = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (raw += chunk));
        // Stream callbacks run in the context the socket was created in: bind them to the request's.
        req.on('end', context.bind(context.active(), () => {
          let model = 'unknown';
          try {
            model = String((JSON.parse(raw) as { model?: unknown }).model ?? 'unknown');
          } catch {
            log.warn('request body is not JSON', { model });
          }
          const inputTokens = raw.length;
          const outputTokens = 16 + (inputTokens % 32);
          log.info('chat completion served', { model, input_tokens: inputTokens, output_tokens: outputTokens, ttft_ms: 12.5, avg_itl_ms: 3.25 });
          finish(200, { model, choices: [{ message: { role: 'assistant', content: 'ok' } }] });
        }));
        return;
      }
      if (req.url === '/v1/fail') {
        const err = new UpstreamError('decode worker unavailable', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
        span.recordException(err);
        log.error(err, 'request failed', { model: 'llama-3-8b' });
        return finish(503, { error: err.message });
      }
      log.warn('no such route');
      finish(404, { error: 'not found' });
    });
  });
}
