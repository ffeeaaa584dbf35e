import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as protobuf from 'protobufjs';
import { uncompressSync } from 'snappy';
import { canonicalLabels, parseLabelSet } from './label-parser';

/**
 * A strict local Loki push endpoint for tests. It decodes requests the way
 * Loki's distributor and ingester do (grafana/loki pkg/push/push.proto,
 * pkg/loghttp/push, pkg/distributor, pkg/ingester/stream.go, messages from
 * pkg/validation/validate.go), stores what Loki would store, and answers with
 * Loki's status codes and texts, including a 400 after a partial write.
 */

// The reflection schema of push.proto (plus google.protobuf.Timestamp); the
// exporter hand-writes the wire format, this decodes it independently.
const ROOT = protobuf.Root.fromJSON({
  nested: {
    google: { nested: { protobuf: { nested: { Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } } } } } },
    logproto: {
      nested: {
        PushRequest: { fields: { streams: { rule: 'repeated', type: 'StreamAdapter', id: 1 }, format: { type: 'string', id: 2 } } },
        StreamAdapter: { fields: { labels: { type: 'string', id: 1 }, entries: { rule: 'repeated', type: 'EntryAdapter', id: 2 }, hash: { type: 'uint64', id: 3 } } },
        LabelPairAdapter: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        EntryAdapter: {
          fields: {
            timestamp: { type: 'google.protobuf.Timestamp', id: 1 },
            line: { type: 'string', id: 2 },
            structuredMetadata: { rule: 'repeated', type: 'LabelPairAdapter', id: 3 },
            parsed: { rule: 'repeated', type: 'LabelPairAdapter', id: 4 },
          },
        },
      },
    },
  },
});
const PushRequest = ROOT.lookupType('logproto.PushRequest');

export interface StoredEntry {
  /** Nanoseconds since the epoch. */
  readonly ts: bigint;
  readonly line: string;
  readonly metadata: Record<string, string>;
}

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
  readonly status: number;
  readonly entries: number;
}

export interface FaultReply {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Delay before answering. */
  readonly delayMs?: number;
  /** Handle the push normally (store it), then answer late with Loki's own reply: a client timeout after a write. */
  readonly storeFirst?: boolean;
}

export interface LokiReceiverOptions {
  /** `auth_enabled`: requests need `X-Scope-OrgID` (else 401 "no org id"). Without it the tenant is `fake`. */
  readonly authEnabled?: boolean;
  /** A gateway in front demanding these credentials (401 otherwise). */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly bearerToken?: string;
  readonly maxLineSize?: number;
  readonly maxLabelNames?: number;
  readonly maxLabelValueLength?: number;
  readonly maxLabelNameLength?: number;
  /** `reject_old_samples_max_age`, default 7 days. */
  readonly maxAgeMs?: number;
  /** `creation_grace_period`, default 10 minutes. */
  readonly gracePeriodMs?: number;
  /** `unordered_writes` (default true): older entries are accepted back to `max_chunk_age / 2`. */
  readonly unorderedWrites?: boolean;
  readonly maxChunkAgeMs?: number;
  /** Answers chosen per request number (0-based) before normal handling; undefined means handle normally. */
  readonly fault?: (index: number, req: IncomingMessage) => FaultReply | undefined;
  /** Current time for the timestamp window; default Date.now. */
  readonly now?: () => number;
  /** Listen on this port (a test that starts the server late); default an ephemeral one. */
  readonly port?: number;
}

const NS_PER_MS = 1_000_000n;

/** Go's `time.Time.String()` in UTC: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function goTime(ns: bigint): string {
  const ms = Number(ns / NS_PER_MS);
  const iso = new Date(ms).toISOString();
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return iso.slice(0, 10) + ' ' + iso.slice(11, 19) + (frac ? '.' + frac : '') + ' +0000 UTC';
}

/** Go's RFC3339 in UTC. */
function goRfc3339(ns: bigint): string {
  return new Date(Number(ns / NS_PER_MS)).toISOString().slice(0, 19) + 'Z';
}

