import { expect } from 'chai';
import { parseRejection } from '../src/loki-errors';

// Texts in the shapes Loki writes them (pkg/validation/validate.go, util.GroupedErrors, pkg/ingester/stream.go).
describe('parseRejection', () => {
  it('reads GroupedErrors from the distributor, with counts and streams', () => {
    const text = "2 errors like: Max entry size '262144' bytes exceeded for stream '{app=\"a\"}' while adding an entry with length '300000' bytes; "
      + "entry for stream '{app=\"b\"}' has timestamp too old: 2020-01-01 00:00:00 +0000 UTC, oldest acceptable timestamp is: 2026-11-18 22:00:00 +0000 UTC\n";
    expect(parseRejection(text)).to.deep.equal([
      { reason: 'line_too_long', count: 2, stream: '{app="a"}' },
      { reason: 'too_old', count: 1, stream: '{app="b"}' },
    ]);
  });

  it('reads the ingester per-stream text and its total', () => {
    const text = "entry with timestamp 2026-11-25 22:00:00.5 +0000 UTC ignored, reason: 'entry out of order',\n"
      + "entry with timestamp 2026-11-25 22:00:01 +0000 UTC ignored, reason: 'entry out of order',\n"
      + "user 'fake', total ignored: 12 out of 40 for stream: {app=\"a\", level=\"info\"}\n";
    expect(parseRejection(text)).to.deep.equal([{ reason: 'out_of_order', count: 12, stream: '{app="a", level="info"}' }]);
    const behind = "entry with timestamp 2026-11-25 20:00:00 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: 2026-11-25T20:00:00Z, oldest acceptable timestamp is: 2026-11-25T21:00:00Z',\nuser 'fake', total ignored: 1 out of 1 for stream: {a=\"b\"}";
    expect(parseRejection(behind)).to.deep.equal([{ reason: 'too_far_behind', count: 1, stream: '{a="b"}' }]);
  });

  it('reads label errors, keeping a "; " inside a label value', () => {
    const text = "Error parsing labels '{a=\"x; y\", 1b=\"c\"}' with error: parse error at line 1, col 13: syntax error";
    expect(parseRejection(text)).to.deep.equal([{ reason: 'invalid_labels', count: 1, stream: '{a="x; y", 1b="c"}' }]);
    expect(parseRejection("3 errors like: entry for stream '{a=\"b\"}' has 16 label names; limit 15")).to.deep.equal([
      { reason: 'too_many_labels', count: 3, stream: '{a="b"}' },
    ]);
  });

  it('returns nothing for a text it does not know', () => {
    expect(parseRejection('snappy: corrupt input')).to.deep.equal([]);
  });
});
