/**
 * A Prometheus label-set parser, as Loki's `syntax.ParseLabels` accepts a
 * stream's labels: `{name="value", ...}`, names `[a-zA-Z_][a-zA-Z0-9_]*`,
 * values Go double-quoted strings (strconv.Unquote escapes). Throws with
 * a message close to the LogQL parser's on anything else.
 */
export function parseLabelSet(text: string): Array<[string, string]> {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`parse error at line 1, col ${i + 1}: ${what}`);
  };
  ws();
  if (text[i] !== '{') fail('syntax error: unexpected input, expecting {');
  i++;
  const pairs: Array<[string, string]> = [];
  ws();
  while (text[i] !== '}') {
    const start = i;
    if (!/[a-zA-Z_]/.test(text[i] ?? '')) fail(`syntax error: unexpected character "${text[i] ?? 'EOF'}" in label name`);
    while (i < text.length && /[a-zA-Z0-9_]/.test(text[i]!)) i++;
    const name = text.slice(start, i);
    ws();
    if (text[i] !== '=' || text[i + 1] === '~') fail('syntax error: unexpected input, expecting =');
    i++;
    ws();
    if (text[i] !== '"') fail('syntax error: unexpected input, expecting STRING');
    i++;
    let value = '';
    for (;;) {
      if (i >= text.length) fail('literal not terminated');
      const c = text[i]!;
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\n') fail('literal not terminated');
      if (c !== '\\') {
        value += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        case 'a': value += '\x07'; break;
        case 'b': value += '\b'; break;
        case 'f': value += '\f'; break;
        case 'v': value += '\v'; break;
        case '\\': value += '\\'; break;
        case '"': value += '"'; break;
        case "'": value += "'"; break;
        case 'x': {
          const hex = text.slice(i, i + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('invalid syntax');
          value += String.fromCharCode(parseInt(hex, 16));
          i += 2;
          break;
        }
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid syntax');
          value += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          fail('invalid syntax');
      }
    }
    pairs.push([name, value]);
    ws();
    if (text[i] === ',') {
      i++;
      ws();
    } else if (text[i] !== '}') {
      fail('syntax error: unexpected input, expecting , or }');
    }
  }
  i++;
  ws();
  if (i !== text.length) fail('syntax error: unexpected input after }');
  return pairs;
}

/** Loki's canonical label text (`labels.Labels.String()`): sorted, `, `-separated, Go-quoted. */
export function canonicalLabels(pairs: Array<[string, string]>): string {
  const sorted = [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return '{' + sorted.map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(', ') + '}';
}
