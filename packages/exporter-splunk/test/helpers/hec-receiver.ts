import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A strict local Splunk HTTP Event Collector for tests. It checks requests the
 * way HEC does, in the same order, and answers with HEC's real codes, texts and
 * HTTP statuses (Splunk docs "Troubleshoot HTTP Event Collector", "Format events
 * for HTTP Event Collector", "About HTTP Event Collector Indexer Acknowledgment").
 */

export const REPLIES: Record<number, [number, string]> = {
  0: [200, 'Success'],
  1: [403, 'Token disabled'],
  2: [401, 'Token is required'],
  3: [401, 'Invalid authorization'],
  4: [403, 'Invalid token'],
  5: [400, 'No data'],
  6: [400, 'Invalid data format'],
  7: [400, 'Incorrect index'],
  8: [500, 'Internal server error'],
  9: [503, 'Server is busy'],
  10: [400, 'Data channel is missing'],
  11: [400, 'Invalid data channel'],
  12: [400, 'Event field is required'],
  13: [400, 'Event field cannot be blank'],
  14: [400, 'ACK is disabled'],
  15: [400, 'Error in handling indexed fields'],
  16: [400, 'Query string authorization is not enabled'],
  17: [200, 'HEC is healthy'],
  18: [503, 'HEC is unhealthy, queues are full'],
};

/** HEC codes that refuse one event of a batch (\`invalid-event-number\`), and the reason the exporter counts its drop under. */
export const PARTIAL_FAILURE_CODES = [
  [6, 'invalid_data_format'],
  [12, 'event_field_required'],
  [13, 'event_field_blank'],
  [15, 'indexed_fields_error'],
] as const;

export interface TokenSpec {
  disabled?: boolean;
  /** Indexes the token may write; undefined = any. */
  indexes?: string[];
  /** Indexer acknowledgment enabled for this token. */
  ack?: boolean;
}

export interface StoredEvent {
  event: unknown;
  time?: number;
  /** The `time` value exactly as it appeared in the body. */
  rawTime?: string;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  fields?: Record<string, unknown>;
  token: string;
  channel?: string;
  ackId?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  status: number;
  code?: number;
  events: number;
  /** Bytes on the wire, and after gunzip. */
  bodyBytes: number;
  rawBytes: number;
}

/** A canned reply for the next event request, replacing the normal handling. */
export interface ForcedReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Answer only after this long (the events are not committed). */
  delayMs?: number;
}

export interface AckBehaviour {
  /** Polls that answer `false` before an ackId answers `true`. */
  delayPolls?: number;
  /** ackIds (per channel, in issue order) whose acknowledgment never comes; their events are not committed. */
  lose?: (ackId: number) => boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function reply(code: number, extra: Record<string, unknown> = {}): ForcedReply {
  const [status, text] = REPLIES[code] ?? [400, 'unknown'];
  return { status, body: JSON.stringify({ text, code, ...extra }) };
}

class EventError extends Error {
  constructor(readonly code: number) {
    super(REPLIES[code]?.[1]);
  }
}

/** Ends of top-level JSON values in concatenated text, HEC-style: whitespace may separate them. */
export function splitConcatenated(text: string): Array<{ raw: string } | { error: true }> {
  const out: Array<{ raw: string } | { error: true }> = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i] as string)) i++;
    if (i >= n) break;
    if (text[i] !== '{') {
      out.push({ error: true });
      return out;
    }
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < n; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (j >= n) {
      out.push({ error: true });
      return out;
    }
    out.push({ raw: text.slice(i, j + 1) });
    i = j + 1;
  }
  return out;
}

