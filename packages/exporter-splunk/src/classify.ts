import { diag } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { classifyHttpStatus, deliveredAll, dropAll, parseRetryAfter, retryAll } from '@dynamo-logging/core/delivery';
import type { DeliveryResponse, DeliveryTransport, DroppedRecords, EncodedRequest, Outcome } from '@dynamo-logging/core/delivery';
import type { AckTracker } from './ack-tracker';
import type { HecRequestContext } from './encode';
import { HecCode, parseReply } from './hec-codes';
import type { HecReply } from './hec-codes';

/** Drop reasons (counter keys) for events HEC refused, by code. */
const EVENT_REJECTIONS: Readonly<Record<number, string>> = {
  [HecCode.INVALID_DATA_FORMAT]: 'invalid_data_format',
  [HecCode.INCORRECT_INDEX]: 'incorrect_index',
  [HecCode.EVENT_FIELD_REQUIRED]: 'event_field_required',
  [HecCode.EVENT_FIELD_BLANK]: 'event_field_blank',
  [HecCode.INDEXED_FIELDS_ERROR]: 'indexed_fields_error',
};

/** Codes an operator fixes in Splunk or in our config; the records wait for it, bounded by the queue. */
const CONFIG_PROBLEMS: Readonly<Record<number, string>> = {
  [HecCode.TOKEN_DISABLED]: 'token_disabled',
  [HecCode.TOKEN_REQUIRED]: 'token_required',
  [HecCode.INVALID_AUTHORIZATION]: 'invalid_authorization',
  [HecCode.INVALID_TOKEN]: 'invalid_token',
  [HecCode.DATA_CHANNEL_MISSING]: 'data_channel_missing',
  [HecCode.INVALID_DATA_CHANNEL]: 'invalid_data_channel',
  [HecCode.QUERY_STRING_AUTH_DISABLED]: 'query_string_auth_disabled',
};

export interface ClassifySettings {
  /** The token as diagnostics may show it (masked). */
  readonly maskedToken: string;
  readonly ack: AckTracker | undefined;
  /** Masks secrets in the server's words before they are printed (core's one secrets module); default: as is. */
  readonly scrub?: (text: string) => string;
}

function describe(reply: HecReply, status: number): string {
  // HEC always says what a code means; a reply without text came from something else in the way.
  const text = reply.text ?? (reply.code !== undefined ? 'HEC reply without text' : 'no HEC reply');
  return `${text} (${reply.code !== undefined ? `code ${reply.code}, ` : ''}HTTP ${status})`;
}

/** Maps HEC's replies, code by code, to what happens to the records of a request. */
export class HecClassifier {
  private readonly settings: ClassifySettings;
  /** The configuration problem last reported, so an outage gives one error line, not one per retry. */
  private reportedProblem: string | undefined;

  constructor(settings: ClassifySettings) {
    this.settings = settings;
  }

  classify(response: DeliveryResponse, request: EncodedRequest, transport: DeliveryTransport): Outcome | Promise<Outcome> {
    const status = response.statusCode;
    const reply = parseReply(response.body);
    const code = reply.code;

    if (status >= 200 && status < 300 && (code === undefined || code === HecCode.SUCCESS)) {
      this.recovered();
      const ack = this.settings.ack;
      if (ack !== undefined && reply.ackId !== undefined) return this.awaitAck(ack, reply.ackId, request, transport);
      return deliveredAll();
    }

    if (code !== undefined && CONFIG_PROBLEMS[code] !== undefined) return this.configProblem(CONFIG_PROBLEMS[code], reply, status, request);
    // A proxy in front of HEC may answer 401/403 without HEC's JSON: same meaning, same treatment.
    if (code === undefined && (status === 401 || status === 403)) return this.configProblem(status === 401 ? 'unauthorized' : 'forbidden', reply, status, request);

    if (code === HecCode.SERVER_BUSY || status === 503) {
      return retryAll(request, 'server_busy', parseRetryAfter(response.headers['retry-after'], Date.now()));
    }
    if (status === 429) return retryAll(request, 'rate_limited', parseRetryAfter(response.headers['retry-after'], Date.now()));
    if (code === HecCode.INTERNAL_SERVER_ERROR || status >= 500) {
      return retryAll(request, 'server_error', parseRetryAfter(response.headers['retry-after'], Date.now()));
    }

    if (code !== undefined && EVENT_REJECTIONS[code] !== undefined) return this.partial(code, reply, status, request);
    // Never sent by us (encode emits no empty body); if HEC says so anyway, nothing in this request can be delivered.
    if (code === HecCode.NO_DATA) return dropAll(request, 'no_data', describe(reply, status));
    return classifyHttpStatus(response, request);
  }

  /**
   * HEC indexes events in order and stops at the first bad one: events
   * 0..N-1 are stored, event N is refused, the rest were never looked at.
   */
  private partial(code: number, reply: HecReply, status: number, request: EncodedRequest): Outcome {
    const reason = EVENT_REJECTIONS[code] ?? 'rejected';
    const detail = describe(reply, status);
    const n = reply.invalidEventNumber;
    const records = request.records;
    if (n === undefined || n >= records.length) return dropAll(request, reason, detail);
    const drop: ReadableLogRecord[] = [records[n] as ReadableLogRecord];
    let rest = records.slice(n + 1);
    if (code === HecCode.INCORRECT_INDEX) {
      // Later events for the same forbidden index would each cost a round trip to be refused the same way.
      const indexes = (request.context as HecRequestContext | undefined)?.indexes;
      if (indexes !== undefined) {
        const bad = indexes[n];
        const keep: ReadableLogRecord[] = [];
        for (let i = n + 1; i < records.length; i++) (indexes[i] === bad ? drop : keep).push(records[i] as ReadableLogRecord);
        rest = keep;
      }
    }
    const dropped: DroppedRecords[] = [{ records: drop, reason, detail: `${detail} at event ${n}` }];
    return rest.length > 0 ? { drop: dropped, retry: { records: rest, reason: 'after_invalid_event' } } : { drop: dropped };
  }

  private configProblem(reason: string, reply: HecReply, status: number, request: EncodedRequest): Outcome {
    if (this.reportedProblem !== reason) {
      this.reportedProblem = reason;
      // A proxy or HEC may echo the token it refused: the reply is masked like every other diagnostic.
      const scrub = this.settings.scrub ?? ((text: string) => text);
      diag.error(
        `splunk: HEC refused the request with token ${this.settings.maskedToken}: ${scrub(describe(reply, status))}. ` +
          'Records stay queued (up to the queue bound) and are resent until this is fixed.',
      );
    }
    return { retry: { records: request.records, reason, untilDelivered: true } };
  }

  private recovered(): void {
    if (this.reportedProblem === undefined) return;
    diag.info(`splunk: HEC accepts requests again (after ${this.reportedProblem})`);
    this.reportedProblem = undefined;
  }

  private async awaitAck(ack: AckTracker, ackId: number, request: EncodedRequest, transport: DeliveryTransport): Promise<Outcome> {
    const result = await ack.wait(ackId, transport);
    if (result === 'timeout') return retryAll(request, 'ack_timeout');
    return deliveredAll();
  }
}
