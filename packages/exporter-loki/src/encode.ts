import { diag } from '@opentelemetry/api';
import type { EncodedRequest } from '@dynamo-logging/core/delivery';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResolvedLokiConfig } from './config';
import { snappyCompressor } from './snappy-codec';
import type { SnappyCompress } from './snappy-codec';
import { exceedsBytes, lineOf, metadataKeys, metadataOf, truncateLine } from './entry';
import { truncateJsonLine } from './truncate-json-line';
import type { Metadata, MetadataKeys } from './entry';
import { LabelMapper } from './labels';
import type { StreamLabels } from './labels';
import { encodePushRequest } from './push-proto';
import type { ProtoStream } from './push-proto';

const SCRATCH_MAX = 8 * 1024 * 1024;

/** One stream of a request, in body order; `classify` maps Loki's per-stream errors back to records with it. */
export interface RequestStream {
  readonly labels: string;
  /** Sorted by time, as sent. */
  readonly records: ReadableLogRecord[];
}

export interface LokiRequestContext {
  readonly streams: RequestStream[];
}

/** A stream being built, in columns (see ProtoStream). */
interface Group extends ProtoStream {
  readonly labelSet: StreamLabels;
  readonly records: ReadableLogRecord[];
  readonly seconds: number[];
  readonly nanos: number[];
  readonly lines: string[];
  readonly metadata: Metadata[];
  sorted: boolean;
}

const PROTOBUF_HEADERS = Object.freeze({ 'Content-Type': 'application/x-protobuf' });
const JSON_HEADERS = Object.freeze({ 'Content-Type': 'application/json' });

/** Puts a group's columns in time order; records usually arrive in order, so this is rare. */
function sortGroup(group: Group): void {
  const { seconds, nanos } = group;
  const order = group.records.map((_, i) => i).sort((a, b) => seconds[a]! - seconds[b]! || nanos[a]! - nanos[b]!);
  const permute = <T>(column: T[]): void => {
    const copy = order.map((i) => column[i]!);
    for (let i = 0; i < copy.length; i++) column[i] = copy[i]!;
  };
  permute(group.records);
  permute(group.seconds);
  permute(group.nanos);
  permute(group.lines);
  permute(group.metadata);
}

/**
 * Records -> one Loki push request. Streams are grouped by their exact label
 * set and entries sorted by time within each. A pure function of the records,
 * so the delivery layer can re-encode what it retries.
 */
export class LokiEncoder {
  private readonly labels: LabelMapper;
  private readonly metadataKeys: MetadataKeys;
  /** Records already counted as truncated, so a retry's re-encoding does not count them twice. */
  private readonly truncatedRecords = new WeakSet<object>();
  private truncated = 0;
  /** New times given to old records (`oldRecords: 'restamp'`): kept per record, so a retry sends the same entry again and Loki dedupes it. */
  private readonly restamps = new WeakMap<object, readonly [number, number]>();
  private restampedCount = 0;
  private lastStamp: readonly [number, number] = [0, 0];
  private reportedTruncation = false;
  /** Reused for the uncompressed protobuf, which snappy copies out at once. */
  private scratch = Buffer.allocUnsafe(0);
  /** Lines formatted before encoding (the `drop` size check), reused here instead of formatting twice. */
  readonly preformatted = new WeakMap<object, string>();

  /**
   * @param compress snappy block compression, required for the `protobuf` format
   */
  constructor(
    private readonly config: ResolvedLokiConfig,
    private readonly compress: SnappyCompress | undefined = snappyCompressor(),
  ) {
    this.labels = new LabelMapper(config);
    this.metadataKeys = metadataKeys(config);
  }

  /** Old records sent with a new time (`oldRecords: 'restamp'`) so far. */
  restampedTotal(): number {
    return this.restampedCount;
  }

  /** The time a restamped record is sent with: now, strictly after the last one, the same on every retry. */
  private restamp(record: ReadableLogRecord): readonly [number, number] {
    const known = this.restamps.get(record);
    if (known !== undefined) return known;
    const nowMs = Date.now();
    let stamp: readonly [number, number] = [Math.floor(nowMs / 1000), (nowMs % 1000) * 1e6];
    const [lastSeconds, lastNanos] = this.lastStamp;
    if (stamp[0] < lastSeconds || (stamp[0] === lastSeconds && stamp[1] <= lastNanos)) {
      stamp = lastNanos + 1 < 1e9 ? [lastSeconds, lastNanos + 1] : [lastSeconds + 1, 0];
    }
    this.lastStamp = stamp;
    this.restamps.set(record, stamp);
    this.restampedCount++;
    return stamp;
  }

  /** Lines cut at `maxLineSize` so far. */
  truncatedCount(): number {
    return this.truncated;
  }

  line(record: ReadableLogRecord): string {
    return this.preformatted.get(record) ?? lineOf(record, this.config);
  }

