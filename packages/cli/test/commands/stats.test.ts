import { join } from 'node:path';
import { expect } from 'chai';
import type { StatsReport } from '../../src/stats-collector';
import { FIXTURES, requireBuild, runBin } from '../helpers/run-bin';

const INPUT = join(FIXTURES, 'filter-input.jsonl');

describe('dynamo-logs stats', function () {
  this.timeout(60_000);
  before(requireBuild);

  it('--json counts by level, target and error type, the top request ids, and the time span', async () => {
    const result = await runBin(['stats', '--json', '--top', '3', INPUT]);
    expect(result.code).to.equal(0);
    const report = JSON.parse(result.stdout) as StatsReport;
    expect(report).to.deep.include({ lines: 21, records: 19, notJson: 2, approximate: false });
    expect(report.levels).to.deep.equal({ ERROR: 3, WARN: 3, INFO: 8, DEBUG: 4, TRACE: 1, other: 0 });
    expect(report.targets).to.deep.equal([
      { key: 'dynamo.http', count: 7 },
      { key: 'dynamo.vllm', count: 2 },
      { key: 'dynamo.vllm.handlers', count: 2 },
    ]);
    expect(report.errorTypes).to.deep.equal([
      { key: 'NatsError', count: 1 },
      { key: 'UpstreamError', count: 1 },
      { key: 'torch.OutOfMemoryError', count: 1 },
    ]);
    expect(report.topRequestIds).to.deep.equal([
      { key: '8372eac7-5f43-4d76-beca-0a94cfb311d0', count: 5 },
      { key: '5d0f3c9e-71b2-4e8a-9c3d-0f1e2d3c4b5a', count: 4 },
      { key: 'c1a8f0d2-93e4-4b7a-8a57-2d4a9f0e6b11', count: 2 },
    ]);
    expect(report.timeSpan).to.deep.equal({ first: '2025-10-31T21:00:01.012345Z', last: '2025-10-31T21:10:00.000000Z', seconds: 598.987655 });
  });

  it('prints text for a person without --json, control characters escaped', async () => {
    const result = await runBin(['stats'], { input: '{"time":"2025-10-31T21:06:45.397194Z","level":"ERROR","target":"x\\u001b[2J","message":"m","exception.type":"E"}\n' });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(
      [
        'lines      1 (1 records, 0 not JSON)',
        'time span  2025-10-31T21:06:45.397194Z .. 2025-10-31T21:06:45.397194Z (0 s)',
        'levels     ERROR 1  WARN 0  INFO 0  DEBUG 0  TRACE 0',
        'targets',
        '  1  x\\u001b[2J',
        'error types (exception.type)',
        '  1  E',
        'top request ids (request_id, else x_request_id), by lines',
        '  (none)',
        '',
      ].join('\n'),
    );
  });

  it('counts only what the filters select', async () => {
    const result = await runBin(['stats', '--json', '--level', 'warn', '--target', 'dynamo.vllm*', INPUT]);
    const report = JSON.parse(result.stdout) as StatsReport;
    expect(report.lines).to.equal(21);
    expect(report.records).to.equal(2);
    expect(report.levels).to.deep.include({ ERROR: 1, WARN: 1 });
  });
});
