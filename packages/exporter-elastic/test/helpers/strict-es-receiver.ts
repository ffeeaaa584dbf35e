import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A strict local Elasticsearch `_bulk` endpoint for tests. It validates what
 * the real server validates (RestController content-type and compatible-with
 * checks, BulkRequestParser framing, data stream rules, create-id conflicts,
 * object/scalar mapping conflicts) and answers with Elasticsearch's status
 * codes, error types, reason texts and reply shape.
 */

export interface StoredDocument {
  readonly index: string;
  readonly id: string;
  readonly source: Record<string, unknown>;
  readonly raw: string;
}

export interface ItemFailure {
  readonly status: number;
  readonly type: string;
  readonly reason: string;
}

export interface WholeFailure {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly bytes: number;
  readonly body: string;
}

export interface StrictEsOptions {
  /** Server major version for the compatible-with rule; default 8. */
  readonly major?: number;
  /** Send `X-Elastic-Product: Elasticsearch` (false: behave as OpenSearch); default true. */
  readonly product?: boolean;
  /** Required auth: the exact Authorization header value; default none required. */
  readonly authorization?: string;
  /** `http.max_content_length` in bytes (as received, before gunzip); default 100 MiB. */
  readonly maxContentLength?: number;
}

type FieldKind = 'object' | 'leaf';

const DATA_STREAM = /^logs-[^-]+-[^-]+$/;
const OTEL_DATA_STREAM = /^logs-[^-]+\.otel-[^-]+$/;
/** Subtrees mapped `subobjects: false` (passthrough) or `flattened` in Elastic's OTel templates. */
const OTEL_LEAF_PARENTS = ['attributes', 'resource.attributes', 'scope.attributes', 'body.flattened', 'body.structured'];
const MEDIA = /^application\/(?:vnd\.elasticsearch\+)?(x-ndjson|json)\s*(?:;\s*compatible-with\s*=\s*(\d+))?\s*(?:;.*)?$/i;

function esError(type: string, reason: string, status: number, extra: Record<string, unknown> = {}): string {
  const cause = { type, reason, ...extra };
  return JSON.stringify({ error: { root_cause: [cause], ...cause }, status });
}

