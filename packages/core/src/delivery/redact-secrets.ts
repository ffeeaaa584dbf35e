import { createSecretMasker } from '../secret-masker';

/**
 * Masks credentials in any text the delivery layer prints or throws:
 * configured header values, URL userinfo, and every secret shape the
 * RedactionProcessor knows (the shared secrets module). Applied to every diag
 * line, error message and server-provided detail, since a server may echo the
 * token it rejected.
 */
export const REDACTED = '[REDACTED]';

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  return createSecretMasker(secrets);
}
