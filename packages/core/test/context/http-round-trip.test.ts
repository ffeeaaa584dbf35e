import { expect } from 'chai';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { LogContainer } from '../../src/container';
import { requestContextHandler, withRequestContext } from '../../src/context/http';
import { injectRequestContext } from '../../src/context/request-context';
import { formatDynamoLine } from '../../src/jsonl/format-line';
import { useContextManager } from '../helpers/pipeline';
import type { Tracer } from '@opentelemetry/api';

const TRACE_ID = '80196f3e3a6fdf06d23bb9ada3788518';
const CALLER_SPAN = 'f7e487a9d2a6bf38';
const X_REQUEST_ID = 'client-req-77';
const REQUEST_ID = '8372eac7-5f43-4d76-beca-0a94cfb311d0';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}
function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP round trip: incoming traceparent to every line and to the outgoing call', () => {
  let restoreContext: () => void;
  let container: LogContainer;
  let exporter: InMemoryLogRecordExporter;
  let downstream: Server;
  let downstreamPort: number;
  let seenDownstream: IncomingHttpHeaders[];

  before(async () => {
    restoreContext = useContextManager();
    seenDownstream = [];
    downstream = createServer((req, res) => {
      seenDownstream.push(req.headers);
      res.end('ok');
    });
    downstreamPort = await listen(downstream);
  });

  beforeEach(() => {
    exporter = new InMemoryLogRecordExporter();
    container = LogContainer.start({ exporter, level: 'debug', registerGlobal: false, exitHooks: false, env: {} });
    seenDownstream.length = 0;
  });

  afterEach(async () => {
    await container.shutdown();
  });

  after(async () => {
    await close(downstream);
    restoreContext();
  });

  async function serveOne(tracer: Tracer | undefined): Promise<Array<Record<string, unknown>>> {
    const log = container.createLogger('dynamo.http');
    const server = createServer(
      requestContextHandler(
        async (_req, res) => {
          log.info('received request');
          await new Promise((r) => setTimeout(r, 2));
          log.debug('calling downstream');
          await get(downstreamPort, '/work', injectRequestContext({}));
          log.info('downstream answered', { model: 'Qwen/Qwen3-0.6B' });
          res.end('done');
        },
        tracer ? { tracer } : {},
      ),
    );
    const port = await listen(server);
    try {
      // A log outside any request: must not pick up the request's ids.
      log.info('between requests');
      const reply = await get(port, '/v1/chat/completions', {
        traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
        tracestate: 'rojo=00f067aa0ba902b7',
        'x-request-id': X_REQUEST_ID,
        'request-id': REQUEST_ID,
      });
      expect(reply.body).to.equal('done');
    } finally {
      await close(server);
    }
    await container.exportLogs();
    return exporter.getFinishedLogRecords().map((r) => JSON.parse(formatDynamoLine(r)) as Record<string, unknown>);
  }

  function checkRequestLines(lines: Array<Record<string, unknown>>): string {
    const outside = lines.filter((l) => l['message'] === 'between requests');
    expect(outside).to.have.length(1);
    expect(outside[0]).to.not.have.any.keys('trace_id', 'span_id', 'x_request_id', 'request_id', 'parent_id');
    const inRequest = lines.filter((l) => l['message'] !== 'between requests');
    expect(inRequest.map((l) => l['message'])).to.deep.equal(['received request', 'calling downstream', 'downstream answered']);
    const spanId = inRequest[0]!['span_id'] as string;
    expect(spanId).to.match(/^[0-9a-f]{16}$/).and.not.equal(CALLER_SPAN);
    for (const line of inRequest) {
      expect(line).to.include({
        trace_id: TRACE_ID,
        span_id: spanId,
        parent_id: CALLER_SPAN,
        tracestate: 'rojo=00f067aa0ba902b7',
        x_request_id: X_REQUEST_ID,
        request_id: REQUEST_ID,
        target: 'dynamo.http',
        span_name: 'http-request',
      });
    }
    expect(seenDownstream).to.have.length(1);
    expect(seenDownstream[0]).to.include({
      traceparent: `00-${TRACE_ID}-${spanId}-01`,
      tracestate: 'rojo=00f067aa0ba902b7',
      'x-request-id': X_REQUEST_ID,
      'request-id': REQUEST_ID,
    });
    return spanId;
  }

  it('with an SDK tracer: a server span child of the caller, span_name on every line', async () => {
    const spans = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
    const lines = await serveOne(provider.getTracer('test'));
    const spanId = checkRequestLines(lines);
    for (const line of lines.filter((l) => l['message'] !== 'between requests')) expect(line['span_name']).to.equal('http-request');
    const finished = spans.getFinishedSpans();
    expect(finished).to.have.length(1);
    expect(finished[0]!.spanContext().spanId).to.equal(spanId);
    expect(finished[0]!.parentSpanContext?.spanId).to.equal(CALLER_SPAN);
    expect(finished[0]!.attributes).to.include({ method: 'GET', uri: '/v1/chat/completions' });
    await provider.shutdown();
  });

  it('without any TracerProvider: a non-recording request span still gives span_id and parent_id', async () => {
    const lines = await serveOne(undefined);
    checkRequestLines(lines);
  });

  it('withRequestContext runs a function in the request context and ends the span when it settles', async () => {
    const spans = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
    const tracer = provider.getTracer('test');
    const log = container.createLogger('dynamo.http');
    const server = createServer((req, res) => {
      void withRequestContext(
        req,
        async () => {
          log.warn('slow path');
          await new Promise((r) => setTimeout(r, 1));
          throw new Error('boom');
        },
        { tracer },
      ).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    const port = await listen(server);
    const reply = await get(port, '/x', { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, 'x-dynamo-request-id': REQUEST_ID });
    await close(server);
    expect(reply.status).to.equal(500);
    await container.exportLogs();
    const [line] = exporter.getFinishedLogRecords().map((r) => JSON.parse(formatDynamoLine(r)) as Record<string, unknown>);
    expect(line).to.include({ trace_id: TRACE_ID, parent_id: CALLER_SPAN, request_id: REQUEST_ID, level: 'WARN' });
    const [span] = spans.getFinishedSpans();
    expect(span!.status.code).to.equal(2);
    expect(span!.events.map((e) => e.name)).to.deep.equal(['exception']);
    await provider.shutdown();
  });

  it('keeps a server span another instrumentation already made active, adding only the request ids', () => {
    const spans = new InMemorySpanExporter();
    const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }).getTracer('http-instrumentation');
    const log = container.createLogger('dynamo.http');
    const req = { headers: { 'x-request-id': X_REQUEST_ID, traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` }, method: 'GET', url: '/' } as unknown as IncomingMessage;
    let outerId = '';
    tracer.startActiveSpan('GET', (outer) => {
      outerId = outer.spanContext().spanId;
      withRequestContext(req, () => log.info('inside'), { tracer });
      expect(spans.getFinishedSpans()).to.have.length(0);
      outer.end();
    });
    return container.exportLogs().then(() => {
      const [line] = exporter.getFinishedLogRecords().map((r) => JSON.parse(formatDynamoLine(r)) as Record<string, unknown>);
      expect(line).to.include({ span_id: outerId, x_request_id: X_REQUEST_ID, span_name: 'GET' });
      expect(spans.getFinishedSpans().map((s) => s.name)).to.deep.equal(['GET']);
    });
  });
});
