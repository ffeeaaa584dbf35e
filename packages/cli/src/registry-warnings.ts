import { LINE_HEAD_KEYS, lookupAttribute } from '@dynamo-logging/semconv';
import type { LogRecordObject } from './parse-record';

const HEAD = new Set<string>(LINE_HEAD_KEYS);

export interface KeyWarning {
  readonly key: string;
  readonly message: string;
}

/**
 * What the attribute registry says about a valid line's keys that is worth a
 * warning but not a failure: keys it does not know (Dynamo lines may carry a
 * component's own fields), and other spellings of a registry key.
 */
export function registryWarnings(record: LogRecordObject): KeyWarning[] {
  const warnings: KeyWarning[] = [];
  for (const key of Object.keys(record)) {
    if (HEAD.has(key)) continue;
    const def = lookupAttribute(key);
    if (def === undefined) warnings.push({ key, message: 'unknown key (not in the attribute registry)' });
    else if (def.key !== key) warnings.push({ key, message: `another spelling of the registry key "${def.key}"` });
  }
  return warnings;
}
