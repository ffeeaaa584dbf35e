/**
 * HEC's status codes, from Splunk's "Troubleshoot HTTP Event Collector" table:
 * the JSON reply is `{"text": ..., "code": N}` with the HTTP status shown here.
 */
export const HecCode = {
  SUCCESS: 0,
  TOKEN_DISABLED: 1,
  TOKEN_REQUIRED: 2,
  INVALID_AUTHORIZATION: 3,
  INVALID_TOKEN: 4,
  NO_DATA: 5,
  INVALID_DATA_FORMAT: 6,
  INCORRECT_INDEX: 7,
  INTERNAL_SERVER_ERROR: 8,
  SERVER_BUSY: 9,
  DATA_CHANNEL_MISSING: 10,
  INVALID_DATA_CHANNEL: 11,
  EVENT_FIELD_REQUIRED: 12,
  EVENT_FIELD_BLANK: 13,
  ACK_DISABLED: 14,
  INDEXED_FIELDS_ERROR: 15,
  QUERY_STRING_AUTH_DISABLED: 16,
  HEALTHY: 17,
} as const;

/** A parsed HEC reply; fields absent when the body was not HEC's JSON (a proxy's page, say). */
export interface HecReply {
  readonly text?: string;
  readonly code?: number;
  readonly invalidEventNumber?: number;
  readonly ackId?: number;
}

export function parseReply(body: Buffer | Uint8Array): HecReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch {
    return {};
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const o = parsed as Record<string, unknown>;
  const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  return {
    ...(typeof o.text === 'string' ? { text: o.text } : {}),
    ...(int(o.code) !== undefined ? { code: int(o.code) } : {}),
    ...(int(o['invalid-event-number']) !== undefined ? { invalidEventNumber: int(o['invalid-event-number']) } : {}),
    ...(int(o.ackId) !== undefined ? { ackId: int(o.ackId) } : {}),
  };
}
