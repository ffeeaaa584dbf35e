import { diag } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { EncodedRequest } from '@dynamo-logging/core/delivery';
import { BodyPool, messageText } from '@dynamo-logging/core/delivery';
import type { ResolvedElasticConfig } from './config';
import { ByteWriter } from './byte-writer';
import { BatchIds } from './document-id';
import type { DocumentParts } from './ecs-document';
import { ecsDocument } from './ecs-document';
import { otelDocument } from './otel-document';
import type { Route } from './route';
import { Router } from './route';
import { isoMicros, recordTime } from './time-format';

/**
 * Only what classification needs comes back: the reply shrinks from ~200 bytes
 * to ~20 bytes per successful item (go-docappender, which the Collector uses,
 * filters the same way).
 */
export const BULK_QUERY = '?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason';

const ID_LENGTH = 22;
const ACTION_END = '"}}\n';

export interface BulkContext {
  /** `_index` and `_id` of each document, in body order. */
  readonly indices: readonly string[];
  readonly ids: readonly string[];
  /** Body size before compression (what `http.max_content_length` and `maxBodyBytes` are about). */
  readonly rawBytes: number;
}

export function bulkHeaders(compatibleWith: number | undefined): Record<string, string> {
  if (compatibleWith === undefined) return { 'content-type': 'application/x-ndjson', accept: 'application/json' };
  // Both headers must carry the same version, or Elasticsearch answers 400.
  return {
    'content-type': `application/vnd.elasticsearch+x-ndjson; compatible-with=${compatibleWith}`,
    accept: `application/vnd.elasticsearch+json; compatible-with=${compatibleWith}`,
  };
}

/** Records -> `_bulk` requests of `create` actions (NDJSON, newline-terminated), each within the size limit. A pure function of the records. */
export class BulkEncoder {
  private readonly router: Router;
  private readonly headers: Record<string, string>;

  private readonly body = new ByteWriter(1024 * 1024);
  /** Where each request's copy of `body` lives until its request is done. */
  private readonly bodies = new BodyPool();

  constructor(
    private readonly config: ResolvedElasticConfig,
    private readonly limit: () => number = () => config.maxBodyBytes,
  ) {
    this.router = new Router(config.target, config.mapping);
    this.headers = bulkHeaders(config.compatibleWith);
  }

  document(record: ReadableLogRecord, route: Route): DocumentParts {
    try {
      return this.config.mapping === 'otel' ? otelDocument(record, route) : ecsDocument(record, route, this.config.dataset);
    } catch (err) {
      // A record that cannot be read whole still lands, with what can be read.
      diag.warn(`dynamo-logging elastic: a record could not be encoded whole: ${err instanceof Error ? err.message : String(err)}`);
      let message = '[unreadable body]';
      let time = '1970-01-01T00:00:00.000000Z';
      try {
        message = messageText(record.body);
      } catch {
        // keep the placeholder
      }
      try {
        time = isoMicros(recordTime(record.hrTime, record.hrTimeObserved));
      } catch {
        // keep the epoch
      }
      const text = this.config.mapping === 'otel' ? '"body":{"text":' + JSON.stringify(message) + '}' : '"message":' + JSON.stringify(message);
      return { core: '{"@timestamp":"' + time + '",' + text, tail: ',"dynamo_encode_error":true}' };
    }
  }

  encode(records: ReadableLogRecord[]): EncodedRequest[] {
    if (records.length === 0) return [];
    const indices: string[] = new Array(records.length);
    const routes: Route[] = new Array(records.length);
    const ids: string[] = new Array(records.length);
    const batchIds = new BatchIds(ids);
    let single: string | undefined;
    for (let i = 0; i < records.length; i++) {
      const route = this.router.route(records[i] as ReadableLogRecord);
      routes[i] = route;
      indices[i] = route.index;
      if (single === undefined) single = route.index;
      else if (single !== route.index) single = '';
    }
    // One target: it goes in the path, and each action line is just the id.
    const inPath = single !== '' && single !== undefined;
    const path = inPath
      ? this.config.basePath + '/' + encodeURIComponent(single as string) + '/_bulk' + BULK_QUERY
      : this.config.basePath + '/_bulk' + BULK_QUERY;
    const limit = this.limit();
    const body = this.body;
    body.reset();
    const out: EncodedRequest[] = [];
    let first = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as ReadableLogRecord;
      const parts = this.document(record, routes[i] as Route);
      const head = inPath ? '{"create":{"_id":"' : '{"create":{"_index":' + JSON.stringify(indices[i]) + ',"_id":"';
      // The identifying part is encoded once, straight into the body after room
      // for its action line, and hashed there as bytes.
      const reserved = Buffer.byteLength(head) + ID_LENGTH + ACTION_END.length;
      const start = body.length;
      body.skip(reserved);
      const coreStart = body.length;
      body.write(parts.core);
      const id = batchIds.id(record, i, body.buf.subarray(coreStart, body.length), records);
      ids[i] = id;
      // Ids are ASCII: only a twin's suffix makes the line longer than reserved.
      if (id.length !== ID_LENGTH) body.shift(coreStart, id.length - ID_LENGTH);
      body.buf.write(head + id + ACTION_END, start, 'utf8');
      body.write(parts.tail);
      body.byte(0x0a);
      if (body.length > limit && i > first) {
        // This document would take the request over the limit: it opens the next one.
        const carried = Buffer.from(body.buf.subarray(start, body.length));
        body.length = start;
        out.push(this.request(records.slice(first, i), path, indices.slice(first, i), ids.slice(first, i)));
        body.reset();
        body.append(carried);
        first = i;
      }
    }
    out.push(this.request(first === 0 ? records : records.slice(first), path, indices.slice(first), ids.slice(first)));
    return out;
  }

  /** One request from the body built so far; the delivery layer gzips it (level 1 by default). */
  private request(records: ReadableLogRecord[], path: string, indices: string[], ids: string[]): EncodedRequest {
    const raw = this.body.view();
    const context: BulkContext = { indices, ids, rawBytes: raw.length };
    return { records, body: this.bodies.copy(raw), headers: this.headers, path, context };
  }

  /** The delivery layer is done with this request's body: its memory serves a later one. */
  release(request: EncodedRequest): void {
    this.bodies.give(request.body);
  }
}
