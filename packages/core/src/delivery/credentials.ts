import { ConfigurationError } from '../errors';

/** One source's credentials (code options, or variables, or the endpoint's userinfo). */
export interface Credentials {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly bearerToken?: string | undefined;
  /** Elasticsearch's API key: its encoded form (base64 of `id:key`) or `id:key`. */
  readonly apiKey?: string | undefined;
}

/** How the fields are called where they were set (`username`, `DYN_LOKI_USERNAME`...), for messages. */
export interface CredentialNames {
  readonly username: string;
  readonly password: string;
  readonly bearerToken: string;
  readonly apiKey?: string;
}

export interface CredentialRules {
  /** Loki's basic auth accepts a user with an empty password; Elasticsearch's source of credentials must give both. */
  readonly passwordOptional?: boolean;
}

/**
 * The `Authorization` value of one source of credentials, or undefined when it has none. Two kinds in one source,
 * or half a basic pair, is a `ConfigurationError` naming the options or variables, never their values: an
 * operator's mistake worth stopping for, since a guess would send logs with the wrong identity.
 */
export function authorizationHeader(credentials: Credentials, names: CredentialNames, rules: CredentialRules = {}): string | undefined {
  const { username, password, bearerToken, apiKey } = credentials;
  const basic = username !== undefined || password !== undefined;
  if ([basic, bearerToken !== undefined, apiKey !== undefined].filter(Boolean).length > 1) {
    const kinds = [`basic auth (${names.username}/${names.password})`, `a bearer token (${names.bearerToken})`];
    if (names.apiKey !== undefined) kinds.push(`an API key (${names.apiKey})`);
    throw new ConfigurationError(`credentials: set either ${kinds.join(' or ')}, not more than one`);
  }
  if (apiKey !== undefined) return `ApiKey ${encodeApiKey(apiKey)}`;
  if (bearerToken !== undefined) return `Bearer ${bearerToken}`;
  if (!basic) return undefined;
  if (username === undefined) throw new ConfigurationError(`credentials: ${names.password} needs a user name (${names.username})`);
  if (password === undefined && rules.passwordOptional !== true) {
    throw new ConfigurationError(`credentials: ${names.username} needs a password (${names.password})`);
  }
  return 'Basic ' + Buffer.from(`${username}:${password ?? ''}`, 'utf8').toString('base64');
}

/** `id:key` or the encoded form; Elasticsearch wants base64(`id:key`). */
function encodeApiKey(key: string): string {
  return key.includes(':') ? Buffer.from(key, 'utf8').toString('base64') : key;
}

/** True when `headers` already has an Authorization header (any case): a caller's own header wins over resolved credentials. */
export function hasAuthorization(headers: Record<string, string> | undefined): boolean {
  return headers !== undefined && Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
}
