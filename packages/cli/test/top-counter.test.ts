import { expect } from 'chai';
import { TopCounter } from '../src/top-counter';

describe('TopCounter', () => {
  it('counts exactly up to its capacity, largest first, ties by key', () => {
    const c = new TopCounter(10);
    for (const key of ['b', 'a', 'b', 'c', 'b', 'a']) c.add(key);
    expect(c.top(2)).to.deep.equal([
      { key: 'b', count: 3 },
      { key: 'a', count: 2 },
    ]);
    expect(c.approximate).to.equal(false);
  });

  it('keeps memory bounded when keys never repeat, and still finds the heavy hitters', () => {
    const c = new TopCounter(100);
    for (let i = 0; i < 100_000; i++) {
      c.add(`unique-${i}`);
      if (i % 10 === 0) c.add('hot');
    }
    expect(c.size).to.be.lessThan(200);
    expect(c.approximate).to.equal(true);
    expect(c.top(1)[0]!.key).to.equal('hot');
    expect(c.top(1)[0]!.count).to.be.within(10_000 - c.maxError, 10_000);
  });
});
