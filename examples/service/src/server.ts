import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import { requestContextHandler, type LogContainer } from '@dynamo-logging/core';

class UpstreamError extends Error {
  override name = 'UpstreamError';
}

/**
 * A small Dynamo frontend. `requestContextHandler` gives each request a server
 * span (a child of an incoming `traceparent`) and puts `x-request-id` /
 * `request-id` in its context, so every line logged inside carries
 * trace_id, span_id, parent_id, x_request_id and request_id.
 */
export function createFrontend(container: LogContainer): Server {
  const http = container.createLogger('dynamo.http', { component: 'frontend' });

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const log = http.child({ method: req.method ?? 'GET', uri: req.url ?? '/' });
    const finish = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      log.info('request completed', { status_code: status, 'request.outcome': status < 400 ? 'success' : 'error' });
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
      trace.getActiveSpan()?.recordException(err);
      log.error(err, 'request failed', { model: 'llama-3-8b' });
      return finish(503, { error: err.message });
    }
    log.warn('no such route');
    finish(404, { error: 'not found' });
  };

  return createServer(requestContextHandler(handle, { generateRequestId: true }));
}
