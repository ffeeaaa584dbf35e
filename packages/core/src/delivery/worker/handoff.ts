import type { Attributes, HrTime } from '@opentelemetry/api';
import type { LogAttributes, SeverityNumber } from '../../otel-line';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * One batch on its way to the delivery worker: a flat array per record, and
 * the resources and scopes it refers to by number, each sent only the first
 * time it is seen. Measured on a mixed batch (message per record, nested
 * attributes, in a span), structured-cloning these arrays costs about 0.8 µs
 * a record on the event loop, against about 1.9 µs for the record objects
 * themselves, 1.9 for v8.serialize and 2.0 for JSON text in a transferred
 * buffer (the form a SharedArrayBuffer ring would need); see docs/benchmarks.md.
 *
 * Only the fields the delivery contract lets a backend read travel (see
 * types.ts); the span context keeps its ids and flags, not its trace state,
 * which the trace-context processor has already put in the attributes.
 */
export interface HandoffBatch {
  readonly records: RecordTuple[];
  readonly resources?: Array<[number, Attributes]>;
  readonly scopes?: Array<[number, string, string | undefined, string | undefined]>;
}

/** [sec, nsec, observed sec, observed nsec, severity, severityText, body, attributes, resource, scope, traceId, spanId, traceFlags, eventName] */
export type RecordTuple = [
  number,
  number,
  number,
  number,
  SeverityNumber | undefined,
  string | undefined,
  ReadableLogRecord['body'],
  LogAttributes,
  number,
  number,
  string | undefined,
  string | undefined,
  number | undefined,
  string | undefined,
];

const NO_TIME: HrTime = [0, 0];

/** Main-thread side: records to tuples, numbering resources and scopes by identity, as the SDK shares them. */
export class HandoffEncoder {
  private readonly resourceIds = new WeakMap<object, number>();
  private readonly scopeIds = new WeakMap<object, number>();
  private nextId = 1;

  encode(records: readonly ReadableLogRecord[]): HandoffBatch {
    const tuples: RecordTuple[] = new Array(records.length);
    let resources: Array<[number, Attributes]> | undefined;
    let scopes: Array<[number, string, string | undefined, string | undefined]> | undefined;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      let resourceId = this.resourceIds.get(r.resource);
      if (resourceId === undefined) {
        resourceId = this.nextId++;
        this.resourceIds.set(r.resource, resourceId);
        (resources ??= []).push([resourceId, r.resource.attributes]);
      }
      const scope = r.instrumentationScope;
      let scopeId = this.scopeIds.get(scope);
      if (scopeId === undefined) {
        scopeId = this.nextId++;
        this.scopeIds.set(scope, scopeId);
        (scopes ??= []).push([scopeId, scope.name, scope.version, scope.schemaUrl]);
      }
      const time = r.hrTime ?? NO_TIME;
      const observed = r.hrTimeObserved ?? NO_TIME;
      const span = r.spanContext;
      tuples[i] = [
        time[0],
        time[1],
        observed[0],
        observed[1],
        r.severityNumber,
        r.severityText,
        r.body,
        r.attributes,
        resourceId,
        scopeId,
        span?.traceId,
        span?.spanId,
        span?.traceFlags,
        r.eventName,
      ];
    }
    return { records: tuples, ...(resources ? { resources } : {}), ...(scopes ? { scopes } : {}) };
  }
}

/** Worker side: tuples back to records that share one resource and scope object per origin. */
export class HandoffDecoder {
  private readonly resources = new Map<number, Resource>();
  private readonly scopes = new Map<number, ReadableLogRecord['instrumentationScope']>();

  decode(batch: HandoffBatch): ReadableLogRecord[] {
    for (const [id, attributes] of batch.resources ?? []) this.resources.set(id, resourceFromAttributes(attributes));
    for (const [id, name, version, schemaUrl] of batch.scopes ?? []) {
      this.scopes.set(id, { name, ...(version !== undefined ? { version } : {}), ...(schemaUrl !== undefined ? { schemaUrl } : {}) });
    }
    const out: ReadableLogRecord[] = new Array(batch.records.length);
    for (let i = 0; i < batch.records.length; i++) {
      const t = batch.records[i]!;
      const record: { -readonly [K in keyof ReadableLogRecord]: ReadableLogRecord[K] } = {
        hrTime: [t[0], t[1]],
        hrTimeObserved: [t[2], t[3]],
        severityNumber: t[4],
        severityText: t[5],
        body: t[6],
        attributes: t[7],
        resource: this.resources.get(t[8]) ?? resourceFromAttributes({}),
        instrumentationScope: this.scopes.get(t[9]) ?? { name: '' },
        droppedAttributesCount: 0,
      };
      if (t[10] !== undefined && t[11] !== undefined) record.spanContext = { traceId: t[10], spanId: t[11], traceFlags: t[12] ?? 0 };
      if (t[13] !== undefined) record.eventName = t[13];
      out[i] = record as ReadableLogRecord;
    }
    return out;
  }
}
