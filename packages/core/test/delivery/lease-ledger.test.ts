import { expect } from 'chai';
import { LeaseLedger, type LedgerLease } from '../../src/delivery/lease-ledger';

function lease(count: number, bytes: number): LedgerLease {
  return { records: [], bytes, count, done: false };
}

describe('LeaseLedger', () => {
  it('bounds records and bytes held, in-flight ones included', () => {
    const ledger = new LeaseLedger(3, 100);
    expect(ledger.fits(3, 100)).to.equal(true);
    ledger.hold(2, 60);
    expect(ledger.fits(1, 40)).to.equal(true);
    expect(ledger.fits(2, 10)).to.equal(false);
    expect(ledger.fits(1, 41)).to.equal(false);
    ledger.hold(-2, -60);
    expect([ledger.records, ledger.bytes]).to.deep.equal([0, 0]);
  });

  it('settles leases in take order, each once, and names the last one settled', () => {
    const ledger = new LeaseLedger(10, 1000);
    ledger.hold(5, 50);
    ledger.enqueued = 5;
    const a = ledger.lease(lease(2, 20));
    const b = ledger.lease(lease(3, 30));
    expect(ledger.complete(b)).to.equal(undefined);
    expect([ledger.records, ledger.bytes, ledger.settled]).to.deep.equal([2, 20, 0]);
    expect(ledger.complete(a)).to.equal(b);
    expect([ledger.records, ledger.bytes, ledger.settled]).to.deep.equal([0, 0, 5]);
    expect(ledger.complete(a)).to.equal(undefined);
    expect(ledger.settled).to.equal(5);
  });

  it('abandon forgets what is held and settles up to what was enqueued', () => {
    const ledger = new LeaseLedger(10, 1000);
    ledger.hold(4, 40);
    ledger.enqueued = 4;
    ledger.lease(lease(1, 10));
    expect(ledger.abandon()).to.equal(4);
    expect([ledger.records, ledger.bytes, ledger.settled]).to.deep.equal([0, 0, 4]);
  });
});
