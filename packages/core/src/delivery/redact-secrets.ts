/**
 * Masks credentials in any text the delivery layer prints or throws: configured
 * header values (tokens, API keys), URL userinfo, and values following
 * `Authorization`-like words. Applied to every diag line, error message and
 * server-provided detail, since a server may echo the token it rejected.
 */
export const REDACTED = '[REDACTED]';

// scheme://user:pass@host -> scheme://[REDACTED]@host
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>]+@/gi;
// Authorization: Bearer x, "authorization":"Splunk x", api-key=x, Basic x ...
const AUTH_VALUE =
  /\b(authorization|proxy-authorization|x-api-key|api[-_]?key|apikey|token|password|passwd|secret)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|splunk|apikey|token|digest)\s+)?[^\s"',;}]+/gi;
const SCHEME_VALUE = /\b(Bearer|Basic|Splunk|ApiKey)\s+[A-Za-z0-9._~+/=-]{6,}/g;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  // Longest first, so a secret containing another is masked whole.
  const literal = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= 3))].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = String(text);
    for (const secret of literal) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out
      .replace(USERINFO, `$1${REDACTED}@`)
      .replace(AUTH_VALUE, (_m, key: string, sep: string, scheme: string | undefined) => `${key}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`)
      .replace(SCHEME_VALUE, `$1 ${REDACTED}`);
  };
}