function today(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Elasticsearch's filter_path: dotted patterns, `*` matches any key, arrays are transparent. */
export function filterPath(value: unknown, patterns: string[][]): unknown {
  if (patterns.length === 0) return value;
  if (Array.isArray(value)) {
    const out = value.map((v) => filterPath(v, patterns)).filter((v) => v !== undefined);
    return out.length === 0 ? undefined : out;
  }
  if (value === null || typeof value !== 'object') return patterns.some((p) => p.length === 0) ? value : undefined;
  if (patterns.some((p) => p.length === 0)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const rest = patterns.filter((p) => p[0] === '*' || p[0] === key).map((p) => p.slice(1));
    if (rest.length === 0) continue;
    const filtered = filterPath(child, rest);
    if (filtered !== undefined) out[key] = filtered;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Rejects a document that repeats a key, as Elasticsearch's strict duplicate check does. */
function duplicateKey(raw: string): string | undefined {
  let found: string | undefined;
  // JSON.parse keeps the last duplicate silently; scan objects by hand.
  const stack: Array<Set<string>> = [];
  let i = 0;
  let expectKey = false;
  while (i < raw.length && found === undefined) {
    const ch = raw[i] as string;
    if (ch === '{') {
      stack.push(new Set());
      expectKey = true;
      i++;
    } else if (ch === '}') {
      stack.pop();
      expectKey = false;
      i++;
    } else if (ch === '[') {
      stack.push(new Set(['\u0000array']));
      expectKey = false;
      i++;
    } else if (ch === ']') {
      stack.pop();
      i++;
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      expectKey = top !== undefined && !top.has('\u0000array');
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (raw[j] !== '"') j += raw[j] === '\\' ? 2 : 1;
      const text = JSON.parse(raw.slice(i, j + 1)) as string;
      if (expectKey) {
        const top = stack[stack.length - 1] as Set<string>;
        if (top.has(text)) found = text;
        top.add(text);
        expectKey = false;
      }
      i = j + 1;
    } else {
      i++;
    }
  }
  return found;
}

export class StrictEsReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly templates = new Map<string, Record<string, unknown>>();
  private readonly indices = new Map<string, Map<string, StoredDocument>>();
  private readonly mappings = new Map<string, Map<string, FieldKind>>();
  private readonly server: http.Server;
  private readonly whole: WholeFailure[] = [];
  private lostReplies = 0;
  private slowReplies: number[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private itemFailure: ((source: Record<string, unknown>, index: string) => ItemFailure | undefined) | undefined;
  private readonly major: number;
  private readonly product: boolean;
  /** The Authorization value required (undefined: none); tests change it to model a fixed credential. */
  authorization: string | undefined;
  /** `http.max_content_length` in force; tests lower it to model a smaller limit. */
  maxContentLength: number;
  private seqNo = 0;
  url = '';

  constructor(options: StrictEsOptions = {}) {
    this.major = options.major ?? 8;
    this.product = options.product ?? true;
    this.authorization = options.authorization;
    this.maxContentLength = options.maxContentLength ?? 100 * 1024 * 1024;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Port 0 (ephemeral) unless a test restarts a server on a known port. */
  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` requests fail whole with this status/body. */
  failNext(count: number, failure: WholeFailure): void {
    for (let i = 0; i < count; i++) this.whole.push(failure);
  }

  /** The next `count` bulk requests are processed and stored, then the connection is cut before the reply. */
  loseRepliesAfterStoring(count: number): void {
    this.lostReplies += count;
  }

  /** The next bulk requests are stored at once but answered only after these delays (ms). */
  delayReplies(...delays: number[]): void {
    this.slowReplies.push(...delays);
  }

  /** Per-document failures decided before indexing (e.g. 429 es_rejected_execution_exception). */
  failItems(decide: ((source: Record<string, unknown>, index: string) => ItemFailure | undefined) | undefined): void {
    this.itemFailure = decide;
  }

  documents(index?: string): StoredDocument[] {
    const out: StoredDocument[] = [];
    for (const [name, docs] of this.indices) if (index === undefined || name === index) out.push(...docs.values());
    return out;
  }

  indexNames(): string[] {
    return [...this.indices.keys()];
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
        const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
        if (this.product) h['x-elastic-product'] = 'Elasticsearch';
        res.writeHead(status, h);
        res.end(body);
      };
      let body: Buffer;
      try {
        body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      } catch {
        send(400, esError('parse_exception', 'request body is not valid gzip', 400));
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, bytes: raw.length, body: body.toString('utf8') });
      if (this.authorization !== undefined && req.headers['authorization'] !== this.authorization) {
        const reason = req.headers['authorization'] === undefined
          ? `missing authentication credentials for REST request [${url.pathname}]`
          : `unable to authenticate with provided credentials and anonymous access is not allowed for this request`;
        send(401, esError('security_exception', reason, 401, { header: { 'WWW-Authenticate': ['Basic realm="security" charset="UTF-8"', 'ApiKey'] } }), {
          'www-authenticate': 'Basic realm="security" charset="UTF-8"',
        });
        return;
      }
      const failure = this.whole.shift();
      if (failure !== undefined) {
        // Netty's aggregator answers 413 with no body.
        send(failure.status, failure.body ?? (failure.status === 413 ? '' : esError('status_exception', `injected ${failure.status}`, failure.status)), failure.headers);
        return;
      }
      if (raw.length > this.maxContentLength) {
        res.writeHead(413, { 'content-length': '0' });
        res.end();
        return;
      }
      const parts = url.pathname.split('/').filter((p) => p !== '');
      if (req.method === 'PUT' && parts[0] === '_index_template' && parts.length === 2) {
        this.putTemplate(decodeURIComponent(parts[1] as string), body.toString('utf8'), req.headers, send);
        return;
      }
      const isBulk = req.method === 'POST' || req.method === 'PUT';
      if (isBulk && (url.pathname === '/_bulk' || (parts.length === 2 && parts[1] === '_bulk'))) {
        const defaultIndex = parts.length === 2 ? decodeURIComponent(parts[0] as string) : undefined;
        const reply = this.bulk(body.toString('utf8'), defaultIndex, req.headers, url.searchParams.get('filter_path'));
        if (this.lostReplies > 0 && reply.status === 200) {
          this.lostReplies--;
          req.socket.destroy();
          return;
        }
        const delay = reply.status === 200 ? this.slowReplies.shift() : undefined;
        if (delay !== undefined) {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            if (!res.destroyed) send(reply.status, reply.body);
          }, delay);
          this.timers.add(timer);
          return;
        }
        send(reply.status, reply.body);
        return;
      }
      send(405, esError('illegal_argument_exception', `Incorrect HTTP method for uri [${url.pathname}] and method [${req.method}]`, 405));
    });
  }

  private contentTypeProblem(headers: http.IncomingHttpHeaders, bodyLength: number): { status: number; body: string } | undefined {
    const ct = headers['content-type'];
    if (ct === undefined) {
      if (bodyLength === 0) return undefined;
      return { status: 406, body: JSON.stringify({ error: 'Content-Type header is missing', status: 406 }) };
    }
    const m = MEDIA.exec(ct);
    if (m === null) return { status: 406, body: JSON.stringify({ error: `Content-Type header [${ct}] is not supported`, status: 406 }) };
    const accept = headers['accept'];
    const am = accept === undefined ? null : /compatible-with\s*=\s*(\d+)/i.exec(accept);
    const ctVersion = m[2];
    const acceptVersion = am?.[1];
    if (ctVersion !== undefined || acceptVersion !== undefined) {
      const reason = 'Invalid media-type value on headers [Content-Type, Accept]';
      if (ctVersion === undefined || acceptVersion === undefined || ctVersion !== acceptVersion) {
        return {
          status: 400,
          body: esError('media_type_header_exception', reason, 400, {
            caused_by: {
              type: 'status_exception',
              reason: `A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version and the compatible versions must match. Accept=${accept ?? 'null'}, Content-Type=${ct}`,
            },
          }),
        };
      }
      const v = Number(ctVersion);
      if (v !== this.major && v !== this.major - 1) {
        return {
          status: 400,
          body: esError('media_type_header_exception', reason, 400, {
            caused_by: { type: 'status_exception', reason: `Content-Type version must be either version ${this.major} or ${this.major - 1}, but found ${v}. Content-Type=${ct}` },
          }),
        };
      }
    }
    return undefined;
  }

  private putTemplate(name: string, body: string, headers: http.IncomingHttpHeaders, send: (s: number, b: string) => void): void {
    const problem = this.contentTypeProblem(headers, body.length);
    if (problem !== undefined) return send(problem.status, problem.body);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(400, esError('x_content_parse_exception', '[1:1] [index_template] failed to parse', 400));
    }
    if (!Array.isArray(parsed['index_patterns']) || (parsed['index_patterns'] as unknown[]).length === 0) {
      return send(400, esError('action_request_validation_exception', 'Validation Failed: 1: index patterns are missing;', 400));
    }
    this.templates.set(name, parsed);
    send(200, JSON.stringify({ acknowledged: true }));
  }

  private isDataStream(index: string): boolean {
    return DATA_STREAM.test(index) || OTEL_DATA_STREAM.test(index);
  }

  private bulk(text: string, defaultIndex: string | undefined, headers: http.IncomingHttpHeaders, filter: string | null): { status: number; body: string } {
    const problem = this.contentTypeProblem(headers, text.length);
    if (problem !== undefined) return problem;
    if (text.length === 0) return { status: 400, body: esError('action_request_validation_exception', 'Validation Failed: 1: no requests added;', 400) };
    if (!text.endsWith('\n')) {
      return { status: 400, body: esError('illegal_argument_exception', 'The bulk request must be terminated by a newline [\\n]', 400) };
    }
    const lines = text.slice(0, -1).split('\n');
    const items: Array<Record<string, unknown>> = [];
    let errors = false;
    const started = Date.now();
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.trim() === '') continue;
      let action: Record<string, Record<string, unknown>>;
      try {
        action = JSON.parse(line) as typeof action;
      } catch {
        return { status: 400, body: esError('x_content_parse_exception', `[1:1] Malformed action/metadata line [${i + 1}], expected START_OBJECT or END_OBJECT`, 400) };
      }
      const op = Object.keys(action)[0];
      if (op === undefined || !['create', 'index', 'update', 'delete'].includes(op) || Object.keys(action).length !== 1) {
        return { status: 400, body: esError('illegal_argument_exception', `Malformed action/metadata line [${i + 1}], expected one of [create, delete, index, update] but found [${op}]`, 400) };
      }
      const meta = action[op] ?? {};
      const index = (meta['_index'] as string | undefined) ?? defaultIndex;
      if (index === undefined) {
        return { status: 400, body: esError('action_request_validation_exception', 'Validation Failed: 1: index is missing;', 400) };
      }
      let sourceText: string | undefined;
      if (op !== 'delete') {
        i++;
        if (i >= lines.length) {
          return { status: 400, body: esError('illegal_argument_exception', 'The bulk request must be terminated by a newline [\\n]', 400) };
        }
        sourceText = lines[i] as string;
      }
      const id = (meta['_id'] as string | undefined) ?? randomBytes(15).toString('base64url');
      const item = this.indexOne(op, index, id, sourceText);
      if (item['error'] !== undefined) errors = true;
      items.push({ [op]: item });
    }
    const reply = { took: Math.max(1, Date.now() - started), errors, items };
    const patterns = filter === null ? [] : filter.split(',').map((p) => p.trim().split('.'));
    const filtered = filterPath(reply, patterns) ?? {};
    return { status: 200, body: JSON.stringify(filtered) };
  }

  private indexOne(op: string, index: string, id: string, sourceText: string | undefined): Record<string, unknown> {
    const dataStream = this.isDataStream(index);
    const concrete = dataStream ? `.ds-${index}-${today()}-000001` : index;
    const fail = (status: number, type: string, reason: string, extra: Record<string, unknown> = {}) => ({
      _index: concrete,
      _id: id,
      status,
      error: { type, reason, index_uuid: 'aAsFqTI0Tc2W0LCWgPNrOA', ...(status === 409 ? { shard: '0' } : {}), index: concrete, ...extra },
    });
    if (index !== index.toLowerCase() || /[\\/*?"<>| ,#:]/.test(index) || /^[-_+]/.test(index)) {
      return { _index: index, _id: id, status: 400, error: { type: 'invalid_index_name_exception', reason: `Invalid index name [${index}], must be lowercase`, index } };
    }
    if (op === 'delete' || op === 'update') return fail(400, 'illegal_argument_exception', `receiver supports create/index only`);
    if (dataStream && op !== 'create') {
      return fail(400, 'illegal_argument_exception', `only write ops with an op_type of create are allowed in data streams`);
    }
    let source: Record<string, unknown>;
    try {
      const parsed = JSON.parse(sourceText as string) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      source = parsed as Record<string, unknown>;
    } catch {
      return fail(400, 'document_parsing_exception', `[1:1] failed to parse: Unexpected character`);
    }
    const dup = duplicateKey(sourceText as string);
    if (dup !== undefined) return fail(400, 'document_parsing_exception', `[1:1] failed to parse: Duplicate field '${dup}'`);
    const injected = this.itemFailure?.(source, index);
    if (injected !== undefined) return fail(injected.status, injected.type, injected.reason);
    if (dataStream) {
      const ts = source['@timestamp'];
      if (ts === undefined) return fail(400, 'document_parsing_exception', `[1:${(sourceText as string).length}] failed to parse: data stream timestamp field [@timestamp] is missing`);
      if (typeof ts !== 'string' || Number.isNaN(Date.parse(ts))) {
        return fail(400, 'document_parsing_exception', `[1:15] failed to parse field [@timestamp] of type [date] in document with id '${id}'. Preview of field's value: '${String(ts)}'`);
      }
    }
    const conflict = this.checkMapping(index, source, id);
    if (conflict !== undefined) return fail(400, 'document_parsing_exception', conflict);
    let docs = this.indices.get(index);
    if (docs === undefined) this.indices.set(index, (docs = new Map()));
    if (docs.has(id)) {
      if (op === 'create') return fail(409, 'version_conflict_engine_exception', `[${id}]: version conflict, document already exists (current version [1])`);
    }
    docs.set(id, { index, id, source, raw: sourceText as string });
    return {
      _index: concrete,
      _id: id,
      _version: 1,
      result: 'created',
      _shards: { total: 2, successful: 1, failed: 0 },
      _seq_no: this.seqNo++,
      _primary_term: 1,
      status: 201,
    };
  }

  /**
   * Dynamic mapping: a dotted key is an object path, so `a.b` makes `a` an
   * object. A field seen as an object and then as a concrete value (or the
   * reverse) fails the document as Elasticsearch does. Only applied on success.
   */
  private checkMapping(index: string, source: Record<string, unknown>, id: string): string | undefined {
    const known = this.mappings.get(index) ?? new Map<string, FieldKind>();
    const otel = OTEL_DATA_STREAM.test(index);
    const seen = new Map<string, FieldKind>();
    const kindOf = (path: string): FieldKind | undefined => seen.get(path) ?? known.get(path);
    const visit = (obj: Record<string, unknown>, prefix: string): string | undefined => {
      for (const [key, value] of Object.entries(obj)) {
        const leafParent = otel && OTEL_LEAF_PARENTS.includes(prefix.slice(0, -1));
        const segments = leafParent ? [key] : key.split('.');
        let path = prefix;
        for (let s = 0; s < segments.length - 1; s++) {
          path += segments[s];
          if (kindOf(path) === 'leaf') {
            return `[1:2] failed to parse field [${path}] of type [keyword] in document with id '${id}'. Preview of field's value: '{${segments.slice(s + 1).join('.')}=${String(value)}}'`;
          }
          seen.set(path, 'object');
          path += '.';
        }
        path += segments[segments.length - 1];
        const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
        const isObjectArray = Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object');
        if (isObject || isObjectArray) {
          if (kindOf(path) === 'leaf') {
            return `[1:2] failed to parse field [${path}] of type [keyword] in document with id '${id}'. Preview of field's value: '${JSON.stringify(value)}'`;
          }
          seen.set(path, 'object');
          if (otel && path === 'body.flattened') continue;
          const children = isObject ? [value as Record<string, unknown>] : (value as unknown[]).filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
          for (const child of children) {
            const problem = visit(child, path + '.');
            if (problem !== undefined) return problem;
          }
        } else {
          if (kindOf(path) === 'object') {
            const leaf = path.slice(path.lastIndexOf('.') + 1);
            return `[1:2] object mapping for [${path}] tried to parse field [${leaf}] as object, but found a concrete value`;
          }
          seen.set(path, 'leaf');
        }
      }
      return undefined;
    };
    const problem = visit(source, '');
    if (problem === undefined) {
      for (const [path, kind] of seen) known.set(path, kind);
      this.mappings.set(index, known);
    }
    return problem;
  }
}
