import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

// Timestamps, severity, scope and span ids: roughly what every record costs beyond its body and attributes.
const RECORD_OVERHEAD = 160;
const MAX_DEPTH = 8;

function valueSize(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
    case 'bigint':
    case 'boolean':
      return 8;
    case 'object': {
      if (value === null) return 4;
      if (depth >= MAX_DEPTH) return 16;
      if (value instanceof Uint8Array) return value.byteLength;
      let size = 2;
      if (Array.isArray(value)) {
        for (const item of value) size += valueSize(item, depth + 1) + 1;
      } else {
        // for-in, not Object.keys: this runs for every record and should not allocate.
        for (const key in value) size += key.length + 4 + valueSize((value as Record<string, unknown>)[key], depth + 1);
      }
      return size;
    }
    default:
      return 4;
  }
}

/**
 * A cheap estimate of a record's serialized size, for the memory queue's byte
 * bound. Resource and scope are shared by many records, so they are not counted.
 */
export function estimateRecordSize(record: ReadableLogRecord): number {
  return RECORD_OVERHEAD + valueSize(record.body, 0) + valueSize(record.attributes, 0);
}
