/**
 * The service under load in `npm run bench:service`: a small node:http
 * frontend that logs four lines per request, inside the request's span, with
 * the logging setup named on the command line. Prints its port on stdout.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { startSink } from './contenders';

// `<ours>-inline` (dynamo-loki-inline...) runs one of ours with delivery on the event loop instead of its worker thread.
const [name = 'none', url = ''] = process.argv.slice(2);

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new TracerProvider();
trace.setGlobalTracerProvider(tracerProvider);
const tracer = trace.getTracer('bench-frontend');

let seq = 0;

async function main(): Promise<void> {
  const sink = await startSink(name, url);
  const log = (message: string, attributes: Record<string, unknown>): void => sink.log(message, attributes);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const span = tracer.startSpan('http-request');
    context.with(trace.setSpan(context.active(), span), () => {
      const n = seq++;
      const requestId = `req-${process.pid}-${n}`;
      log(`request ${n} received`, { method: req.method, uri: req.url, x_request_id: requestId });
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', context.bind(context.active(), () => {
        let model = 'unknown';
        try {
          model = String((JSON.parse(raw) as { model?: unknown }).model ?? 'unknown');
        } catch {
          // the load generator always sends JSON
        }
        log(`routing request ${n} to a decode worker`, { model, input_tokens: raw.length, stream: (n & 1) === 0, worker: `decode-${n % 4}` });
        log('first token', { ttft_ms: 12.5 + (n % 7), usage: { prompt: raw.length, completion: 16 + (n % 32), cached: n % 5 === 0 } });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ model, choices: [{ message: { role: 'assistant', content: 'ok' } }] }));
        log(`request ${n} completed`, { status_code: 200, output_tokens: 16 + (n % 32), 'request.outcome': 'success' });
        span.end();
      }));
    });
  };
  const server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  process.once('SIGTERM', () => process.exit(0));
}

void main();
