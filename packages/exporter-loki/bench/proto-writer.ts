/**
 * `node --conditions=source --import tsx bench/proto-writer.ts`: the push.proto
 * encoder written straight into a Buffer (src/push-proto.ts) against the same
 * message written with protobufjs's Writer, on 4096 Dynamo-like entries.
 */
import { Writer } from 'protobufjs/minimal';
import { encodePushRequest } from '../src/push-proto';
import type { ProtoStream } from '../src/push-proto';

function withProtobufjsWriter(streams: readonly ProtoStream[]): Uint8Array {
  const w = Writer.create();
  for (const stream of streams) {
    w.uint32(0x0a).fork().uint32(0x0a).string(stream.labels);
    for (let e = 0; e < stream.lines.length; e++) {
      w.uint32(0x12).fork().uint32(0x0a).fork();
      if (stream.seconds[e] !== 0) w.uint32(0x08).int64(stream.seconds[e]!);
      if (stream.nanos[e] !== 0) w.uint32(0x10).int32(stream.nanos[e]!);
      w.ldelim();
      if (stream.lines[e] !== '') w.uint32(0x12).string(stream.lines[e]!);
      const pairs = stream.metadata[e] ?? [];
      for (let m = 0; m < pairs.length; m += 2) w.uint32(0x1a).fork().uint32(0x0a).string(pairs[m]!).uint32(0x12).string(pairs[m + 1]!).ldelim();
      w.ldelim();
    }
    w.ldelim();
  }
  return w.finish();
}

const now = Math.floor(Date.now() / 1000);
const COUNT = 4096;
const lines = Array.from({ length: COUNT }, (_, i) => `{"time":"2026-11-25T22:32:21.${String(i).padStart(6, '0')}Z","level":"INFO","target":"dynamo.http","message":"bench-${i} Registering new stream","method":"POST","model":"llama-3-8b","request_id":"req-${i}","uri":"/v1/chat/completions","x_request_id":"8372eac7-5f43-4d76-beca-${String(i).padStart(12, '0')}"}`);
const streams: ProtoStream[] = [{
  labels: '{component="http", level="info", namespace="dynamo", service_name="frontend"}',
  seconds: lines.map(() => now),
  nanos: lines.map((_, i) => i * 1000 + 123),
  lines,
  metadata: lines.map((_, i) => ['request_id', `req-${i}`, 'x_request_id', `8372eac7-5f43-4d76-beca-${String(i).padStart(12, '0')}`]),
}];

const a = Buffer.from(withProtobufjsWriter(streams));
const scratch = Buffer.allocUnsafeSlow(4 * 1024 * 1024);
const b = encodePushRequest(streams);
if (!a.equals(b)) throw new Error('the two encoders disagree');

const direct = (s: readonly ProtoStream[]) => encodePushRequest(s, scratch);
for (const [name, fn] of [['protobufjs Writer', withProtobufjsWriter], ['direct Buffer', direct]] as const) {
  for (let i = 0; i < 30; i++) fn(streams);
  const rounds = 300;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn(streams);
  const ns = Number(process.hrtime.bigint() - t0) / rounds / COUNT;
  console.log(`${name.padEnd(18)} ${ns.toFixed(0)} ns/entry  (${b.length} bytes per ${COUNT} entries, identical output)`);
}
