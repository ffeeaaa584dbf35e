/**
 * Encoder for grafana/loki `pkg/push/push.proto`, written straight into one
 * Buffer in two passes (sizes, then bytes):
 *
 *   PushRequest      { repeated StreamAdapter streams = 1; }
 *   StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
 *   EntryAdapter     { google.protobuf.Timestamp timestamp = 1; string line = 2;
 *                      repeated LabelPairAdapter structuredMetadata = 3; }
 *   LabelPairAdapter { string name = 1; string value = 2; }
 *   Timestamp        { int64 seconds = 1; int32 nanos = 2; }
 *
 * Measured against protobufjs's Writer (bench/proto-writer.ts): about twice
 * as fast and with far less garbage, since no operation object is built per
 * field. The test receiver decodes with a protobufjs reflection schema of
 * the same .proto, so the two are checked against each other.
 */
/** Node's Buffer#utf8Write: Buffer#write without the encoding-name dispatch (untyped in @types/node). */
interface Utf8Writable {
  utf8Write(value: string, offset: number, length: number): number;
}

const TAG_1_LEN = 0x0a; // field 1, wire type 2
const TAG_2_LEN = 0x12; // field 2, wire type 2
const TAG_3_LEN = 0x1a; // field 3, wire type 2
const TAG_1_VARINT = 0x08;
const TAG_2_VARINT = 0x10;

/**
 * One stream in column form: entry i is (seconds[i], nanos[i], lines[i],
 * metadata[i]); metadata is flat `[name, value, name, value, ...]` or
 * undefined, names ASCII label names. Columns avoid an object per entry on the hot path.
 */
export interface ProtoStream {
  readonly labels: string;
  readonly seconds: readonly number[];
  readonly nanos: readonly number[];
  readonly lines: readonly string[];
  readonly metadata: ReadonlyArray<readonly string[] | undefined>;
}

function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : n < 2 ** 35 ? 5 : n < 2 ** 42 ? 6 : n < 2 ** 49 ? 7 : 8;
}

/** Seconds since the epoch and nanos are non-negative here (a record's hrTime), so plain varints. */
function timestampSize(seconds: number, nanos: number): number {
  return (seconds !== 0 ? 1 + varintSize(seconds) : 0) + (nanos !== 0 ? 1 + varintSize(nanos) : 0);
}

function writeVarint(buf: Buffer, pos: number, n: number): number {
  while (n >= 0x80) {
    buf[pos++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[pos++] = n;
  return pos;
}

/**
 * Encodes into `scratch` when it is large enough and returns a view of it, so
 * a caller that compresses the bytes at once reuses one buffer: a fresh
 * megabyte per request costs more in V8 external-memory GC than the encoding.
 */
/** A string field of `byteLength` bytes; proto3 leaves an empty one out. */
function writeString(buf: Buffer, pos: number, tag: number, value: string, byteLength: number): number {
  if (byteLength === 0) return pos;
  buf[pos++] = tag;
  pos = writeVarint(buf, pos, byteLength);
  return pos + (buf as unknown as Utf8Writable).utf8Write(value, pos, byteLength);
}

export function encodePushRequest(streams: readonly ProtoStream[], scratch?: Buffer): Buffer {
  // Pass 1: byte lengths, kept in order for pass 2.
  const sizes: number[] = [];
  let total = 0;
  for (const stream of streams) {
    const labelsLen = Buffer.byteLength(stream.labels, 'utf8');
    let streamLen = 1 + varintSize(labelsLen) + labelsLen;
    const streamIndex = sizes.length;
    sizes.push(0, labelsLen);
    const { seconds, nanos, lines, metadata } = stream;
    for (let e = 0; e < lines.length; e++) {
      const tsLen = timestampSize(seconds[e]!, nanos[e]!);
      const lineLen = Buffer.byteLength(lines[e]!, 'utf8');
      let entryLen = 1 + varintSize(tsLen) + tsLen + (lineLen > 0 ? 1 + varintSize(lineLen) + lineLen : 0);
      const entryIndex = sizes.length;
      sizes.push(0, lineLen);
      const pairs = metadata[e];
      if (pairs !== undefined) for (let m = 0; m < pairs.length; m += 2) {
        // Names are sanitised to [a-zA-Z0-9_], so their length is their byte length.
        const nameLen = pairs[m]!.length;
        const valueLen = Buffer.byteLength(pairs[m + 1]!, 'utf8');
        const pairLen = (nameLen > 0 ? 1 + varintSize(nameLen) + nameLen : 0) + (valueLen > 0 ? 1 + varintSize(valueLen) + valueLen : 0);
        sizes.push(pairLen, nameLen, valueLen);
        entryLen += 1 + varintSize(pairLen) + pairLen;
      }
      sizes[entryIndex] = entryLen;
      streamLen += 1 + varintSize(entryLen) + entryLen;
    }
    sizes[streamIndex] = streamLen;
    total += 1 + varintSize(streamLen) + streamLen;
  }

  // Pass 2: bytes.
  const buf = scratch !== undefined && scratch.length >= total ? scratch : Buffer.allocUnsafe(total);
  let pos = 0;
  let k = 0;
  for (const stream of streams) {
    buf[pos++] = TAG_1_LEN;
    pos = writeVarint(buf, pos, sizes[k++]!);
    const labelsLen = sizes[k++]!;
    buf[pos++] = TAG_1_LEN;
    pos = writeVarint(buf, pos, labelsLen);
    pos += (buf as unknown as Utf8Writable).utf8Write(stream.labels, pos, labelsLen);
    const { seconds, nanos, lines, metadata } = stream;
    for (let e = 0; e < lines.length; e++) {
      const s = seconds[e]!;
      const n = nanos[e]!;
      buf[pos++] = TAG_2_LEN;
      pos = writeVarint(buf, pos, sizes[k++]!);
      const lineLen = sizes[k++]!;
      buf[pos++] = TAG_1_LEN;
      buf[pos++] = timestampSize(s, n);
      // proto3 leaves zero-valued scalars out.
      if (s !== 0) {
        buf[pos++] = TAG_1_VARINT;
        pos = writeVarint(buf, pos, s);
      }
      if (n !== 0) {
        buf[pos++] = TAG_2_VARINT;
        pos = writeVarint(buf, pos, n);
      }
      pos = writeString(buf, pos, TAG_2_LEN, lines[e]!, lineLen);
      const pairs = metadata[e];
      if (pairs !== undefined) for (let m = 0; m < pairs.length; m += 2) {
        const pairLen = sizes[k++]!;
        const nameLen = sizes[k++]!;
        const valueLen = sizes[k++]!;
        buf[pos++] = TAG_3_LEN;
        pos = writeVarint(buf, pos, pairLen);
        pos = writeString(buf, pos, TAG_1_LEN, pairs[m]!, nameLen);
        pos = writeString(buf, pos, TAG_2_LEN, pairs[m + 1]!, valueLen);
      }
    }
  }
  return buf.length === total ? buf : buf.subarray(0, total);
}
