import { expect } from 'chai';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DiskQueue } from '../../src/delivery/disk-queue';
import { recordingHooks } from './helpers/disk-hooks';
import { makeRecords, useTempDir } from '@dynamo-logging/test-kit';

async function waitForAck(dir: string, segment: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const ack = JSON.parse(await fs.readFile(path.join(dir, 'ack.json'), 'utf8')) as { segment: number };
      if (ack.segment >= segment) return;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('ack.json never written');
}

describe('DiskQueue files: private and durable', () => {
  const rootOf = useTempDir('dyn-dq-files-');

  it('creates its directory 0700 and its segment and ack files 0600, whatever the umask allows', async function () {
    if (process.platform === 'win32') this.skip();
    const previous = process.umask(0o022);
    try {
      const dir = path.join(rootOf(), 'parent', 'queue');
      const queue = await DiskQueue.open(dir, 1000, 1 << 20, recordingHooks());
      await queue.push(makeRecords(0, 3));
      const lease = await queue.take(10);
      queue.complete(lease!);
      await waitForAck(dir, 1);
      await queue.close();
      expect((await fs.stat(dir)).mode & 0o777).to.equal(0o700);
      for (const name of await fs.readdir(dir)) {
        expect((await fs.stat(path.join(dir, name))).mode & 0o777, name).to.equal(0o600);
      }
      expect(await fs.readdir(dir)).to.include('ack.json');
    } finally {
      process.umask(previous);
    }
  });

  it("fsyncs ack.json's data before the rename and the directory after it", async () => {
    const dir = path.join(rootOf(), 'queue');
    const queue = await DiskQueue.open(dir, 1000, 1 << 20, recordingHooks());
    const events: string[] = [];
    const realOpen = fs.open;
    const realRename = fs.rename;
    (fs as { open: unknown }).open = async (file: string, ...rest: unknown[]) => {
      const fh = await (realOpen as (...a: unknown[]) => Promise<import('node:fs/promises').FileHandle>)(file, ...rest);
      const realSync = fh.sync.bind(fh);
      fh.sync = async () => {
        events.push(`sync ${path.basename(file)}`);
        return realSync();
      };
      return fh;
    };
    (fs as { rename: unknown }).rename = async (from: string, to: string) => {
      events.push(`rename ${path.basename(from)} ${path.basename(to)}`);
      return realRename(from, to);
    };
    try {
      await queue.push(makeRecords(0, 2));
      queue.complete((await queue.take(10))!);
      await waitForAck(dir, 1);
      await queue.close();
    } finally {
      (fs as { open: unknown }).open = realOpen;
      (fs as { rename: unknown }).rename = realRename;
    }
    const ackEvents = events.filter((e) => e.includes('ack') || e === 'sync queue');
    const i = ackEvents.indexOf('sync ack.json.tmp');
    expect(i, events.join(', ')).to.be.at.least(0);
    expect(ackEvents.slice(i, i + 3)).to.deep.equal(['sync ack.json.tmp', 'rename ack.json.tmp ack.json', 'sync queue']);
  });
});
