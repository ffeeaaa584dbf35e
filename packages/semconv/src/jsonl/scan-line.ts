export interface LineScan {
  /** Top-level keys in the order they appear in the text, duplicates included. */
  readonly keys: string[];
  /** Offset of the first whitespace character outside a string, or -1. */
  readonly whitespaceAt: number;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Reads the top-level keys and finds whitespace outside strings in text that
 * JSON.parse has already accepted as an object. Reading the text rather than the
 * parsed object keeps the written order (an object would move keys such as "1"
 * to the front) and shows duplicate keys.
 */
export function scanLine(text: string): LineScan {
  const keys: string[] = [];
  let whitespaceAt = -1;
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, j + 1)) as string);
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = depth === 1 && c === '{';
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ',') {
      expectKey = depth === 1;
    } else if (WHITESPACE.has(c) && whitespaceAt < 0) {
      whitespaceAt = i;
    }
  }
  return { keys, whitespaceAt };
}
