/** Value type of an attribute, in the OTel attribute type names. */
export type AttributeType = 'string' | 'int' | 'double' | 'boolean' | 'string[]';

/** Where an attribute belongs: once per process (resource) or per log record. */
export type Placement = 'resource' | 'record';

/** OTel requirement levels, spelled as in the registry file. */
export type Requirement = 'required' | 'recommended' | 'opt_in';

/** A value an attribute can hold once checked. */
export type AttributeValue = string | number | boolean | string[];

/** One entry of the registry (`registry/attributes.json`). */
export interface AttributeDefinition {
  /** Dynamo's canonical, un-prefixed spelling. */
  readonly key: string;
  readonly type: AttributeType;
  readonly placement: Placement;
  /** Low cardinality: may be used as a Loki label or index dimension. */
  readonly labelSafe: boolean;
  readonly requirement: Requirement;
  /** The OpenTelemetry semantic-convention key with the same meaning, if any. */
  readonly otel: string | null;
  /** Other spellings that normalise to `key`. */
  readonly aliases: readonly string[];
  /** For string attributes: the value must match this ECMAScript regular expression. */
  readonly pattern?: string;
  /** For string attributes: the only values allowed. */
  readonly enum?: readonly string[];
  readonly description: string;
}

export type CheckResult =
  | { readonly ok: true; readonly value: AttributeValue }
  | { readonly ok: false; readonly reason: string };

export interface JsonlValidationResult {
  readonly valid: boolean;
  readonly errors: string[];
}
