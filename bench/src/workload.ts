import { randomUUID } from 'node:crypto';

/**
 * The two record shapes every contender logs. `constant` is the flattering
 * one (one message, five string attributes, no span); `mixed` is what a
 * service sends: the message changes per record, the attributes are of
 * several types with a nested object, and the record is inside an active,
 * sampled span. Every message carries `bm#<seq>#` so the receiver can count
 * each record once, whatever the wire format.
 */
export type Shape = 'constant' | 'mixed';

export const SHAPES: readonly Shape[] = ['constant', 'mixed'];

const REQUEST_IDS = Array.from({ length: 4096 }, () => randomUUID());

export function messageFor(shape: Shape, seq: number): string {
  return shape === 'constant' ? `bm#${seq}# Registering new stream` : `bm#${seq}# request ${REQUEST_IDS[seq & 4095]!.slice(0, 8)} finished in ${seq % 977} ms after ${seq % 13} retries`;
}

export function attributesFor(shape: Shape, seq: number): Record<string, unknown> {
  if (shape === 'constant') {
    return { model: 'llama-3-8b', method: 'POST', uri: '/v1/chat/completions', namespace: 'dynamo', operation: 'generate' };
  }
  return {
    model: seq % 3 === 0 ? 'llama-3-8b' : 'llama-3-70b',
    input_tokens: 100 + (seq % 4000),
    stream: (seq & 1) === 0,
    x_request_id: REQUEST_IDS[seq & 4095]!,
    usage: { prompt: seq % 100, completion: seq % 37, cached: seq % 5 === 0 },
  };
}

/** Records logged per event-loop turn: services log between I/O, not in one synchronous burst. */
export const CHUNK = 1000;
