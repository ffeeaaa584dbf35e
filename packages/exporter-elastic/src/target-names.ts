/**
 * Data stream and index naming rules. Dataset and namespace follow the ECS
 * `data_stream` field restrictions as the Collector's elasticsearchexporter
 * applies them (internal/datastream/router.go): lower-cased, forbidden
 * characters replaced by `_`, at most 100 bytes.
 */
const MAX_DATA_STREAM_FIELD_BYTES = 100;
const DATASET_FORBIDDEN = /[-\\/*?"<>| ,#:]/g;
const NAMESPACE_FORBIDDEN = /[\\/*?"<>| ,#:]/g;
export const OTEL_DATASET_SUFFIX = '.otel';

function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** `suffix` (`.otel` in the OTel mapping) is appended after truncation, as the Collector does, to match Elastic's `logs-*.otel-*` template. */
export function sanitizeDataset(value: string, suffix = ''): string {
  return truncateBytes(value.toLowerCase().replace(DATASET_FORBIDDEN, '_'), MAX_DATA_STREAM_FIELD_BYTES - suffix.length) + suffix;
}

export function sanitizeNamespace(value: string): string {
  return truncateBytes(value.toLowerCase().replace(NAMESPACE_FORBIDDEN, '_'), MAX_DATA_STREAM_FIELD_BYTES);
}

/** Elasticsearch's index name rules (MetadataCreateIndexService.validateIndexOrAliasName); undefined when valid. */
export function checkIndexName(name: string): string | undefined {
  if (name === '') return 'must not be empty';
  if (name !== name.toLowerCase()) return `must be lower case, got ${JSON.stringify(name)}`;
  if (/[\\/*?"<>| ,#:]/.test(name)) return `must not contain \\ / * ? " < > | space , # : (got ${JSON.stringify(name)})`;
  if (/^[-_+]/.test(name)) return `must not start with -, _ or + (got ${JSON.stringify(name)})`;
  if (name === '.' || name === '..') return `must not be . or ..`;
  if (Buffer.byteLength(name, 'utf8') > 255) return 'must be at most 255 bytes';
  return undefined;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

let cachedDay = Number.NaN;
let cachedKind = '';
let cachedSuffix = '';

/** `-2026.11.25` (daily) or `-2026.11` (monthly) from epoch seconds, UTC, the Logstash convention. */
export function dateSuffix(epochSeconds: number, kind: 'daily' | 'monthly'): string {
  const day = Math.floor(epochSeconds / 86400);
  if (day === cachedDay && kind === cachedKind) return cachedSuffix;
  const d = new Date(day * 86400 * 1000);
  const ym = '-' + d.getUTCFullYear() + '.' + pad2(d.getUTCMonth() + 1);
  cachedSuffix = kind === 'daily' ? ym + '.' + pad2(d.getUTCDate()) : ym;
  cachedDay = day;
  cachedKind = kind;
  return cachedSuffix;
}