/** util.GroupedErrors.Error(). */
function grouped(errors: string[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  const parts: string[] = [];
  for (const [e, n] of counts) parts.push(counts.size > 1 || n > 1 ? `${n} errors like: ${e}` : e);
  return parts.join('; ');
}

interface DecodedStream {
  labels: string;
  entries: Array<{ ts: bigint; line: string; metadata: Array<[string, string]> }>;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeProtobuf(body: Buffer): DecodedStream[] {
  let raw: Buffer;
  try {
    raw = uncompressSync(body, { asBuffer: true }) as Buffer;
  } catch {
    throw new HttpError(400, 'snappy: corrupt input');
  }
  let message: protobuf.Message;
  try {
    message = PushRequest.decode(raw);
  } catch (error) {
    throw new HttpError(400, `proto: ${(error as Error).message}`);
  }
  const object = PushRequest.toObject(message, { longs: String, defaults: true }) as {
    streams: Array<{ labels: string; entries: Array<{ timestamp?: { seconds: string; nanos: number }; line: string; structuredMetadata: Array<{ name: string; value: string }> }> }>;
  };
  return object.streams.map((s) => ({
    labels: s.labels,
    entries: s.entries.map((e) => ({
      ts: BigInt(e.timestamp?.seconds ?? '0') * 1_000_000_000n + BigInt(e.timestamp?.nanos ?? 0),
      line: e.line,
      metadata: e.structuredMetadata.map((p) => [p.name, p.value] as [string, string]),
    })),
  }));
}

function decodeJson(body: Buffer): DecodedStream[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `loghttp.PushRequest.ReadJSON: ${(error as Error).message}`);
  }
  const streams = (parsed as { streams?: unknown }).streams;
  if (!Array.isArray(streams)) throw new HttpError(400, 'loghttp.PushRequest.Streams: expected an array');
  return streams.map((s: { stream?: Record<string, unknown>; values?: unknown[] }) => {
    const labelObject = s.stream ?? {};
    const pairs: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(labelObject)) {
      if (typeof v !== 'string') throw new HttpError(400, `label value of ${k} must be a string`);
      pairs.push([k, v]);
    }
    return {
      labels: canonicalLabels(pairs),
      entries: (s.values ?? []).map((value) => {
        if (!Array.isArray(value) || value.length < 2 || value.length > 3) throw new HttpError(400, 'loghttp.Entry: expected [ts, line] or [ts, line, metadata]');
        const [ts, line, metadata] = value as [unknown, unknown, unknown];
        if (typeof ts !== 'string' || !/^\d+$/.test(ts)) throw new HttpError(400, 'loghttp.Entry.Timestamp: expected a string of int64 nanoseconds');
        if (typeof line !== 'string') throw new HttpError(400, 'loghttp.Entry.Line: expected a string');
        const meta: Array<[string, string]> = [];
        if (metadata !== undefined) {
          for (const [k, v] of Object.entries(metadata as Record<string, unknown>)) {
            if (typeof v !== 'string') throw new HttpError(400, 'structured metadata values must be strings');
            meta.push([k, v]);
          }
        }
        return { ts: BigInt(ts), line, metadata: meta };
      }),
    };
  });
}

export class LokiReceiver {
  /** tenant -> label text -> entries in arrival order. */
  readonly store = new Map<string, Map<string, StoredEntry[]>>();
  readonly requests: ReceivedRequest[] = [];
  private readonly server: Server;
  private readonly highest = new Map<string, bigint>();
  private count = 0;

  /** Changes the receiver's rules while it runs (an operator fixing credentials, say). */
  reconfigure(options: Partial<LokiReceiverOptions>): void {
    this.options = { ...this.options, ...options };
  }

  private constructor(private options: LokiReceiverOptions) {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
  }