/** The raw text of a top-level member's value in a JSON object's text (to see how `time` was written). */
export function rawMember(objectText: string, name: string): string | undefined {
  let depth = 0;
  let i = 0;
  const n = objectText.length;
  while (i < n) {
    const c = objectText[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && objectText[j] !== '"') j += objectText[j] === '\\' ? 2 : 1;
      const str = objectText.slice(i, j + 1);
      i = j + 1;
      if (depth !== 1) continue;
      let k = i;
      while (k < n && /\s/.test(objectText[k] as string)) k++;
      if (objectText[k] !== ':') continue;
      if (JSON.parse(str) !== name) continue;
      k++;
      while (k < n && /\s/.test(objectText[k] as string)) k++;
      let end = k;
      let d = 0;
      let inStr = false;
      for (; end < n; end++) {
        const ch = objectText[end];
        if (inStr) {
          if (ch === '\\') end++;
          else if (ch === '"') inStr = false;
          continue;
        }
        if (ch === '"') inStr = true;
        else if (ch === '{' || ch === '[') d++;
        else if (ch === '}' || ch === ']') {
          if (d === 0) break;
          d--;
        } else if (ch === ',' && d === 0) break;
      }
      return objectText.slice(k, end).trim();
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
  }
  return undefined;
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

function isFlatValue(v: unknown): boolean {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

export class HecReceiver {
  readonly tokens = new Map<string, TokenSpec>();
  /** Events committed to the "index", in arrival order. */
  readonly events: StoredEvent[] = [];
  readonly requests: LoggedRequest[] = [];
  readonly forced: ForcedReply[] = [];
  ack: AckBehaviour = {};
  /** Fault injection: a HEC code for an otherwise valid event (as a real indexer would refuse it), or undefined. */
  inject: ((event: Record<string, unknown>) => number | undefined) | undefined;
  healthy = true;
  ackPolls = 0;
  /** HEC's `max_content_length` (bytes received): a larger event request is refused with 413. */
  maxContentLength = Number.POSITIVE_INFINITY;
  private readonly nextAckId = new Map<string, number>();
  private readonly ackState = new Map<string, { polls: number; events: StoredEvent[]; lost: boolean }>();
  private readonly server: Server;
  port = 0;

  constructor(tokens: Record<string, TokenSpec> = {}) {
    for (const [token, spec] of Object.entries(tokens)) this.tokens.set(token, spec);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks)));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Messages of committed events, in order. */
  messages(): string[] {
    return this.events.map((e) => String((e.event as { message?: unknown }).message));
  }

  private send(res: ServerResponse, log: LoggedRequest, status: number, body: string, headers: Record<string, string> = {}): void {
    log.status = status;
    try {
      log.code = (JSON.parse(body) as { code?: number }).code;
    } catch {
      // a forced non-JSON body
    }
    this.requests.push(log);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
    res.end(body);
  }

  private replyCode(res: ServerResponse, log: LoggedRequest, code: number, extra: Record<string, unknown> = {}): void {
    const r = reply(code, extra);
    this.send(res, log, r.status, r.body);
  }

  /** HEC's order: authorization, then token state, then channel, then the body. Returns the token or undefined after replying. */
  private authorize(req: IncomingMessage, res: ServerResponse, log: LoggedRequest, url: URL): string | undefined {
    if (url.searchParams.has('token')) {
      this.replyCode(res, log, 16);
      return undefined;
    }
    const header = req.headers.authorization;
    if (header === undefined || header === '') {
      this.replyCode(res, log, 2);
      return undefined;
    }
    const m = /^Splunk ([^\s]+)$/.exec(header);
    if (m === null) {
      this.replyCode(res, log, 3);
      return undefined;
    }
    const token = m[1] as string;
    const spec = this.tokens.get(token);
    if (spec === undefined) {
      this.replyCode(res, log, 4);
      return undefined;
    }
    if (spec.disabled) {
      this.replyCode(res, log, 1);
      return undefined;
    }
    return token;
  }

  private channelOf(req: IncomingMessage, res: ServerResponse, log: LoggedRequest, required: boolean): string | null | undefined {
    const channel = req.headers['x-splunk-request-channel'];
    if (channel === undefined || channel === '') {
      if (required) {
        this.replyCode(res, log, 10);
        return null;
      }
      return undefined;
    }
    if (typeof channel !== 'string' || !GUID.test(channel)) {
      this.replyCode(res, log, 11);
      return null;
    }
    return channel;
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const log: LoggedRequest = { method: req.method ?? '', path: url.pathname, headers: req.headers, status: 0, events: 0, bodyBytes: raw.length, rawBytes: raw.length };
    if (url.pathname === '/services/collector/health' && req.method === 'GET') {
      const r = this.healthy ? reply(17) : reply(18);
      this.send(res, log, r.status, r.body);
      return;
    }
    if (url.pathname === '/services/collector/ack' && req.method === 'POST') {
      this.handleAck(req, res, log, url, raw);
      return;
    }
    if ((url.pathname === '/services/collector/event' || url.pathname === '/services/collector') && req.method === 'POST') {
      if (raw.length > this.maxContentLength) {
        this.send(res, log, 413, JSON.stringify({ text: 'Content too large', code: 413 }));
        return;
      }
      const forced = this.forced.shift();
      if (forced !== undefined) {
        if (forced.delayMs !== undefined) setTimeout(() => res.destroyed || this.send(res, log, forced.status, forced.body, forced.headers), forced.delayMs).unref();
        else this.send(res, log, forced.status, forced.body, forced.headers);
        return;
      }
      this.handleEvents(req, res, log, url, raw);
      return;
    }
    this.send(res, log, 404, JSON.stringify({ text: 'The requested URL was not found on this server.', code: 404 }));
  }

  private handleAck(req: IncomingMessage, res: ServerResponse, log: LoggedRequest, url: URL, raw: Buffer): void {
    const token = this.authorize(req, res, log, url);
    if (token === undefined) return;
    if (!this.tokens.get(token)?.ack) {
      this.replyCode(res, log, 14);
      return;
    }
    const channel = this.channelOf(req, res, log, true);
    if (channel === null || channel === undefined) return;
    let ids: unknown;
    try {
      ids = (JSON.parse(raw.toString('utf8')) as { acks?: unknown }).acks;
    } catch {
      this.replyCode(res, log, 6);
      return;
    }
    if (!Array.isArray(ids)) {
      this.replyCode(res, log, 6);
      return;
    }
    this.ackPolls++;
    const acks: Record<string, boolean> = {};
    for (const id of ids) {
      const state = this.ackState.get(`${channel}/${String(id)}`);
      if (state === undefined) {
        acks[String(id)] = false;
        continue;
      }
      state.polls++;
      acks[String(id)] = !state.lost && state.polls > (this.ack.delayPolls ?? 0);
    }
    this.send(res, log, 200, JSON.stringify({ acks }));
  }

  private handleEvents(req: IncomingMessage, res: ServerResponse, log: LoggedRequest, url: URL, raw: Buffer): void {
    const token = this.authorize(req, res, log, url);
    if (token === undefined) return;
    const spec = this.tokens.get(token) as TokenSpec;
    const channel = this.channelOf(req, res, log, spec.ack === true);
    if (channel === null) return;

    let body: Buffer = raw;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      if (encoding !== 'gzip') {
        this.send(res, log, 415, JSON.stringify({ text: 'Unsupported Content-Encoding', code: 6 }));
        return;
      }
      try {
        body = gunzipSync(raw);
      } catch {
        this.replyCode(res, log, 6);
        return;
      }
    }
    log.rawBytes = body.length;
    const text = body.toString('utf8');
    if (text.trim() === '') {
      this.replyCode(res, log, 5);
      return;
    }

    const parts = splitConcatenated(text);
    const accepted: StoredEvent[] = [];
    let failure: { code: number; at: number } | undefined;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as { raw: string } | { error: true };
      try {
        if ('error' in part) throw new EventError(6);
        accepted.push(this.checkEvent(part.raw, spec, token, channel));
      } catch (err) {
        failure = { code: err instanceof EventError ? err.code : 6, at: i };
        break;
      }
    }
    log.events = accepted.length;

    let ackId: number | undefined;
    if (spec.ack && channel !== undefined && accepted.length > 0) {
      ackId = this.nextAckId.get(channel) ?? 0;
      this.nextAckId.set(channel, ackId + 1);
      const lost = this.ack.lose?.(ackId) ?? false;
      this.ackState.set(`${channel}/${ackId}`, { polls: 0, events: accepted, lost });
      for (const e of accepted) e.ackId = ackId;
      if (!lost) this.events.push(...accepted);
    } else {
      this.events.push(...accepted);
    }

    if (failure !== undefined) {
      this.replyCode(res, log, failure.code, { 'invalid-event-number': failure.at });
      return;
    }
    this.replyCode(res, log, 0, ackId !== undefined ? { ackId } : {});
  }

  private checkEvent(rawText: string, spec: TokenSpec, token: string, channel: string | undefined): StoredEvent {
    let o: unknown;
    try {
      o = JSON.parse(rawText);
    } catch {
      throw new EventError(6);
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new EventError(6);
    const e = o as Record<string, unknown>;
    if (!('event' in e)) throw new EventError(12);
    if (e.event === null) throw new EventError(6);
    if (typeof e.event === 'string' && e.event.trim() === '') throw new EventError(13);
    for (const key of ['host', 'source', 'sourcetype', 'index']) {
      if (e[key] !== undefined && typeof e[key] !== 'string') throw new EventError(6);
    }
    const stored: StoredEvent = { event: e.event, token };
    if (channel !== undefined) stored.channel = channel;
    if (e.time !== undefined) {
      const rawTime = rawMember(rawText, 'time') ?? '';
      const numeric = typeof e.time === 'number' ? rawTime : typeof e.time === 'string' ? e.time : '';
      if (!PLAIN_DECIMAL.test(numeric)) throw new EventError(15);
      stored.time = Number(numeric);
      stored.rawTime = rawTime;
    }
    if (e.fields !== undefined) {
      if (e.fields === null || typeof e.fields !== 'object' || Array.isArray(e.fields)) throw new EventError(15);
      for (const v of Object.values(e.fields as Record<string, unknown>)) {
        if (isFlatValue(v)) continue;
        if (Array.isArray(v) && v.every(isFlatValue)) continue;
        throw new EventError(15);
      }
      stored.fields = e.fields as Record<string, unknown>;
    }
    if (typeof e.index === 'string') {
      if (spec.indexes !== undefined && !spec.indexes.includes(e.index)) throw new EventError(7);
      stored.index = e.index;
    }
    const injected = this.inject?.(e);
    if (injected !== undefined) throw new EventError(injected);
    if (typeof e.host === 'string') stored.host = e.host;
    if (typeof e.source === 'string') stored.source = e.source;
    if (typeof e.sourcetype === 'string') stored.sourcetype = e.sourcetype;
    return stored;
  }
}
