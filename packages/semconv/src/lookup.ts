import { ATTRIBUTE_REGISTRY } from './generated/attributes';
import type { AttributeDefinition } from './types';

// Built once: every canonical key and alias points at its definition.
const BY_SPELLING: ReadonlyMap<string, AttributeDefinition> = (() => {
  const map = new Map<string, AttributeDefinition>();
  for (const def of ATTRIBUTE_REGISTRY) {
    map.set(def.key, def);
    for (const alias of def.aliases) map.set(alias, def);
  }
  return map;
})();

const REQUIRED_RESOURCE_KEYS: readonly string[] = Object.freeze(
  ATTRIBUTE_REGISTRY.filter((def) => def.placement === 'resource' && def.requirement === 'required').map((def) => def.key),
);

/** The definition of a canonical key or of any of its aliases (exact spelling). */
export function lookupAttribute(key: string): AttributeDefinition | undefined {
  return BY_SPELLING.get(key);
}

/** The canonical key a spelling normalises to, or undefined when the registry does not know it. */
export function canonicalKey(key: string): string | undefined {
  return BY_SPELLING.get(key)?.key;
}

/** Whether the attribute (by key or alias) has low cardinality and may be a label. Unknown keys are not. */
export function isLabelSafe(key: string): boolean {
  return BY_SPELLING.get(key)?.labelSafe === true;
}

/** Resource attributes every component must carry (`service.name`, `namespace`, `component`). */
export function requiredResourceKeys(): readonly string[] {
  return REQUIRED_RESOURCE_KEYS;
}
