import { expect } from 'chai';
import { SeverityNumber } from '../../src/otel-line';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { LogContainer } from '../../src/container';
import { formatDynamoLine } from '../../src/jsonl/format-line';
import { RedactionProcessor } from '../../src/processors/redaction-processor';
import { buildPipeline } from '../helpers/pipeline';
import { SECRET_CORPUS, sensitiveObject } from '../helpers/secret-corpus';

function leaks(lines: readonly string[], secrets: readonly string[]): string[] {
  return secrets.filter((s) => lines.some((line) => line.includes(s) || line.includes(JSON.stringify(s).slice(1, -1))));
}

describe('RedactionProcessor', () => {
  it(`masks a corpus of ${SECRET_CORPUS.length} secret shapes in messages, string attributes and nested values (LoggerProvider path)`, async () => {
    expect(SECRET_CORPUS.length).to.be.at.least(40);
    const p = buildPipeline();
    const log = p.provider.getLogger('dynamo.test');
    for (const c of SECRET_CORPUS) {
      log.emit({ severityNumber: SeverityNumber.INFO, body: c.text, attributes: { detail: c.text, nested: { list: [c.text], note: c.text } } });
    }
    const lines = await p.rawLines();
    expect(lines).to.have.length(SECRET_CORPUS.length);
    const leaked = SECRET_CORPUS.filter((c, i) => leaks([lines[i]!], c.secrets).length > 0).map((c) => c.name);
    expect(leaked).to.deep.equal([]);
    for (const line of lines) expect(line).to.include('[REDACTED]');
  });

  it('masks the same corpus through the Logger facade of a LogContainer', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const container = LogContainer.start({ exporter, processors: [new RedactionProcessor()], registerGlobal: false, exitHooks: false, env: {} });
    try {
      const log = container.createLogger('dynamo.facade');
      for (const c of SECRET_CORPUS) {
        log.info(c.text, { detail: c.text });
        log.error(new Error(c.text), 'request failed', { body: { text: c.text } });
      }
      await container.exportLogs();
      const lines = exporter.getFinishedLogRecords().map((r) => formatDynamoLine(r));
      expect(lines).to.have.length(SECRET_CORPUS.length * 2);
      const leaked = SECRET_CORPUS.filter((c) => leaks(lines, c.secrets).length > 0).map((c) => c.name);
      expect(leaked).to.deep.equal([]);
    } finally {
      await container.shutdown();
    }
  });

  it('replaces values of sensitive keys at any depth and any spelling, keeping token counts', async () => {
    const p = buildPipeline();
    const { value, secrets } = sensitiveObject();
    const snapshot = JSON.stringify(value);
    p.provider.getLogger('t').emit({ severityNumber: SeverityNumber.INFO, body: { request: value } as never, attributes: { ...(value as Record<string, never>), password: 1234, 'http.request.header.authorization': ['Bearer abc'] } });
    const [line] = await p.rawLines();
    expect(leaks([line!], secrets)).to.deep.equal([]);
    expect(line).to.not.include('1234');
    expect(line).to.not.include('Bearer abc');
    const parsed = JSON.parse(line!) as Record<string, unknown>;
    expect(parsed).to.include({ input_tokens: 12, output_tokens: 40, user: 'bob', Password: '[REDACTED]', hf_token: '[REDACTED]' });
    // The caller's object is not modified.
    expect(JSON.stringify(value)).to.equal(snapshot);
    expect(p.redaction!.stats().recordsRedacted).to.equal(1);
  });

  it('leaves ordinary log lines untouched', async () => {
    const ordinary = [
      'Registering new stream',
      'GET /v1/chat/completions 200 in 12ms',
      'input_tokens=12 output_tokens=40 max_tokens=100',
      'tokenizer=llama3 loaded from /models/Qwen3-0.6B',
      'Bearer token missing',
      'Basic authentication failed',
      'design=flat signal=on author=John',
      'https://example.com/path?x=1&page=2',
      'trace 80196f3e3a6fdf06d23bb9ada3788518 span f7e487a9d2a6bf38',
      'request 8372eac7-5f43-4d76-beca-0a94cfb311d0 done',
    ];
    const p = buildPipeline();
    const log = p.provider.getLogger('t');
    for (const text of ordinary) log.emit({ severityNumber: SeverityNumber.INFO, body: text, attributes: { model: 'Qwen/Qwen3-0.6B', method: 'POST', ttft_ms: 12.5 } });
    const lines = await p.lines();
    expect(lines.map((l) => l['message'])).to.deep.equal(ordinary);
    expect(p.redaction!.stats()).to.deep.equal({ recordsRedacted: 0, keysRedacted: 0, valuesMasked: 0 });
  });

  it('takes extra keys and patterns, a replacement, and can drop the defaults or be disabled', async () => {
    const p = buildPipeline({
      redaction: {
        keys: ['customer_ssn'],
        patterns: [/\b\d{3}-\d{2}-\d{4}\b/, { pattern: /card=(\d{12,19})/, group: 1 }],
        replacement: '***',
      },
    });
    p.provider.getLogger('t').emit({ severityNumber: SeverityNumber.INFO, body: 'ssn 123-45-6789 card=4111111111111111', attributes: { 'Customer-SSN': '123456789', token: 'abc' } });
    const [line] = await p.lines();
    expect(line).to.include({ message: 'ssn *** card=***', 'Customer-SSN': '***', token: '***' });

    const only = buildPipeline({ redaction: { defaultKeys: false, defaultPatterns: false, keys: ['pin'] } });
    only.provider.getLogger('t').emit({ severityNumber: SeverityNumber.INFO, body: 'password=hunter2', attributes: { pin: '0000', password: 'x' } });
    expect((await only.lines())[0]).to.include({ message: 'password=hunter2', pin: '[REDACTED]', password: 'x' });

    const off = buildPipeline({ redaction: { enabled: false } });
    off.provider.getLogger('t').emit({ severityNumber: SeverityNumber.INFO, body: 'password=hunter2' });
    expect((await off.lines())[0]).to.include({ message: 'password=hunter2' });
  });

  it('copes with cycles and deep nesting in the body without throwing', async () => {
    const p = buildPipeline();
    const cyclic: Record<string, unknown> = { name: 'loop', password: 'p1' };
    cyclic['self'] = cyclic;
    let deep: Record<string, unknown> = { secret: 'bottom' };
    for (let i = 0; i < 100; i++) deep = { next: deep };
    const log = p.provider.getLogger('t');
    log.emit({ severityNumber: SeverityNumber.INFO, body: cyclic as never });
    log.emit({ severityNumber: SeverityNumber.INFO, body: deep as never });
    const records = (await p.provider.forceFlush(), p.exporter.getFinishedLogRecords());
    expect(records).to.have.length(2);
    const first = records[0]!.body as Record<string, unknown>;
    expect(first['password']).to.equal('[REDACTED]');
    expect(first['self']).to.equal('[Circular]');
    expect(JSON.stringify(records[1]!.body)).to.not.include('bottom');
  });
});
