import type { AttributeDefinition } from '../src/types';

export interface RegistryDocument {
  readonly version: string;
  readonly attributes: readonly AttributeDefinition[];
}

const TYPES = ['string', 'int', 'double', 'boolean', 'string[]'];
const PLACEMENTS = ['resource', 'record'];
const REQUIREMENTS = ['required', 'recommended', 'opt_in'];
const FIELDS = ['key', 'type', 'placement', 'labelSafe', 'requirement', 'otel', 'aliases', 'pattern', 'enum', 'description'];
// Canonical keys and OTel keys: lowercase words joined by dots or underscores.
const KEY_RE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
// Aliases may also be header-style spellings such as x-request-id.
const ALIAS_RE = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;
const SEMVER_RE = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** Name of the generated constant for a key: `x_request_id` -> `ATTR_X_REQUEST_ID`. */
export function constantName(key: string): string {
  return 'ATTR_' + key.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Every problem of a parsed registry file, as readable sentences; empty when the
 * document is sound. The generator refuses to write from a registry with problems.
 */
export function registryProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['registry must be a JSON object'];
  const { version, attributes } = doc as { version?: unknown; attributes?: unknown };
  if (typeof version !== 'string' || !SEMVER_RE.test(version)) problems.push('"version" must be a semver string such as 1.2.3');
  if (!Array.isArray(attributes) || attributes.length === 0) {
    problems.push('"attributes" must be a non-empty array');
    return problems;
  }
  for (const extra of Object.keys(doc).filter((k) => k !== 'version' && k !== 'attributes')) {
    problems.push(`unknown top-level field "${extra}"`);
  }

  const owner = new Map<string, string>(); // every spelling (key or alias) -> canonical key
  const ownerIndex = new Map<string, number>();
  const constants = new Map<string, string>();
  attributes.forEach((raw: unknown, index: number) => {
    const at = `attributes[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${at} must be an object`);
      return;
    }
    const a = raw as Record<string, unknown>;
    const name = typeof a.key === 'string' ? `${at} (${a.key})` : at;
    for (const field of Object.keys(a)) if (!FIELDS.includes(field)) problems.push(`${name}: unknown field "${field}"`);
    if (typeof a.key !== 'string' || !KEY_RE.test(a.key)) problems.push(`${name}: "key" must match ${KEY_RE}`);
    if (!TYPES.includes(a.type as string)) problems.push(`${name}: "type" must be one of ${TYPES.join(', ')}`);
    if (!PLACEMENTS.includes(a.placement as string)) problems.push(`${name}: "placement" must be one of ${PLACEMENTS.join(', ')}`);
    if (typeof a.labelSafe !== 'boolean') problems.push(`${name}: "labelSafe" must be a boolean`);
    if (!REQUIREMENTS.includes(a.requirement as string)) {
      problems.push(`${name}: "requirement" must be one of ${REQUIREMENTS.join(', ')}`);
    }
    if (a.otel !== null && (typeof a.otel !== 'string' || !KEY_RE.test(a.otel))) {
      problems.push(`${name}: "otel" must be null or an attribute key matching ${KEY_RE}`);
    }
    if (typeof a.description !== 'string' || a.description.trim() === '' || /[\r\n]/.test(a.description)) {
      problems.push(`${name}: "description" must be one non-empty line`);
    }
    if (a.labelSafe === true && a.type === 'string[]') problems.push(`${name}: a string[] attribute cannot be label-safe`);
    if (a.requirement === 'required' && a.placement !== 'resource') {
      problems.push(`${name}: only resource attributes can be required (a record cannot be made to carry one)`);
    }
    if (a.pattern !== undefined) {
      if (a.type !== 'string') problems.push(`${name}: "pattern" is only for string attributes`);
      if (typeof a.pattern !== 'string') problems.push(`${name}: "pattern" must be a string`);
      else {
        try {
          new RegExp(a.pattern, 'u');
        } catch {
          problems.push(`${name}: "pattern" is not a valid regular expression`);
        }
      }
    }
    if (a.enum !== undefined) {
      if (a.type !== 'string') problems.push(`${name}: "enum" is only for string attributes`);
      if (!isStringArray(a.enum) || a.enum.length === 0 || new Set(a.enum).size !== a.enum.length) {
        problems.push(`${name}: "enum" must be a non-empty array of distinct strings`);
      }
    }
    if (!isStringArray(a.aliases)) {
      problems.push(`${name}: "aliases" must be an array of strings`);
    } else {
      for (const alias of a.aliases) {
        if (!ALIAS_RE.test(alias)) problems.push(`${name}: alias "${alias}" must match ${ALIAS_RE}`);
        if (alias === a.key) problems.push(`${name}: alias "${alias}" repeats its own key`);
      }
    }

    if (typeof a.key !== 'string') return;
    const spellings = [a.key, ...(isStringArray(a.aliases) ? a.aliases : [])];
    for (const spelling of spellings) {
      const previous = owner.get(spelling);
      if (previous !== undefined) {
        problems.push(
          ownerIndex.get(spelling) === index
            ? `${name}: "${spelling}" is listed twice`
            : `${name}: "${spelling}" is already a key or alias of "${previous}"`,
        );
      } else {
        owner.set(spelling, a.key);
        ownerIndex.set(spelling, index);
      }
    }
    const constant = constantName(a.key);
    const clash = constants.get(constant);
    if (clash !== undefined) problems.push(`${name}: constant ${constant} is also generated for "${clash}"`);
    else constants.set(constant, a.key);
  });

  // An OTel key names one meaning: it may only be a spelling of the entry that claims it.
  for (const raw of attributes as Array<Record<string, unknown>>) {
    if (typeof raw?.otel !== 'string' || typeof raw.key !== 'string') continue;
    const holder = owner.get(raw.otel);
    if (holder !== undefined && holder !== raw.key) {
      problems.push(`"${raw.key}" names OTel key "${raw.otel}", which is a spelling of "${holder}"`);
    }
  }
  return problems;
}

/** Parses and checks registry text; throws with every problem listed. */
export function parseRegistry(text: string): RegistryDocument {
  const doc: unknown = JSON.parse(text);
  const problems = registryProblems(doc);
  if (problems.length > 0) throw new Error(`registry/attributes.json is invalid:\n  - ${problems.join('\n  - ')}`);
  return doc as RegistryDocument;
}
