import { dropAll, deliveredAll, retryAll } from './outcome-helpers';
import { parseRetryAfter } from './retry-after';
import type { DeliveryResponse, EncodedRequest, Outcome } from './types';

const DETAIL_MAX = 512;

/** The server's body as one short line, for the drop diagnostic. */
export function responseDetail(response: DeliveryResponse): string {
  const text = response.body.toString('utf8').replace(/\s+/g, ' ').trim();
  const detail = text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}...` : text;
  return detail === '' ? `HTTP ${response.statusCode}` : `HTTP ${response.statusCode}: ${detail}`;
}

/**
 * A default classification by status code, for backends without per-item
 * results: 2xx delivered; 429/502/503/504 and other 5xx retried, honouring
 * `Retry-After`; 3xx and other 4xx dropped as `rejected` with the server's words.
 */
export function classifyHttpStatus(response: DeliveryResponse, request: EncodedRequest): Outcome {
  const status = response.statusCode;
  if (status >= 200 && status < 300) return deliveredAll();
  if (status === 429 || status >= 500) {
    const afterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
    return retryAll(request, `http_${status}`, afterMs);
  }
  return dropAll(request, 'rejected', responseDetail(response));
}
