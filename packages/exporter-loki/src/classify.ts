import { parseRetryAfter } from '@dynamo-logging/core/delivery';
import type { DeliveryResponse, DroppedRecords, EncodedRequest, Outcome } from '@dynamo-logging/core/delivery';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { LokiRequestContext, RequestStream } from './encode';
import { parseRejection } from './loki-errors';

const DETAIL_MAX = 512;

function detailOf(response: DeliveryResponse): string {
  const text = response.body.toString('utf8').replace(/\s+/g, ' ').trim();
  const short = text.length > DETAIL_MAX ? text.slice(0, DETAIL_MAX) + '...' : text;
  return short === '' ? `HTTP ${response.statusCode}` : `HTTP ${response.statusCode}: ${short}`;
}

/** Reasons for whole-request rejections Loki (or its gateway) sends. */
const STATUS_REASONS: Record<number, string> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'empty_request',
};

/**
 * A Loki push response -> what became of each record.
 *
 * - 2xx: delivered.
 * - 429, 5xx: retried after `Retry-After`. A 429 may follow a partial write
 *   (per-stream rate limit); Loki drops a re-sent entry with the same
 *   timestamp and line silently, so the retry does not duplicate.
 * - 400: never retried, because Loki has already stored the valid entries of
 *   the request. The per-entry reasons are counted as drops; the rest is delivered.
 * - 401, 403: kept queued and retried (bounded by the queue) while the
 *   credentials are fixed, as the Splunk and Elasticsearch exporters do.
 * - other 4xx: dropped with a reason.
 */
export function classifyLokiResponse(response: DeliveryResponse, request: EncodedRequest, lineLength: (record: ReadableLogRecord) => number): Outcome {
  const status = response.statusCode;
  if (status >= 200 && status < 300) return {};
  if (status === 429 || status >= 500) {
    const afterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
    return { retry: { records: request.records, reason: status === 429 ? 'rate_limited' : `http_${status}`, ...(afterMs !== undefined ? { afterMs } : {}) } };
  }
  const detail = detailOf(response);
  if (status === 400) return classifyPartial(response.body.toString('utf8'), request, detail, lineLength);
  // Credentials being fixed by an operator: keep the records (bounded by the queue) rather than lose them.
  if (status === 401 || status === 403) return { retry: { records: request.records, reason: STATUS_REASONS[status]!, untilDelivered: true } };
  return { drop: [{ records: request.records, reason: STATUS_REASONS[status] ?? 'rejected', detail }] };
}

/** Oldest first for age and order errors, newest first for "too new", longest line first for size. */
function pick(stream: RequestStream, taken: Set<ReadableLogRecord>, reason: string, count: number, lineLength: (record: ReadableLogRecord) => number): ReadableLogRecord[] {
  // Records of a stream are in time order, as sent.
  const indexes = stream.records.map((_, i) => i);
  if (reason === 'too_new') indexes.reverse();
  else if (reason === 'line_too_long') {
    const lengths = stream.records.map(lineLength);
    indexes.sort((a, b) => lengths[b]! - lengths[a]!);
  }
  const chosen: ReadableLogRecord[] = [];
  for (const i of indexes) {
    if (chosen.length >= count) break;
    const record = stream.records[i]!;
    if (taken.has(record)) continue;
    taken.add(record);
    chosen.push(record);
  }
  return chosen;
}

function classifyPartial(text: string, request: EncodedRequest, detail: string, lineLength: (record: ReadableLogRecord) => number): Outcome {
  const context = request.context as LokiRequestContext | undefined;
  const rejections = parseRejection(text);
  if (context === undefined || rejections.length === 0) {
    // Unknown 400 text (a body Loki could not decode, say): nothing was stored.
    return { drop: [{ records: request.records, reason: 'rejected', detail }] };
  }
  const taken = new Set<ReadableLogRecord>();
  const byReason = new Map<string, ReadableLogRecord[]>();
  for (const rejection of rejections) {
    const named = rejection.stream !== undefined ? context.streams.filter((s) => s.labels === rejection.stream) : [];
    const candidates = named.length > 0 ? named : context.streams;
    let remaining = rejection.count;
    for (const stream of candidates) {
      if (remaining <= 0) break;
      const chosen = pick(stream, taken, rejection.reason, remaining, lineLength);
      remaining -= chosen.length;
      const list = byReason.get(rejection.reason);
      if (list) list.push(...chosen);
      else byReason.set(rejection.reason, chosen);
    }
  }
  const drop: DroppedRecords[] = [];
  for (const [reason, records] of byReason) if (records.length > 0) drop.push({ records, reason, detail });
  return { drop };
}
