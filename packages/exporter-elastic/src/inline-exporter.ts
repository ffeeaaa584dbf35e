import { diag } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { DeliveryStats } from '@dynamo-logging/core';
import type { DeliveryBackend, DeliveryInternals } from '@dynamo-logging/core/delivery';
import { createSecretMasker, DeliveryRequestError } from '@dynamo-logging/core';
import { DeliveryExporter } from '@dynamo-logging/core/delivery';
import type { ClassifyState } from './classify';
import { classifyBulkResponse } from './classify';
import type { ElasticExporterOptions, ResolvedElasticConfig } from './config';
import { resolveElasticConfig } from './config';
import { BulkEncoder } from './encode';
import { indexTemplateBody } from './index-template';

/** Smallest body the limit shrinks to after repeated 413s. */
const MIN_BODY_BYTES = 64 * 1024;

export interface ElasticExporterStats extends DeliveryStats {
  /** Documents answered 409 on create: stored by an earlier attempt, counted once in `exported`. */
  readonly duplicatesSuppressed: number;
  /** The bulk size limit in force (lowered after a 413). */
  readonly maxBodyBytes: number;
}

/** @deprecated Use `ElasticExporterStats`: the same counters under the name every exporter's follow. */
export type ElasticStats = ElasticExporterStats;

export interface IndexTemplateResult {
  readonly name: string;
  readonly indexPatterns: readonly string[];
  readonly acknowledged: boolean;
}

/**
 * Ships log records to Elasticsearch (or OpenSearch) through `_bulk`, on the
 * thread it is built on (the delivery worker by default, see exporter.ts) and
 * the shared delivery layer: queueing, gzip, retries, splitting and counters are
 * core's; what is Elasticsearch's is here (`encode.ts`, `classify.ts`).
 */
export class ElasticInlineExporter implements LogRecordExporter {
  /** `maxBodyBytes` is the bulk limit in force, not a count. */
  readonly levelStats: readonly string[] = ['maxBodyBytes'];
  private readonly config: ResolvedElasticConfig;
  private readonly delivery: DeliveryExporter;
  private limit: number;
  private duplicates = 0;
  private productChecked = false;
  private readonly scrub: (text: string) => string;

  /** `internals` is for tests (a clock whose waits cost no real time), not a user option. */
  constructor(options: ElasticExporterOptions = {}, /** @internal */ internals: DeliveryInternals = {}) {
    this.config = resolveElasticConfig(options);
    this.limit = this.config.maxBodyBytes;
    const encoder = new BulkEncoder(this.config, () => this.limit);
    const scrub = secretScrubber(this.config.delivery.headers ?? {});
    this.scrub = scrub;
    const state: ClassifyState = {
      scrub,
      onTooLarge: (bytes) => this.shrink(bytes),
      onProduct: (present) => this.checkProduct(present),
      onDuplicate: (count) => {
        this.duplicates += count;
      },
    };
    const self = this;
    const backend: DeliveryBackend = {
      name: 'elastic',
      // Read by the layer before each split, so a 413 takes effect on the retry.
      get maxBodyBytes() {
        return self.limit;
      },
      encode: (records) => encoder.encode(records),
      classify: (response, request) => classifyBulkResponse(response, request, state),
      release: (request) => encoder.release(request),
    };
    this.delivery = new DeliveryExporter(backend, this.config.delivery, internals);
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.delivery.export(records, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.delivery.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.delivery.shutdown();
  }

  stats(): ElasticExporterStats {
    return { ...this.delivery.stats(), duplicatesSuppressed: this.duplicates, maxBodyBytes: this.limit };
  }

  /**
   * Opt-in: installs (or replaces) the composable index template carrying the
   * ECS mapping for this exporter's target, `PUT /_index_template/<templateName>`.
   * Call it once at deploy or start-up time; it rejects with a `DeliveryRequestError`
   * (`code` DYN_LOGGING_REQUEST_FAILED: no answer, with the redacted cause;
   * DYN_LOGGING_REQUEST_REFUSED: the server's reason and `statusCode`;
   * DYN_LOGGING_REQUEST_UNSUPPORTED: mapping=otel), never with credentials. Not for the `otel` mapping, whose template
   * (`logs-otel@template`) Elasticsearch 8.16+ ships.
   */
  async ensureIndexTemplate(): Promise<IndexTemplateResult> {
    if (this.config.mapping !== 'ecs') {
      throw new DeliveryRequestError(
        'DYN_LOGGING_REQUEST_UNSUPPORTED',
        'ensureIndexTemplate() installs the ECS mapping; with mapping=otel Elasticsearch 8.16+ applies its built-in logs-*.otel-* template',
      );
    }
    const body = indexTemplateBody(this.config);
    const name = this.config.templateName;
    const reply = await this.delivery.send({
      method: 'PUT',
      path: `${this.config.basePath}/_index_template/${encodeURIComponent(name)}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: Buffer.from(JSON.stringify(body), 'utf8'),
      compression: 'none',
    });
    const response = { statusCode: reply.statusCode, body: reply.body.toString('utf8') };
    if (response.statusCode < 200 || response.statusCode >= 300) {
      let reason = response.body.replace(/\s+/g, ' ').slice(0, 512);
      try {
        const parsed = JSON.parse(response.body) as { error?: { type?: string; reason?: string } };
        if (parsed.error?.type !== undefined) reason = `${parsed.error.type}: ${parsed.error.reason ?? ''}`;
      } catch {
        // keep the raw text
      }
      throw new DeliveryRequestError(
        'DYN_LOGGING_REQUEST_REFUSED',
        `ensureIndexTemplate(): PUT _index_template/${name} answered HTTP ${response.statusCode}: ${this.scrub(reason)}`,
        { statusCode: response.statusCode },
      );
    }
    let acknowledged = false;
    try {
      acknowledged = (JSON.parse(response.body) as { acknowledged?: unknown }).acknowledged === true;
    } catch {
      acknowledged = false;
    }
    return { name, indexPatterns: body['index_patterns'] as string[], acknowledged };
  }

  private shrink(refusedBytes: number): void {
    const next = Math.max(MIN_BODY_BYTES, Math.floor(Math.min(this.limit, refusedBytes) / 2));
    if (next < this.limit) {
      diag.warn(`dynamo-logging elastic: the server refused a ${refusedBytes}-byte bulk body (413); sending at most ${next} bytes per request from now on (raise http.max_content_length or the proxy limit, or set maxBodyBytes)`);
      this.limit = next;
    }
  }

  private checkProduct(present: boolean): void {
    if (this.productChecked) return;
    this.productChecked = true;
    if (!present) {
      diag.warn('dynamo-logging elastic: the server did not send X-Elastic-Product: Elasticsearch; expected with OpenSearch or a proxy, otherwise check DYN_ELASTIC_URL points at Elasticsearch');
    }
  }
}

/** Every configured header value, and every secret shape, masked in text meant for diagnostics (core's one secrets module). */
function secretScrubber(headers: Record<string, string>): (text: string) => string {
  return createSecretMasker(Object.values(headers));
}
