/**
 * A `--target` pattern as a regular expression over the whole target:
 * `*` any run of characters, `?` one character, everything else literal.
 * `dynamo.http*` matches `dynamo.http` and `dynamo.http.server`.
 */
export function targetGlob(pattern: string): RegExp {
  let source = '';
  for (const c of pattern) {
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp('^' + source + '$', 's');
}
