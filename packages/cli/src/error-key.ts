/**
 * The key a validator message is about, read from the sentence
 * `validateJsonlLine` wrote: a JSON pointer at its start (`/time must ...`),
 * the property of a `required`/`dependentRequired` error, a duplicate key, or
 * the key found out of order. Undefined for errors about the whole line.
 */
export function errorKey(message: string): string | undefined {
  let m = /^duplicate key "(.*)"$/s.exec(message);
  if (m !== null) return m[1];
  m = /^key order: expected ".*?" at position \d+, found "(.*?)" \(/s.exec(message);
  if (m !== null) return m[1];
  m = /^\/([^/ ]*)/.exec(message);
  if (m !== null) return m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
  m = /must have required property '(.*)'/s.exec(message);
  if (m !== null) return m[1];
  m = /must have propert(?:y|ies) (\S+?),? when property/.exec(message);
  if (m !== null) return m[1];
  return undefined;
}