  static async start(options: LokiReceiverOptions = {}): Promise<LokiReceiver> {
    const receiver = new LokiReceiver(options);
    await new Promise<void>((resolve) => receiver.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Entries of one stream (canonical label text) for a tenant. */
  entries(labels: string, tenant = 'fake'): StoredEntry[] {
    return this.store.get(tenant)?.get(labels) ?? [];
  }

  streams(tenant = 'fake'): string[] {
    return [...(this.store.get(tenant)?.keys() ?? [])];
  }

  totalEntries(tenant = 'fake'): number {
    let n = 0;
    for (const entries of this.store.get(tenant)?.values() ?? []) n += entries.length;
    return n;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private reply(req: IncomingMessage, res: ServerResponse, bodyBytes: number, status: number, text: string, entries = 0, headers: Record<string, string> = {}): void {
    this.requests.push({ headers: req.headers, bodyBytes, status, entries });
    if (status === 204) {
      res.writeHead(204, headers).end();
      return;
    }
    // Go's http.Error: text/plain, trailing newline.
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
    res.end(text + '\n');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const index = this.count++;
    const body = await readBody(req);
    const fault = this.options.fault?.(index, req);
    if (fault?.storeFirst) {
      const { status, text, stored } = this.decodeAndPush(req, body);
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (!res.destroyed) this.reply(req, res, body.length, status, text, stored);
      return;
    }
    if (fault) {
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      this.reply(req, res, body.length, fault.status, fault.body ?? '', 0, fault.headers ?? {});
      return;
    }
    if (req.method !== 'POST' || req.url !== '/loki/api/v1/push') {
      this.reply(req, res, body.length, 404, '404 page not found');
      return;
    }
    const auth = req.headers.authorization;
    if (this.options.basicAuth) {
      const expected = 'Basic ' + Buffer.from(`${this.options.basicAuth.username}:${this.options.basicAuth.password}`).toString('base64');
      if (auth !== expected) return this.reply(req, res, body.length, 401, 'Unauthorized');
    }
    if (this.options.bearerToken !== undefined && auth !== `Bearer ${this.options.bearerToken}`) {
      return this.reply(req, res, body.length, 401, 'Unauthorized');
    }
    const orgId = req.headers['x-scope-orgid'];
    let tenant = 'fake';
    if (this.options.authEnabled) {
      if (typeof orgId !== 'string' || orgId === '') return this.reply(req, res, body.length, 401, 'no org id');
      tenant = orgId;
    }
    const { status, text, stored } = this.decodeAndPush(req, body, tenant);
    this.reply(req, res, body.length, status, text, stored);
  }

  private decodeAndPush(req: IncomingMessage, body: Buffer, tenant = 'fake'): { status: number; text: string; stored: number } {
    try {
      let payload = body;
      if (req.headers['content-encoding'] === 'gzip') payload = gunzipSync(body);
      else if (req.headers['content-encoding'] !== undefined && req.headers['content-encoding'] !== 'snappy') {
        throw new HttpError(415, `Content-Encoding "${req.headers['content-encoding']}" not supported`);
      }
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const streams = contentType === 'application/json' ? decodeJson(payload) : decodeProtobuf(payload);
      return this.push(tenant, streams);
    } catch (error) {
      return { status: error instanceof HttpError ? error.status : 500, text: (error as Error).message, stored: 0 };
    }
  }

  /** The distributor's validation, then the ingester's append, as Loki does them. */
  private push(tenant: string, streams: DecodedStream[]): { status: number; text: string; stored: number } {
    if (streams.length === 0) return { status: 422, text: 'error at least one valid stream is required for ingestion', stored: 0 };
    const now = BigInt(this.options.now?.() ?? Date.now()) * NS_PER_MS;
    const oldest = now - BigInt(this.options.maxAgeMs ?? 7 * 24 * 3600 * 1000) * NS_PER_MS;
    const newest = now + BigInt(this.options.gracePeriodMs ?? 10 * 60 * 1000) * NS_PER_MS;
    const maxLine = this.options.maxLineSize ?? 262144;
    const validation: string[] = [];
    const valid: DecodedStream[] = [];

    for (const stream of streams) {
      if (stream.entries.length === 0) continue;
      let pairs: Array<[string, string]>;
      try {
        pairs = parseLabelSet(stream.labels);
      } catch (error) {
        for (let i = 0; i < stream.entries.length; i++) validation.push(`Error parsing labels '${stream.labels}' with error: ${(error as Error).message}`);
        continue;
      }
      if (pairs.length === 0) {
        for (let i = 0; i < stream.entries.length; i++) validation.push('error at least one label pair is required per stream');
        continue;
      }
      const labels = canonicalLabels(pairs);
      const names = new Set<string>();
      let labelError: string | undefined;
      if (pairs.length > (this.options.maxLabelNames ?? 15)) labelError = `entry for stream '${labels}' has ${pairs.length} label names; limit ${this.options.maxLabelNames ?? 15}`;
      for (const [name, value] of pairs) {
        if (labelError) break;
        if (names.has(name)) labelError = `stream '${labels}' has duplicate label name: '${name}'`;
        else if (Buffer.byteLength(name) > (this.options.maxLabelNameLength ?? 1024)) labelError = `stream '${labels}' has label name too long: '${name}'`;
        else if (Buffer.byteLength(value) > (this.options.maxLabelValueLength ?? 2048)) labelError = `stream '${labels}' has label value too long: '${value}'`;
        names.add(name);
      }
      if (labelError) {
        for (let i = 0; i < stream.entries.length; i++) validation.push(labelError);
        continue;
      }
      const kept: DecodedStream = { labels, entries: [] };
      for (const entry of stream.entries) {
        const lineBytes = Buffer.byteLength(entry.line);
        let metaBytes = 0;
        for (const [n, v] of entry.metadata) metaBytes += Buffer.byteLength(n) + Buffer.byteLength(v);
        if (entry.ts < oldest) validation.push(`entry for stream '${labels}' has timestamp too old: ${goTime(entry.ts)}, oldest acceptable timestamp is: ${goTime(oldest)}`);
        else if (entry.ts > newest) validation.push(`entry for stream '${labels}' has timestamp too new: ${goTime(entry.ts)}`);
        else if (lineBytes > maxLine) validation.push(`Max entry size '${maxLine}' bytes exceeded for stream '${labels}' while adding an entry with length '${lineBytes}' bytes`);
        else if (metaBytes > 65536) validation.push(`stream '${labels}' has structured metadata too large: '${metaBytes}' bytes, limit: '65536' bytes. Please see \`limits_config.max_structured_metadata_size\` or contact your Loki administrator to increase it.`);
        else if (entry.metadata.length > 128) validation.push(`stream '${labels}' has too many structured metadata labels: '${entry.metadata.length}', limit: '128'. Please see \`limits_config.max_structured_metadata_entries_count\` or contact your Loki administrator to increase it.`);
        else kept.entries.push(entry);
      }
      if (kept.entries.length > 0) valid.push(kept);
    }

    let stored = 0;
    let ingesterError: string | undefined;
    for (const stream of valid) {
      const result = this.append(tenant, stream);
      stored += result.stored;
      if (result.error) ingesterError = result.error;
    }
    if (ingesterError !== undefined) return { status: 400, text: ingesterError, stored };
    if (validation.length > 0) return { status: 400, text: grouped(validation), stored };
    return { status: 204, text: '', stored };
  }

  /** pkg/ingester/stream.go Push: dedup, ordering window, per-stream error text. */
  private append(tenant: string, stream: DecodedStream): { stored: number; error?: string } {
    let byLabels = this.store.get(tenant);
    if (!byLabels) this.store.set(tenant, (byLabels = new Map()));
    let stored = byLabels.get(stream.labels);
    if (!stored) byLabels.set(stream.labels, (stored = []));
    const key = tenant + stream.labels;
    let highest = this.highest.get(key);
    const seen = new Set(stored.map((e) => `${e.ts}\u0000${e.line}`));
    const unordered = this.options.unorderedWrites ?? true;
    const halfChunkAge = BigInt((this.options.maxChunkAgeMs ?? 2 * 3600 * 1000) / 2) * NS_PER_MS;
    const failed: Array<{ ts: bigint; error: string }> = [];
    let added = 0;
    for (const entry of stream.entries) {
      const id = `${entry.ts}\u0000${entry.line}`;
      if (seen.has(id)) continue;
      if (highest !== undefined) {
        if (!unordered && entry.ts < highest) {
          failed.push({ ts: entry.ts, error: 'entry out of order' });
          continue;
        }
        const cutoff = highest - halfChunkAge;
        if (unordered && entry.ts < cutoff) {
          failed.push({ ts: entry.ts, error: `entry too far behind, entry timestamp is: ${goRfc3339(entry.ts)}, oldest acceptable timestamp is: ${goRfc3339(cutoff)}` });
          continue;
        }
      }
      seen.add(id);
      stored.push({ ts: entry.ts, line: entry.line, metadata: Object.fromEntries(entry.metadata) });
      if (highest === undefined || entry.ts > highest) highest = entry.ts;
      added++;
    }
    if (highest !== undefined) this.highest.set(key, highest);
    if (failed.length === 0) return { stored: added };
    let text = '';
    for (const f of failed.slice(0, 10)) text += `entry with timestamp ${goTime(f.ts)} ignored, reason: '${f.error}',\n`;
    text += `user '${tenant}', total ignored: ${failed.length} out of ${stream.entries.length} for stream: ${stream.labels}`;
    return { stored: added, error: text };
  }
}
