import { expect } from 'chai';
import { parseTimeBound } from '../src/duration';

describe('parseTimeBound', () => {
  const now = Date.UTC(2025, 9, 31, 21, 10, 0) * 1000;

  it('reads durations back from now', () => {
    expect(parseTimeBound('10m', now)).to.equal(now - 600e6);
    expect(parseTimeBound('1h30m', now)).to.equal(now - 5400e6);
    expect(parseTimeBound('45s', now)).to.equal(now - 45e6);
    expect(parseTimeBound('500ms', now)).to.equal(now - 500e3);
    expect(parseTimeBound('2d', now)).to.equal(now - 2 * 86400e6);
  });

  it('reads absolute times to the microsecond, with Z or an offset', () => {
    expect(parseTimeBound('2025-10-31T21:06:45Z', now)).to.equal(Date.UTC(2025, 9, 31, 21, 6, 45) * 1000);
    expect(parseTimeBound('2025-10-31T21:06:45.397194Z', now)).to.equal(Date.UTC(2025, 9, 31, 21, 6, 45, 397) * 1000 + 194);
    expect(parseTimeBound('2025-10-31T23:06:45.397194+02:00', now)).to.equal(Date.UTC(2025, 9, 31, 21, 6, 45, 397) * 1000 + 194);
  });

  it('refuses anything else', () => {
    for (const text of ['', '10', 'm10', '10 minutes', 'yesterday', '2025-13-45T00:00:00Z']) expect(parseTimeBound(text, now), text).to.equal(undefined);
  });
});
