import { DEFAULT_REDACTION_REPLACEMENT } from './processors/redaction-processor';
import { StringMasker } from './processors/redaction/mask-string';

/**
 * The one secrets module for text outside records: the delivery layer's
 * diagnostics and errors, Elasticsearch's scrubber and Splunk's messages. It
 * masks the literal secrets a component knows (header values, tokens, the
 * credential after a scheme word, a Basic header's decoded password), then
 * every secret shape the RedactionProcessor masks in records, with the same
 * compiled patterns, so a fix to one (a short Bearer token, say) reaches all.
 */
export type SecretMasker = (text: string) => string;

/** Literal secrets a credential implies: the value, the part after its scheme word, a Basic pair's password. */
export function secretsOf(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string' || value.length < 3) continue;
    out.push(value);
    const space = value.indexOf(' ');
    if (space > 0 && value.length - space > 4) {
      const token = value.slice(space + 1);
      out.push(token);
      if (value.slice(0, space).toLowerCase() === 'basic') {
        const decoded = Buffer.from(token, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon >= 0 && decoded.length - colon > 4) out.push(decoded.slice(colon + 1));
      }
    }
  }
  return out;
}

export function createSecretMasker(literals: readonly string[] = []): SecretMasker {
  // Longest first, so a secret containing another is masked whole.
  const known = [...new Set(secretsOf(literals))].sort((a, b) => b.length - a.length);
  const masker = new StringMasker(DEFAULT_REDACTION_REPLACEMENT, true, []);
  return (text: string): string => {
    let out = String(text);
    for (const secret of known) {
      if (out.includes(secret)) out = out.split(secret).join(DEFAULT_REDACTION_REPLACEMENT);
    }
    return masker.mask(out);
  };
}
