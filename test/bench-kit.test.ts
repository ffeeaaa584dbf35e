import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { logChunked, median } from '@dynamo-logging/bench-kit';
import { startFloor } from '@dynamo-logging/bench-kit/floor';
import { BenchReceiver } from '@dynamo-logging/bench-kit/receiver';

/** The bench kit decides the lost and duplicated columns of every bench table: it must count right. */
describe('bench kit', () => {
  let receiver: BenchReceiver;
  afterEach(async () => receiver?.close());

  it('counts each record once per request by its mark, duplicates across requests, and what never came', async () => {
    receiver = new BenchReceiver({ mark: /bench-msg-(\d+)/g });
    const url = await receiver.listen();
    receiver.reset(4);
    const hec = (text: string) => fetch(`${url}/services/collector/event`, { method: 'POST', headers: { 'content-encoding': 'gzip' }, body: gzipSync(text) });
    expect((await hec('{"event":"bench-msg-0 a bench-msg-0"}{"event":"bench-msg-1"}')).status).to.equal(200);
    await hec('{"event":"bench-msg-1"}{"event":"bench-msg-9"}');
    expect([receiver.unique, receiver.duplicates, receiver.lost(), receiver.requests]).to.deep.equal([2, 1, 2, 2]);
  });

  it('answers a _bulk as Elasticsearch does and, when asked, counts documents that are not JSON', async () => {
    receiver = new BenchReceiver({ mark: /"req-(\d+)"/g, checkDocuments: true });
    const url = await receiver.listen();
    receiver.reset(2);
    const res = await fetch(`${url}/_bulk`, { method: 'POST', body: '{"create":{}}\n{"request_id":"req-0"}\n{"create":{}}\n{"request_id":"req-1"\n' });
    expect(await res.json()).to.deep.equal({ took: 1, errors: false, items: [{ create: { status: 201, result: 'created' } }, { create: { status: 201, result: 'created' } }] });
    expect([receiver.unique, receiver.invalid]).to.deep.equal([2, 1]);
  });

  it('the floor counts every record logged, chunk by chunk', async () => {
    const floor = startFloor({ 'service.name': 'bench' }, { maxQueueSize: 5000, maxExportBatchSize: 512, scheduledDelayMillis: 5 });
    const seen: number[] = [];
    await logChunked((i) => {
      seen.push(i);
      floor.emit(`m${i}`, { i: String(i) });
    }, 10, 2510);
    expect(seen).to.have.length(2500);
    expect(seen[0]).to.equal(10);
    expect(await floor.drain(2500, 5000)).to.equal(2500);
    await floor.provider.shutdown();
    expect(median([3, 1, 2])).to.equal(2);
  });
});
