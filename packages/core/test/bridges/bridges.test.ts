import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SECRET_CORPUS } from '../helpers/secret-corpus';

const FIXTURE = join(__dirname, 'fixtures', 'bridge-child.ts');
const BRIDGE_PACKAGE = { pino: '@opentelemetry/instrumentation-pino', winston: '@opentelemetry/winston-transport' } as const;

/** The installed version of a package, named in the test titles so a run shows which OTel line it bridged. */
function installedVersion(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === name) return pkg.version ?? '?';
  }
  return '?';
}

interface ChildResult {
  lines: Array<Record<string, unknown>>;
  raw: string;
  stats: {
    sampling: { kept: Record<string, number>; dropped: Record<string, number> };
    redaction: { recordsRedacted: number };
    /** The span that was active around the `semconv` record, as the tracer saw it. */
    active: { traceId: string; spanId: string };
  };
}

function runChild(which: 'pino' | 'winston'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', FIXTURE, which],
      { timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, DYN_LOG: '', OTEL_LOG_LEVEL: 'none' } },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${which} child failed: ${error.message}\n${stderr}`));
          return;
        }
        const lines: Array<Record<string, unknown>> = [];
        let stats: ChildResult['stats'] | undefined;
        for (const line of stdout.split('\n')) {
          if (line.startsWith('LINE ')) lines.push(JSON.parse(line.slice(5)) as Record<string, unknown>);
          else if (line.startsWith('STATS ')) stats = JSON.parse(line.slice(6)) as ChildResult['stats'];
        }
        if (!stats) {
          reject(new Error(`${which} child printed no stats\n${stderr}`));
          return;
        }
        resolve({ lines, raw: stdout, stats });
      },
    );
  });
}

for (const which of ['pino', 'winston'] as const) {
  describe(`${which} bridge (${BRIDGE_PACKAGE[which]} ${installedVersion(BRIDGE_PACKAGE[which])}) lands in the pipeline`, function () {
    this.timeout(90_000);
    let result: ChildResult;
    before(async () => {
      result = await runChild(which);
    });

    it(`masks all ${SECRET_CORPUS.length} secret shapes in messages, attributes and exceptions`, () => {
      const leaked = SECRET_CORPUS.filter((c) => c.secrets.some((s) => result.raw.includes(s) || result.raw.includes(JSON.stringify(s).slice(1, -1))));
      expect(leaked.map((c) => c.name)).to.deep.equal([]);
      for (const c of SECRET_CORPUS) {
        const mine = result.lines.filter((l) => l['case'] === c.name);
        expect(mine.map((l) => l['level']), c.name).to.deep.equal(['INFO', 'ERROR']);
        expect(String(mine[1]!['exception.message'])).to.include('[REDACTED]');
      }
    });

    it('applies semantic conventions and carries the trace and span ids of the active span', () => {
      const [line] = result.lines.filter((l) => l['case'] === 'semconv');
      expect(line).to.include({ method: 'POST', input_tokens: 12, span_name: 'http-request', message: 'in span' });
      expect(line).to.not.have.property('http.request.method');
      expect(result.stats.active.traceId).to.match(/^[0-9a-f]{32}$/);
      expect(line).to.include({ trace_id: result.stats.active.traceId, span_id: result.stats.active.spanId });
    });

    it('samples debug records per trace, all or none, and counts them', () => {
      const byTrace = new Map<string, number>();
      for (const line of result.lines.filter((l) => l['case'] === 'sampling')) {
        const id = line['trace_id'] as string;
        byTrace.set(id, (byTrace.get(id) ?? 0) + 1);
      }
      for (const count of byTrace.values()) expect(count).to.equal(3);
      expect(byTrace.size).to.be.greaterThan(0).and.lessThan(200);
      const untraced = result.lines.filter((l) => l['case'] === 'untraced').length;
      const { kept, dropped } = result.stats.sampling;
      expect(kept['debug']).to.equal(byTrace.size * 3 + untraced);
      expect(kept['debug']! + dropped['debug']!).to.equal(200 * 3 + 400);
      expect(untraced).to.be.greaterThan(0).and.lessThan(400);
    });
  });
}
