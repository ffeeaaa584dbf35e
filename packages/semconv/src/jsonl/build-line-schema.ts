import type { AttributeDefinition } from '../types';

export const JSONL_LINE_SCHEMA_ID = 'urn:dynamo-logging:schema:jsonl-line';

/**
 * The keys that open every Dynamo JSONL line, in this order; absent ones are
 * skipped and every other key follows, sorted.
 */
export const LINE_HEAD_KEYS: readonly string[] = Object.freeze(['time', 'level', 'file', 'line', 'target', 'message']);

// UTC with exactly six fractional digits and Z, or the same with a numeric
// offset (DYN_LOG_USE_LOCAL_TZ), as Dynamo's Rust and Python writers print it.
const TIME_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{6}' +
  '(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$';

// Trace fields are written only while a span is active, so they come together.
const DEPENDENT_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  span_id: ['trace_id'],
  trace_id: ['span_id'],
  parent_id: ['trace_id', 'span_id'],
  span_name: ['trace_id', 'span_id'],
  tracestate: ['trace_id', 'span_id'],
};

function typeSchema(def: AttributeDefinition): Record<string, unknown> {
  switch (def.type) {
    case 'string': {
      const schema: Record<string, unknown> = { type: 'string' };
      if (def.enum !== undefined) schema.enum = [...def.enum];
      if (def.pattern !== undefined) schema.pattern = def.pattern;
      return schema;
    }
    case 'int':
      return { type: 'integer' };
    case 'double':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'string[]':
      return { type: 'array', items: { type: 'string' } };
  }
}

/**
 * Builds the JSON Schema (draft 2020-12) of one Dynamo JSONL line from the
 * registry. Pure and deterministic: the generator writes its result to
 * schema/dynamo-jsonl-line.schema.json and the package exports the same object.
 */
export function buildJsonlLineSchema(
  definitions: readonly AttributeDefinition[],
  registryVersion: string,
): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    time: {
      description: 'Timestamp with microseconds: UTC ending in Z, or local time with its offset.',
      type: 'string',
      pattern: TIME_PATTERN,
    },
    level: {
      description: 'Dynamo level name.',
      type: 'string',
      enum: ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'],
    },
    file: { description: 'Source file that emitted the record, when known.', type: 'string' },
    line: { description: 'Line in file, when known.', type: 'integer', minimum: 0 },
    target: { description: 'Logger name (the OTel instrumentation scope).', type: 'string' },
    message: { description: 'The log message.', type: 'string' },
  };
  for (const def of definitions) {
    if (Object.hasOwn(properties, def.key)) {
      // The line's own definition is stricter; keep the registry's words.
      (properties[def.key] as Record<string, unknown>).description = def.description;
      continue;
    }
    properties[def.key] = { description: def.description, ...typeSchema(def) };
  }
  const dependentRequired: Record<string, string[]> = {};
  for (const [key, needs] of Object.entries(DEPENDENT_REQUIRED)) dependentRequired[key] = [...needs];

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: JSONL_LINE_SCHEMA_ID,
    title: 'Dynamo JSONL log line',
    description:
      `One line of Dynamo's JSONL log stream (attribute registry ${registryVersion}). ` +
      'Key order (time, level, file, line, target, message, then the rest sorted) and the compact ' +
      'one-line form cannot be expressed in JSON Schema; validateJsonlLine checks them as well.',
    type: 'object',
    required: ['time', 'level', 'message'],
    properties,
    additionalProperties: { $ref: '#/$defs/nonNull' },
    dependentRequired,
    $defs: {
      nonNull: {
        description: 'Any JSON value except null, at any depth.',
        type: ['string', 'number', 'boolean', 'object', 'array'],
        items: { $ref: '#/$defs/nonNull' },
        additionalProperties: { $ref: '#/$defs/nonNull' },
      },
    },
  };
}
