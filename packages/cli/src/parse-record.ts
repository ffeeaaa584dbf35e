/** A parsed line: a JSON object. */
export type LogRecordObject = Record<string, unknown>;

/**
 * The line as a JSON object, or undefined when it is not one (not JSON, or a
 * JSON array, string, number...). Cheap rejection first: a JSON object line
 * starts with `{` after optional whitespace.
 */
export function parseRecord(line: string): LogRecordObject | undefined {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  if (line[i] !== '{') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LogRecordObject) : undefined;
  } catch {
    return undefined;
  }
}
