import { diag } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { DeliveryResponse, DroppedRecords, EncodedRequest, Outcome } from '@dynamo-logging/core/delivery';

const DETAIL_MAX = 512;
/** Distinct drop details kept per reply; the rest join the last group. */
const MAX_DROP_GROUPS = 8;
/** Item errors that mean "this document does not fit the mapping": never retried. */
const MAPPING_ERRORS = new Set([
  'document_parsing_exception',
  'mapper_parsing_exception',
  'strict_dynamic_mapping_exception',
  'mapper_exception',
]);

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DETAIL_MAX ? flat.slice(0, DETAIL_MAX) + '...' : flat;
}

function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 3_600_000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - Date.now(), 0), 3_600_000);
}

/** `type: reason` from Elasticsearch's error object (item or request level). */
function errorText(error: unknown): string {
  if (typeof error === 'string') return short(error);
  if (error === null || typeof error !== 'object') return '';
  const e = error as { type?: unknown; reason?: unknown; caused_by?: { type?: unknown; reason?: unknown } };
  let text = typeof e.type === 'string' ? e.type : 'error';
  if (typeof e.reason === 'string') text += ': ' + e.reason;
  if (e.caused_by !== undefined && typeof e.caused_by === 'object' && typeof e.caused_by.reason === 'string') text += ' (caused by ' + String(e.caused_by.type) + ': ' + e.caused_by.reason + ')';
  return short(text);
}

function bodyDetail(response: DeliveryResponse): string {
  const text = response.body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (parsed && parsed.error !== undefined) return `HTTP ${response.statusCode}: ${errorText(parsed.error)}`;
  } catch {
    // Not JSON (a proxy's page): the text itself, shortened.
  }
  const flat = short(text);
  return flat === '' ? `HTTP ${response.statusCode}` : `HTTP ${response.statusCode}: ${flat}`;
}

export interface ClassifyState {
  /** Called on a whole-request 413 with the size that was refused. */
  onTooLarge(bodyBytes: number): void;
  /** Called once per 2xx reply with whether `X-Elastic-Product: Elasticsearch` was present. */
  onProduct(present: boolean): void;
  /** Items answered 409 on create: stored by an earlier attempt. */
  onDuplicate(count: number): void;
  /** Masks credentials in text from the server before it is printed (a proxy may echo them). */
  scrub(text: string): string;
}

interface BulkItem {
  readonly status?: unknown;
  readonly error?: unknown;
}

function itemOf(entry: unknown): BulkItem | undefined {
  if (entry === null || typeof entry !== 'object') return undefined;
  const op = (entry as Record<string, unknown>)['create'] ?? Object.values(entry as Record<string, unknown>)[0];
  return op !== null && typeof op === 'object' ? (op as BulkItem) : undefined;
}

function dropReason(status: number, type: string): string {
  if (status === 400 && MAPPING_ERRORS.has(type)) return 'mapping_error';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'index_not_found';
  return 'rejected';
}

/**
 * A `_bulk` reply -> what happened to each record. HTTP 200 does not mean
 * stored: every item is read. Item 2xx and 409 `version_conflict_engine_exception`
 * (stored by an earlier attempt of the same deterministic id) are delivered;
 * item 429 and 5xx are retried alone; other item errors are dropped with
 * Elasticsearch's `type: reason`. A whole-request 429/5xx is retried; 413
 * lowers the size limit and retries (the layer re-splits); 401/403 keep the
 * records queued until the credentials are fixed.
 */
export function classifyBulkResponse(response: DeliveryResponse, request: EncodedRequest, state: ClassifyState): Outcome {
  const status = response.statusCode;
  const records = request.records;
  if (status >= 200 && status < 300) {
    state.onProduct(response.headers['x-elastic-product'] === 'Elasticsearch');
    let reply: { errors?: unknown; items?: unknown };
    try {
      reply = JSON.parse(response.body.toString('utf8')) as typeof reply;
    } catch {
      // Which items were stored is unknown; the ids make sending all again safe.
      return { retry: { records, reason: 'unreadable_reply' } };
    }
    if (reply === null || typeof reply !== 'object') return { retry: { records, reason: 'unreadable_reply' } };
    if (reply.errors === false) return {};
    const items = reply.items;
    if (!Array.isArray(items) || items.length !== records.length) {
      return { retry: { records, reason: 'unreadable_reply' } };
    }
    const retry: ReadableLogRecord[] = [];
    const drops = new Map<string, { reason: string; detail: string; records: ReadableLogRecord[] }>();
    let duplicates = 0;
    for (let i = 0; i < items.length; i++) {
      const item = itemOf(items[i]);
      const record = records[i] as ReadableLogRecord;
      const itemStatus = typeof item?.status === 'number' ? item.status : 0;
      if (itemStatus >= 200 && itemStatus < 300) continue;
      const type = (item?.error as { type?: unknown } | undefined)?.type;
      if (itemStatus === 409 && type === 'version_conflict_engine_exception') {
        duplicates++;
        continue;
      }
      if (itemStatus === 429 || itemStatus >= 500 || itemStatus === 0) {
        retry.push(record);
        continue;
      }
      const reason = dropReason(itemStatus, typeof type === 'string' ? type : '');
      const detail = `item ${itemStatus} ${errorText(item?.error)}`;
      const key = reason + '\u0000' + detail;
      let group = drops.get(key);
      if (group === undefined && drops.size >= MAX_DROP_GROUPS) group = [...drops.values()][drops.size - 1];
      if (group === undefined) drops.set(key, (group = { reason, detail, records: [] }));
      group.records.push(record);
    }
    if (duplicates > 0) state.onDuplicate(duplicates);
    const outcome: { retry?: Outcome['retry']; drop?: DroppedRecords[] } = {};
    if (retry.length > 0) outcome.retry = { records: retry, reason: 'item_retryable' };
    if (drops.size > 0) outcome.drop = [...drops.values()];
    return outcome;
  }
  if (status === 413) {
    state.onTooLarge((request.context as { rawBytes?: number } | undefined)?.rawBytes ?? request.body.byteLength);
    return { retry: { records, reason: 'http_413' } };
  }
  if (status === 429 || status >= 500) {
    const afterMs = parseRetryAfter(response.headers['retry-after']);
    return { retry: { records, reason: `http_${status}`, ...(afterMs !== undefined ? { afterMs } : {}) } };
  }
  if (status === 401 || status === 403) {
    // Credentials are fixed by an operator (a rotated API key, a missing
    // privilege): keep the records, bounded by the queue, rather than drop them all.
    diag.error(`dynamo-logging elastic: ${status === 401 ? 'authentication failed' : 'not authorised'}; records stay queued until fixed: ${state.scrub(bodyDetail(response))}`);
    return { retry: { records, reason: status === 401 ? 'unauthorized' : 'forbidden', untilDelivered: true } };
  }
  return { drop: [{ records, reason: 'rejected', detail: bodyDetail(response) }] };
}
