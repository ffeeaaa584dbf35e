/**
 * Reads the text of a Loki push rejection. Two shapes exist (grafana/loki):
 *
 * - distributor validation (`pkg/distributor`, messages in
 *   `pkg/validation/validate.go`), joined by `util.GroupedErrors`:
 *   `2 errors like: entry for stream '{a="b"}' has timestamp too old: ...; Max entry size ...`
 * - ingester per-stream failures (`pkg/ingester/stream.go`):
 *   `entry with timestamp ... ignored, reason: 'entry out of order',\n...`
 *   `user 'fake', total ignored: 3 out of 10 for stream: {a="b"}`
 *
 * The result is a list of (reason, count, stream) the classifier maps to records.
 */
export interface LokiRejection {
  /** Short stable reason, used as the drop counter key. */
  readonly reason: string;
  readonly count: number;
  /** The stream's label text when the message names it. */
  readonly stream?: string;
}

/** Message patterns -> our reason keys (Loki's discard reasons, shortened). */
const REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/entry out of order/, 'out_of_order'],
  [/entry too far behind/, 'too_far_behind'],
  [/has timestamp too old/, 'too_old'],
  [/has timestamp too new/, 'too_new'],
  [/Max entry size '\d+' bytes exceeded/, 'line_too_long'],
  [/Error parsing labels/, 'invalid_labels'],
  [/at least one label pair is required/, 'invalid_labels'],
  [/label names; limit/, 'too_many_labels'],
  [/label name too long|label value too long/, 'label_too_long'],
  [/duplicate label name/, 'invalid_labels'],
  [/structured metadata too large|too many structured metadata/, 'structured_metadata_too_large'],
  [/includes structured metadata, but this feature is disallowed/, 'structured_metadata_disallowed'],
  [/rate limit exceeded/i, 'rate_limited'],
  [/Maximum active stream limit exceeded/, 'stream_limit'],
  [/missing required labels/, 'missing_enforced_labels'],
  [/ingestion blocked/, 'blocked'],
];

export function reasonOf(message: string): string | undefined {
  for (const [pattern, reason] of REASONS) if (pattern.test(message)) return reason;
  return undefined;
}

const TOTAL_IGNORED = /total ignored: (\d+) out of \d+ for stream: (\{.*\})\s*$/m;
const GROUPED = /^(\d+) errors like: ([\s\S]*)$/;
const STREAM_IN_MESSAGE = /stream '(\{[\s\S]*?\})'/;

export function parseRejection(text: string): LokiRejection[] {
  const body = text.trim();
  const ingester = TOTAL_IGNORED.exec(body);
  if (ingester) {
    const reasonText = /reason: '([^']*)'/.exec(body)?.[1] ?? body;
    return [{ reason: reasonOf(reasonText) ?? 'rejected', count: Number(ingester[1]), stream: ingester[2]! }];
  }
  const found: LokiRejection[] = [];
  for (const piece of splitGrouped(body)) {
    const grouped = GROUPED.exec(piece);
    const count = grouped ? Number(grouped[1]) : 1;
    const message = grouped ? grouped[2]! : piece;
    const reason = reasonOf(message);
    if (reason === undefined) continue;
    const stream = STREAM_IN_MESSAGE.exec(message)?.[1] ?? /^Error parsing labels '([\s\S]*?)' with error/.exec(message)?.[1];
    found.push({ reason, count, ...(stream !== undefined ? { stream } : {}) });
  }
  return found;
}

/**
 * GroupedErrors joins with "; ". A label value may itself contain "; ", so a
 * piece only starts where the next text opens a known message.
 */
function splitGrouped(body: string): string[] {
  const parts = body.split('; ');
  const pieces: string[] = [];
  for (const part of parts) {
    if (pieces.length > 0 && !GROUPED.test(part) && reasonOf(part) === undefined) pieces[pieces.length - 1] += '; ' + part;
    else pieces.push(part);
  }
  return pieces;
}
