import { hash } from 'node:crypto';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * Deterministic `_id`s, so that a request sent again (a lost reply, a retry
 * after a timeout, a replay from the disk queue) cannot store a record twice:
 * Elasticsearch answers the repeated `create` with 409, which counts as
 * delivered.
 *
 * The id is the first 132 bits of SHA-256 over the record's document, base64url
 * (22 characters). The document is a function of the resource attributes
 * (service, host, process...), the scope name, the time in nanoseconds, the
 * severity, the body, the attributes and the trace/span ids: the record's
 * identity. Fields filled in from this process when the resource lacks them
 * (`host.name`, `process.pid`) are not hashed, so a replay by another process
 * gets the same id. Node's one-shot `crypto.hash` costs well under a microsecond.
 *
 * Twins (distinct records with identical documents: same body, attributes and
 * time) must not collapse into one document. Within a batch, the second twin
 * gets `<hash>_1`, the third `<hash>_2`...; the ids of all twins are then kept
 * on the record objects (a symbol-keyed property, invisible to JSON and the
 * disk queue) so a retry or a split of the batch reuses them. Only twins pay
 * for that write; other records need nothing but the hash.
 */
const ID = Symbol('dynamo.elastic.id');

type Identified = ReadableLogRecord & { [ID]?: string };

function keep(record: ReadableLogRecord, id: string): void {
  try {
    (record as Identified)[ID] = id;
  } catch {
    // A frozen record: its retry can only count on its content hash.
  }
}

/** Ids of one encoded batch; `core` is the UTF-8 of the part of the document that identifies the record. */
export class BatchIds {
  /** digest -> index of its first holder in the batch. */
  private readonly seen = new Map<string, number>();
  /** digest -> twins seen so far (rare). */
  private twins: Map<string, number> | undefined;

  constructor(private readonly ids: string[]) {}

  id(record: ReadableLogRecord, index: number, core: Uint8Array, records: readonly ReadableLogRecord[]): string {
    const known = (record as Identified)[ID];
    if (known !== undefined) return known;
    const digest = hash('sha256', core, 'base64url').slice(0, 22);
    const first = this.seen.get(digest);
    if (first === undefined) {
      this.seen.set(digest, index);
      return digest;
    }
    this.twins ??= new Map();
    const count = (this.twins.get(digest) ?? 0) + 1;
    if (count === 1) keep(records[first] as ReadableLogRecord, this.ids[first] as string);
    this.twins.set(digest, count);
    const id = digest + '_' + count;
    keep(record, id);
    return id;
  }
}
