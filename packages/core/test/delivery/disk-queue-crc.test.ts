import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DiskQueue } from '../../src/delivery/disk-queue';
import { encodeFrame, parseFrames } from '../../src/delivery/frame';
import { recordingHooks } from './helpers/disk-hooks';
import { makeRecords } from '@dynamo-logging/test-kit';

describe('disk queue CRC: a changed byte that still decodes is caught', () => {
  it('parseFrames: a payload whose CRC does not match is skipped and counted', () => {
    const good = encodeFrame(Buffer.from('{"a":"record 1"}'));
    const bad = encodeFrame(Buffer.from('{"a":"record 2"}'));
    bad[bad.length - 3] = '9'.charCodeAt(0); // "record 9": still valid JSON
    const parsed = parseFrames(Buffer.concat([good, bad, good]), Number.POSITIVE_INFINITY);
    expect(parsed.payloads.map(String)).to.deep.equal(['{"a":"record 1"}', '{"a":"record 1"}']);
    expect(parsed.corrupt).to.equal(1);
  });

  it('DiskQueue: bit rot inside a record body never delivers the altered record', async () => {
    const dir = await fs.mkdtemp(path.join(tmpdir(), 'dyn-dq-crc-'));
    try {
      const first = await DiskQueue.open(dir, 1000, 1 << 20, recordingHooks());
      await first.push(makeRecords(0, 3));
      await first.close();
      const [segment] = (await fs.readdir(dir)).filter((n) => n.startsWith('segment-'));
      const file = path.join(dir, segment!);
      const bytes = await fs.readFile(file);
      const at = bytes.indexOf('record 1');
      expect(at).to.be.greaterThan(0);
      bytes[at + 7] = '7'.charCodeAt(0); // "record 7": the frame still parses and decodes
      await fs.writeFile(file, bytes);

      const events: string[] = [];
      const second = await DiskQueue.open(dir, 1000, 1 << 20, recordingHooks(events));
      const lease = await second.take(10);
      expect(lease!.records.map((r) => r.body)).to.deep.equal(['record 0', 'record 2']);
      expect(events.filter((e) => e.startsWith('corrupt'))).to.have.length(1);
      expect(events[0]).to.match(/^corrupt 1 /);
      await second.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
