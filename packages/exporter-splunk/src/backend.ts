import { diag } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { REAL_CLOCK } from '@dynamo-logging/core/delivery';
import type { DeliveryBackend, DeliveryClock, DeliveryResponse, DeliveryTransport, EncodedRequest, Outcome } from '@dynamo-logging/core/delivery';
import { createSecretMasker } from '@dynamo-logging/core';
import { AckTracker } from './ack-tracker';
import { HecClassifier } from './classify';
import { maskToken } from './config';
import type { ResolvedSplunkConfig } from './config';
import { HecEncoder } from './encode';
import { HecCode, parseReply } from './hec-codes';

/** What is particular to Splunk HEC, handed to core's delivery layer. */
export class SplunkHecBackend implements DeliveryBackend {
  readonly name = 'splunk';
  readonly maxBodyBytes: number;
  private readonly encoder: HecEncoder;
  private readonly classifier: HecClassifier;
  private readonly ack: AckTracker | undefined;
  private readonly config: ResolvedSplunkConfig;

  /** `clock`: a test's (acknowledgment polls and deadlines on it); default the system's. */
  constructor(config: ResolvedSplunkConfig, /** @internal */ clock: DeliveryClock = REAL_CLOCK) {
    this.config = config;
    // HEC's max_content_length and the Collector's max_content_length_logs are both about bytes received; we bound the
    // uncompressed body, which is never smaller than the gzip one, so the limit holds either way.
    this.maxBodyBytes = config.maxContentLength;
    this.encoder = new HecEncoder(config);
    this.ack = config.ack
      ? new AckTracker({ ackPath: config.ackPath, channel: config.channel, pollIntervalMillis: config.ackPollIntervalMillis, timeoutMillis: config.ackTimeoutMillis }, clock)
      : undefined;
    this.classifier = new HecClassifier({ maskedToken: maskToken(config.token), ack: this.ack, scrub: createSecretMasker([config.token, `Splunk ${config.token}`]) });
  }

  encode(records: ReadableLogRecord[]): EncodedRequest[] {
    return this.encoder.encode(records);
  }

  classify(response: DeliveryResponse, request: EncodedRequest, transport: DeliveryTransport): Outcome | Promise<Outcome> {
    return this.classifier.classify(response, request, transport);
  }

  release(request: EncodedRequest): void {
    this.encoder.release(request);
  }

  async start(transport: DeliveryTransport): Promise<void> {
    if (!this.config.healthCheck) return;
    try {
      const response = await transport.send({ method: 'GET', path: this.config.healthPath, compression: 'none' });
      const reply = parseReply(response.body);
      if (response.statusCode === 200 && (reply.code === undefined || reply.code === HecCode.HEALTHY)) {
        diag.debug('splunk: HEC health check passed');
        return;
      }
      diag.warn(`splunk: HEC health check failed: ${reply.text ?? 'no HEC reply'} (${reply.code !== undefined ? `code ${reply.code}, ` : ''}HTTP ${response.statusCode}); sending anyway, failures are retried`);
    } catch (err) {
      diag.warn(`splunk: HEC health check could not reach the server: ${err instanceof Error ? err.message : String(err)}; sending anyway, failures are retried`);
    }
  }

  async shutdown(): Promise<void> {
    this.ack?.close();
    await this.ack?.idle();
  }

  /** Ends every wait for an acknowledgment: those requests count as not delivered. */
  abandonAcks(): void {
    this.ack?.close();
  }
}
