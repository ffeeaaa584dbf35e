import { diag } from '@opentelemetry/api';
import { dynamoLevel } from '@dynamo-logging/core/delivery';
import { isLabelSafe } from '@dynamo-logging/semconv';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResolvedLokiConfig } from './config';

/** One distinct label set: its Prometheus text (the stream's identity) and its JSON form, built once. */
export interface StreamLabels {
  /** `{component="router", level="info", service_name="frontend"}`: sorted, as Loki prints it. */
  readonly text: string;
  /** `{"component":"router",...}` for the JSON push body. */
  readonly json: string;
  readonly pairs: ReadonlyArray<readonly [string, string]>;
}

/**
 * Resource keys that become labels, in priority order (kept first when the
 * label count is capped), filtered through the semconv registry's
 * label-safe flag so a registry change can never turn an id into a label.
 */
const RESOURCE_LABELS: ReadonlyArray<readonly [string, string]> = ([
  ['service.name', 'service_name'],
  ['namespace', 'namespace'],
  ['component', 'component'],
] as const).filter(([key]) => isLabelSafe(key));

const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;
const LEVEL_INDEX: Record<string, number> = { ERROR: 0, WARN: 1, INFO: 2, DEBUG: 3, TRACE: 4 };
const NO_ATTRIBUTES = {};

/** Loki label names: `[a-zA-Z_][a-zA-Z0-9_]*`; anything else becomes `_`. */
export function sanitizeLabelName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(cleaned) ? '_' + cleaned : cleaned;
}

/** Go-quoted string, as the Prometheus label parser (strconv.Unquote) reads it. */
export function quoteLabelValue(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5c) out += '\\\\';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += value[i];
  }
  return out + '"';
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(value: string, maxBytes: number): string {
  if (value.length * 3 <= maxBytes) return value;
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length <= maxBytes) return value;
  let cut = maxBytes;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.toString('utf8', 0, cut);
}

/**
 * Maps a record to its stream's label set. The set depends only on the
 * resource, the static labels and the level, so it is built once per
 * (resource, level) and cached; records from one provider share one resource.
 */
export class LabelMapper {
  private readonly byResource = new WeakMap<object, Array<StreamLabels | undefined>>();
  private readonly byText = new Map<string, StreamLabels>();
  private readonly reported = new Set<string>();
  private readonly staticPairs: Array<[string, string]>;

  constructor(private readonly config: ResolvedLokiConfig) {
    this.staticPairs = [];
    for (const [name, value] of Object.entries(config.staticLabels)) {
      const clean = sanitizeLabelName(name);
      if (clean === '') continue;
      if (clean !== name) this.reportOnce(`name:${name}`, `Loki label name "${name}" is not valid; sent as "${clean}"`);
      this.staticPairs.push([clean, String(value)]);
    }
  }

  // One-entry memo: consecutive records mostly share resource and severity.
  private lastAttributes: object | undefined;
  private lastSeverity: number | undefined;
  private lastText: string | undefined;
  private lastLabels: StreamLabels | undefined;

  labelsFor(record: ReadableLogRecord): StreamLabels {
    const attributes = (record.resource?.attributes as object | undefined) ?? NO_ATTRIBUTES;
    if (attributes === this.lastAttributes && record.severityNumber === this.lastSeverity && record.severityText === this.lastText) {
      return this.lastLabels!;
    }
    const labels = this.lookup(record, attributes);
    this.lastAttributes = attributes;
    this.lastSeverity = record.severityNumber;
    this.lastText = record.severityText;
    this.lastLabels = labels;
    return labels;
  }

  private lookup(record: ReadableLogRecord, attributes: object): StreamLabels {
    const level = this.config.levelLabel ? dynamoLevel(record.severityNumber, record.severityText) : 'INFO';
    const index = LEVEL_INDEX[level]!;
    let perLevel = this.byResource.get(attributes);
    if (perLevel === undefined) {
      perLevel = new Array<StreamLabels | undefined>(LEVELS.length);
      this.byResource.set(attributes, perLevel);
    }
    return (perLevel[index] ??= this.build(attributes as Record<string, unknown>, level));
  }

  private build(attributes: Record<string, unknown>, level: string): StreamLabels {
    const chosen = new Map<string, string>();
    for (const [key, name] of RESOURCE_LABELS) {
      const value = attributes[key];
      if (value !== undefined && value !== null && value !== '') chosen.set(name, String(value));
    }
    if (this.config.levelLabel) chosen.set('level', level.toLowerCase());
    // Explicit static labels beat derived ones of the same name.
    for (const [name, value] of this.staticPairs) {
      if (chosen.has(name)) chosen.delete(name);
      chosen.set(name, value);
    }
    const ordered = this.prioritise(chosen);
    const pairs: Array<[string, string]> = [];
    for (const [name, raw] of ordered) {
      if (raw === '') continue;
      const value = truncateUtf8(raw, this.config.maxLabelValueLength);
      if (value !== raw) {
        this.reportOnce(`value:${name}`, `Loki label "${name}" value longer than ${this.config.maxLabelValueLength} bytes; truncated`);
      }
      pairs.push([name, value]);
    }
    // Loki rejects a stream without labels; its OTLP endpoint names such a service the same way.
    if (pairs.length === 0) pairs.push(['service_name', 'unknown_service']);
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const text = '{' + pairs.map(([n, v]) => n + '=' + quoteLabelValue(v)).join(', ') + '}';
    const existing = this.byText.get(text);
    if (existing) return existing;
    const json = '{' + pairs.map(([n, v]) => JSON.stringify(n) + ':' + JSON.stringify(v)).join(',') + '}';
    const labels: StreamLabels = { text, json, pairs };
    // Bounded by the distinct label sets, which are few by construction.
    this.byText.set(text, labels);
    return labels;
  }

  /** Keeps service_name, namespace, component, level, then static labels, up to `maxLabelNames`. */
  private prioritise(chosen: Map<string, string>): Array<[string, string]> {
    const priority = ['service_name', 'namespace', 'component', 'level'];
    const ordered: Array<[string, string]> = [];
    for (const name of priority) {
      const value = chosen.get(name);
      if (value !== undefined) ordered.push([name, value]);
    }
    for (const [name, value] of chosen) if (!priority.includes(name)) ordered.push([name, value]);
    if (ordered.length <= this.config.maxLabelNames) return ordered;
    const cut = ordered.slice(this.config.maxLabelNames).map(([n]) => n);
    this.reportOnce(`count:${cut.join(',')}`, `Loki allows ${this.config.maxLabelNames} labels per stream; not sent as labels: ${cut.join(', ')}`);
    return ordered.slice(0, this.config.maxLabelNames);
  }

  private reportOnce(key: string, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    diag.warn(message);
  }
}
