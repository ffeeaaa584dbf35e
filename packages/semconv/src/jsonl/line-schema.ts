import { ATTRIBUTE_REGISTRY, REGISTRY_VERSION } from '../generated/attributes';
import { buildJsonlLineSchema } from './build-line-schema';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * JSON Schema (draft 2020-12) of one Dynamo JSONL line; the same document as
 * schema/dynamo-jsonl-line.schema.json. Frozen: compile it, do not change it.
 */
export const JSONL_LINE_SCHEMA: Readonly<Record<string, unknown>> = deepFreeze(
  buildJsonlLineSchema(ATTRIBUTE_REGISTRY, REGISTRY_VERSION),
);
