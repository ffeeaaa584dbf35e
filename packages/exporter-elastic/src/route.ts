import { diag } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ElasticMapping, ElasticTarget } from './config';
import { checkIndexName, dateSuffix, OTEL_DATASET_SUFFIX, sanitizeDataset, sanitizeNamespace } from './target-names';
import { recordTime } from './time-format';

/** Where one document goes. `dataStream` is set when the target is a data stream (its fields go into the document). */
export interface Route {
  readonly index: string;
  readonly dataStream?: { readonly dataset: string; readonly namespace: string };
}

/** Attributes that route a record, as the Collector's elasticsearchexporter reads them; never written into the document. */
export const ATTR_INDEX = 'elasticsearch.index';
export const ATTR_DATASET = 'data_stream.dataset';
export const ATTR_NAMESPACE = 'data_stream.namespace';
export const ATTR_TYPE = 'data_stream.type';
export const ROUTING_KEYS: ReadonlySet<string> = new Set([ATTR_INDEX, ATTR_DATASET, ATTR_NAMESPACE, ATTR_TYPE]);

function attributeString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  return text === undefined || text.trim() === '' ? undefined : text;
}

/**
 * Resolves each record's target, in the Collector's order: the
 * `elasticsearch.index` attribute (record, then resource); then, when the
 * configured target is a data stream, `data_stream.dataset` /
 * `data_stream.namespace` (record, then resource), sanitised; then the
 * configured target. A configured plain index is static for data-stream
 * attributes (the Collector's `logs_index` wins over them too).
 */
export class Router {
  private readonly suffix: string;
  private readonly defaultRoute: Route | undefined;
  private readonly dataStreams = new Map<string, Route>();
  private readonly indices = new Map<string, Route>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly target: ElasticTarget,
    mapping: ElasticMapping,
  ) {
    this.suffix = mapping === 'otel' ? OTEL_DATASET_SUFFIX : '';
    if (target.kind === 'data_stream') this.defaultRoute = this.dataStream(target.dataset, target.namespace);
    else if (target.dateSuffix === 'none') this.defaultRoute = { index: target.index };
  }

  route(record: ReadableLogRecord): Route {
    const attrs = record.attributes as Record<string, unknown> | undefined;
    const res = record.resource?.attributes as Record<string, unknown> | undefined;
    const override = attributeString(attrs?.[ATTR_INDEX]) ?? attributeString(res?.[ATTR_INDEX]);
    if (override !== undefined) {
      const name = override.toLowerCase();
      const problem = checkIndexName(name);
      if (problem === undefined) return this.indexRoute(name, record);
      if (!this.warned.has(name)) {
        if (this.warned.size >= 100) this.warned.clear();
        this.warned.add(name);
        diag.warn(`dynamo-logging elastic: ignoring attribute ${ATTR_INDEX}: the index name ${problem}; using the configured target`);
      }
    }
    if (this.target.kind === 'data_stream') {
      const dataset = attributeString(attrs?.[ATTR_DATASET]) ?? attributeString(res?.[ATTR_DATASET]);
      const namespace = attributeString(attrs?.[ATTR_NAMESPACE]) ?? attributeString(res?.[ATTR_NAMESPACE]);
      if (dataset === undefined && namespace === undefined) return this.defaultRoute as Route;
      return this.dataStream(
        dataset === undefined ? this.target.dataset : sanitizeDataset(dataset),
        namespace === undefined ? this.target.namespace : sanitizeNamespace(namespace),
      );
    }
    return this.defaultRoute ?? this.indexRoute(this.target.index, record);
  }

  private dataStream(dataset: string, namespace: string): Route {
    const key = dataset + '\u0000' + namespace;
    let route = this.dataStreams.get(key);
    if (route === undefined) {
      // The suffix goes after sanitising (and truncation), as the Collector does.
      const full = sanitizeDataset(dataset, this.suffix);
      route = { index: `logs-${full}-${namespace}`, dataStream: { dataset: full, namespace } };
      if (this.dataStreams.size > 1000) this.dataStreams.clear();
      this.dataStreams.set(key, route);
    }
    return route;
  }

  private indexRoute(name: string, record: ReadableLogRecord): Route {
    const kind = this.target.kind === 'index' ? this.target.dateSuffix : 'none';
    const full = kind === 'none' ? name : name + dateSuffix(recordTime(record.hrTime, record.hrTimeObserved)[0], kind);
    let route = this.indices.get(full);
    if (route === undefined) {
      route = { index: full };
      if (this.indices.size > 1000) this.indices.clear();
      this.indices.set(full, route);
    }
    return route;
  }
}
