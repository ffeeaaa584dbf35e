import { diag } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { checkAttributeValue, lookupAttribute, type AttributeDefinition } from '@dynamo-logging/semconv';
import type { UnknownKeyPolicy } from '../container-options';
import { countRenamed, isReservedKey, isUsableLine, renamedKey, RENAMED_PREFIX } from './reserved-keys';

export interface SemanticConventionOptions {
  /** What an attribute outside the registry does: `keep` (default), `warn` (keep, report each key once), `drop` (remove, count). */
  readonly unknownKeys?: UnknownKeyPolicy;
  /** Key prefixes that are never "unknown": exporter routing attributes and OTel's own namespaces. */
  readonly allowedPrefixes?: readonly string[];
}

export interface SemanticConventionStats {
  readonly aliasesNormalised: number;
  readonly valuesCoerced: number;
  /** Values of the wrong type that could not be converted losslessly: removed and reported. */
  readonly invalidValuesDropped: number;
  readonly unknownKeysDropped: number;
}

/** Keys exporters read for routing, and OTel namespaces bridges write; never treated as unknown. */
const DEFAULT_ALLOWED_PREFIXES = [RENAMED_PREFIX, 'com.splunk.', 'data_stream.', 'elasticsearch.', 'loki.', 'code.', 'exception.', 'log.', 'otel.'];

/** The JS type a value must have to need no check at all (plain registry types without pattern or enum). */
type FastType = 'string' | 'double' | 'int' | 'boolean' | undefined;

type KeyPlan =
  | { readonly kind: 'known'; readonly def: AttributeDefinition; readonly fast: FastType }
  | { readonly kind: 'alias'; readonly def: AttributeDefinition }
  | { readonly kind: 'allowed' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'reserved' }
  | { readonly kind: 'line' };

function fastTypeOf(def: AttributeDefinition): FastType {
  if (def.pattern !== undefined || def.enum !== undefined) return undefined;
  if (def.type === 'string') return 'string';
  if (def.type === 'boolean') return 'boolean';
  if (def.type === 'double') return 'double';
  if (def.type === 'int') return 'int';
  return undefined;
}

/** The common case decided inline, without the full check: the value already has the registry type. */
function isAlreadyValid(fast: FastType, value: unknown): boolean {
  switch (fast) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    default:
      return false;
  }
}

const UNKNOWN: KeyPlan = { kind: 'unknown' };
const ALLOWED: KeyPlan = { kind: 'allowed' };
const RESERVED: KeyPlan = { kind: 'reserved' };
const LINE: KeyPlan = { kind: 'line' };
const MAX_PLANS = 4_096;

/**
 * Enforces the attribute registry on every record, whichever way it entered
 * (facade or bridge): aliases become canonical keys, values are checked
 * against the registry type and coerced only when nothing is lost, and keys
 * outside the registry follow the unknown-key policy. Never throws.
 */
export class SemanticConventionProcessor implements LogRecordProcessor {
  private readonly policy: UnknownKeyPolicy;
  private readonly allowedPrefixes: readonly string[];
  private readonly plans = new Map<string, KeyPlan>();
  private readonly reported = new Set<string>();
  private counts = { aliasesNormalised: 0, valuesCoerced: 0, invalidValuesDropped: 0, unknownKeysDropped: 0 };

  constructor(options: SemanticConventionOptions = {}) {
    this.policy = options.unknownKeys ?? 'keep';
    this.allowedPrefixes = options.allowedPrefixes ?? DEFAULT_ALLOWED_PREFIXES;
  }

  stats(): SemanticConventionStats {
    return { ...this.counts };
  }

  onEmit(record: ReadWriteLogRecord): void {
    try {
      const attributes = record.attributes as Record<string, unknown>;
      for (const key in attributes) this.enforce(record, attributes, key);
    } catch (err) {
      diag.error('dynamo-logging: semantic convention enforcement failed for a record; it is kept as is', err);
    }
  }

  private planFor(key: string): KeyPlan {
    let plan = this.plans.get(key);
    if (plan !== undefined) return plan;
    const def = lookupAttribute(key);
    // Decided once per key with the rest of its plan, so the common keys pay nothing more.
    if (isReservedKey(key)) plan = RESERVED;
    else if (key === 'line') plan = LINE;
    else if (def === undefined) plan = this.allowedPrefixes.some((p) => key.startsWith(p)) ? ALLOWED : UNKNOWN;
    else plan = def.key === key ? { kind: 'known', def, fast: fastTypeOf(def) } : { kind: 'alias', def };
    if (this.plans.size < MAX_PLANS) this.plans.set(key, plan);
    return plan;
  }

  private enforce(record: ReadWriteLogRecord, attributes: Record<string, unknown>, key: string): void {
    const plan = this.planFor(key);
    if (plan.kind === 'allowed') return;
    if (plan.kind === 'reserved') {
      this.rename(attributes, key);
      return;
    }
    if (plan.kind === 'line') {
      if (!isUsableLine(attributes[key])) this.rename(attributes, key);
      return;
    }
    if (plan.kind === 'unknown') {
      if (this.policy === 'keep') return;
      this.reportOnce(`unknown:${key}`, `dynamo-logging: attribute "${key}" is not in the semconv registry (policy ${this.policy})`);
      if (this.policy === 'drop') {
        delete attributes[key];
        this.counts.unknownKeysDropped++;
      }
      return;
    }
    const def = plan.def;
    const value = attributes[key];
    if (plan.kind === 'known' && isAlreadyValid(plan.fast, value)) return;
    if (plan.kind === 'alias') {
      delete attributes[key];
      this.counts.aliasesNormalised++;
      // An explicit canonical value wins over an alias of it.
      if (attributes[def.key] !== undefined) return;
      if (isReservedKey(def.key)) {
        // `log.level` -> `level`, which the line writes itself: kept under the renamed key like a `level` attribute.
        const target = renamedKey(def.key);
        if (attributes[target] === undefined) record.setAttribute(target, value as never);
        countRenamed();
        return;
      }
      this.setChecked(record, attributes, def, value);
      return;
    }
    this.setChecked(record, attributes, def, value, true);
  }

  /** Keeps the value under `attr.<key>`; an attribute already there (set by the caller) wins. */
  private rename(attributes: Record<string, unknown>, key: string): void {
    const value = attributes[key];
    delete attributes[key];
    const target = renamedKey(key);
    if (attributes[target] === undefined) attributes[target] = value;
    countRenamed();
  }

  private setChecked(record: ReadWriteLogRecord, attributes: Record<string, unknown>, def: AttributeDefinition, value: unknown, inPlace = false): void {
    const result = checkAttributeValue(def, value);
    if (result.ok) {
      if (result.value !== value) this.counts.valuesCoerced++;
      if (!inPlace || result.value !== value) {
        if (inPlace) attributes[def.key] = result.value;
        else record.setAttribute(def.key, result.value);
      }
      return;
    }
    if (inPlace) delete attributes[def.key];
    this.counts.invalidValuesDropped++;
    this.reportOnce(`invalid:${def.key}`, `dynamo-logging: attribute "${def.key}" must be ${def.type}; dropped a value (${result.reason})`);
  }

  private reportOnce(id: string, message: string): void {
    if (this.reported.has(id) || this.reported.size > MAX_PLANS) return;
    this.reported.add(id);
    diag.warn(message);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