  encode(records: ReadableLogRecord[]): EncodedRequest[] {
    if (records.length === 0) return [];
    const groups = new Map<StreamLabels, Group>();
    const maxLine = this.config.maxLineSize;
    const lookAside = this.config.lineTooLong === 'drop';
    for (const record of records) {
      const labelSet = this.labels.labelsFor(record);
      let line = lookAside ? this.line(record) : lineOf(record, this.config);
      if (exceedsBytes(line, maxLine)) {
        const cut = this.cut(record, line);
        // Left out, the delivery layer counts it (not_encoded): no valid line that small exists.
        if (cut === undefined) continue;
        line = cut;
      }
      // Records read back from disk may carry only the observed time.
      const time = record.hrTime ?? record.hrTimeObserved;
      // Whole, non-negative numbers only: the protobuf writer emits them as varints.
      let seconds = time && time[0] > 0 ? Math.trunc(time[0]) : 0;
      let nanos = time && time[1] > 0 ? Math.trunc(time[1]) : 0;
      let originalTime: string | undefined;
      if (this.config.oldRecords === 'restamp' && seconds * 1000 + nanos / 1e6 < Date.now() - this.config.oldRecordMaxAgeMillis) {
        originalTime = rfc3339Nanos(seconds, nanos);
        [seconds, nanos] = this.restamp(record);
      }
      let group = groups.get(labelSet);
      if (group === undefined) {
        group = { labels: labelSet.text, labelSet, records: [], seconds: [], nanos: [], lines: [], metadata: [], sorted: true };
        groups.set(labelSet, group);
      } else if (group.sorted) {
        const last = group.seconds.length - 1;
        if (seconds < group.seconds[last]! || (seconds === group.seconds[last]! && nanos < group.nanos[last]!)) group.sorted = false;
      }
      group.records.push(record);
      group.seconds.push(seconds);
      group.nanos.push(nanos);
      group.lines.push(line);
      const metadata = metadataOf(record, this.config, this.metadataKeys);
      group.metadata.push(originalTime === undefined ? metadata : [...(metadata ?? []), 'original_timestamp', originalTime]);
    }

    const ordered: ReadableLogRecord[] = [];
    const streams: RequestStream[] = [];
    const list: Group[] = [];
    for (const group of groups.values()) {
      if (!group.sorted) sortGroup(group);
      for (const record of group.records) ordered.push(record);
      streams.push({ labels: group.labels, records: group.records });
      list.push(group);
    }
    const context: LokiRequestContext = { streams };

    if (this.config.format === 'json') {
      return [{ records: ordered, body: Buffer.from(jsonBody(list), 'utf8'), headers: JSON_HEADERS, path: this.config.pushPath, compression: this.config.compression, context }];
    }
    return [{
      records: ordered,
      body: this.snappy()(this.protobuf(list)),
      headers: PROTOBUF_HEADERS,
      path: this.config.pushPath,
      // Snappy block compression is part of the body, not a Content-Encoding; gzip may go on top.
      compression: this.config.compression,
      context,
    }];
  }

  private snappy(): SnappyCompress {
    if (this.compress === undefined) throw new Error('the protobuf format needs a snappy compressor');
    return this.compress;
  }

  private protobuf(streams: ProtoStream[]): Buffer {
    const bytes = encodePushRequest(streams, this.scratch);
    // Keep a buffer up to 8 MiB for the next request; larger ones are one-offs.
    if (bytes.buffer !== this.scratch.buffer && bytes.length <= SCRATCH_MAX) {
      this.scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(bytes.length * 2, 64 * 1024)));
    }
    return bytes;
  }

  private cut(record: ReadableLogRecord, line: string): string | undefined {
    if (!this.truncatedRecords.has(record)) {
      this.truncatedRecords.add(record);
      this.truncated++;
      if (!this.reportedTruncation) {
        this.reportedTruncation = true;
        diag.warn(`Loki line longer than maxLineSize (${this.config.maxLineSize} bytes) truncated; further truncations are counted in stats().truncated`);
      }
    }
    // A JSONL line is cut inside its values so that it stays valid JSON; a message line is plain text.
    if (this.config.line === 'jsonl') return truncateJsonLine(record, line, this.config.maxLineSize, this.config.lineOptions);
    return truncateLine(line, this.config.maxLineSize);
  }
}

function metadataJson(pairs: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < pairs.length; i += 2) out += (i === 0 ? '' : ',') + JSON.stringify(pairs[i]) + ':' + JSON.stringify(pairs[i + 1]);
  return out + '}';
}

/** Loki's JSON push body; the timestamp is a string of int64 nanoseconds. */
function jsonBody(groups: readonly Group[]): string {
  let out = '{"streams":[';
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    out += (g === 0 ? '' : ',') + '{"stream":' + group.labelSet.json + ',"values":[';
    for (let i = 0; i < group.lines.length; i++) {
      out += (i === 0 ? '' : ',') + '["' + group.seconds[i] + String(group.nanos[i]).padStart(9, '0') + '",' + JSON.stringify(group.lines[i]);
      const metadata = group.metadata[i];
      out += metadata !== undefined ? ',' + metadataJson(metadata) + ']' : ']';
    }
    out += ']}';
  }
  return out + ']}';
}

/** `2026-12-04T10:15:00.123456789Z`: the original time of a restamped record, for its structured metadata. */
function rfc3339Nanos(seconds: number, nanos: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19) + '.' + String(nanos).padStart(9, '0') + 'Z';
}
