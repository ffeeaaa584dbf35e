// The "done when" service: with the OTel line it was installed with, the @dynamo-logging packages ship
// records through the Elasticsearch exporter to a bulk receiver on 127.0.0.1, and each record logged
// inside a span must carry that span's trace id. Prints one RESULT line; exits non-zero on failure.
'use strict';
const http = require('node:http');
const zlib = require('node:zlib');
const api = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { TracerProvider } = require('@opentelemetry/sdk-trace');
const { createElasticContainer } = require('@dynamo-logging/exporter-elastic');

function startBulkReceiver() {
  const documents = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const lines = body.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const items = [];
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const op = Object.keys(lines[i])[0];
        documents.push(lines[i + 1]);
        items.push({ [op]: { status: 201, result: 'created' } });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ took: 1, errors: false, items }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, documents, url: `http://127.0.0.1:${server.address().port}` })));
}

async function main() {
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const receiver = await startBulkReceiver();
  const container = createElasticContainer({
    url: receiver.url,
    resource: { 'service.name': 'scratch', namespace: 'dynamo', component: 'ci' },
    env: {},
    exitHooks: false,
  });
  const tracer = new TracerProvider().getTracer('scratch');
  const expected = {};
  tracer.startActiveSpan('facade', (span) => {
    expected['from the facade'] = span.spanContext().traceId;
    container.createLogger('scratch.facade').info('from the facade', { case: 'facade' });
    span.end();
  });
  // The application's own Logs API reaches the container's global provider: part of
  // @opentelemetry/api from 1.10 (3.x), the api-logs package before (2.x).
  const logsApi = api.logs ?? require('@opentelemetry/api-logs').logs;
  tracer.startActiveSpan('logs-api', (span) => {
    expected['from the Logs API'] = span.spanContext().traceId;
    logsApi.getLogger('scratch.api').emit({ severityNumber: 9 /* INFO */, body: 'from the Logs API', attributes: { case: 'logs-api' } });
    span.end();
  });
  await container.exportLogs();
  await container.shutdown();
  receiver.server.close();

  const seen = Object.fromEntries(receiver.documents.map((d) => [d.message, d['trace.id']]));
  const ok = Object.keys(expected).every((k) => /^[0-9a-f]{32}$/.test(expected[k]) && seen[k] === expected[k]);
  console.log('RESULT ' + JSON.stringify({ ok, node: process.version, api: JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, 'node_modules/@opentelemetry/api/package.json'), 'utf8')).version, expected, seen, documents: receiver.documents.length }));
  if (!ok) {
    console.log(JSON.stringify(receiver.documents, null, 1));
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
