/**
 * Attribute and object keys whose values are secrets, in normalised form
 * (lower case, `-`, `_`, space and `.` removed): `API-Key`, `api_key` and
 * `apikey` are the same key. A key is sensitive when it, or its last dotted
 * segment (`http.request.header.authorization`), is listed here.
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'xapikey', 'apitoken',
  'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'bearertoken', 'sessiontoken', 'csrftoken', 'xsrftoken',
  'authorization', 'proxyauthorization', 'auth', 'cookie', 'setcookie', 'privatekey', 'clientsecret',
  'credentials', 'credential', 'session', 'sessionid', 'secretkey', 'accesskey', 'secretaccesskey',
  'awssecretaccesskey', 'accountkey', 'connectionstring', 'jwt', 'xauthtoken', 'xamzsecuritytoken',
  'hftoken', 'ngcapikey', 'githubtoken', 'npmtoken', 'slacktoken', 'splunktoken', 'hectoken', 'sastoken',
  'pass', 'pw', 'pin', 'subscriptionkey', 'ocpapimsubscriptionkey', 'xfunctionskey', 'signature', 'xamzsignature',
  'xamzsecuritytoken', 'xamzcredential', 'xgoogsignature',
];

/**
 * Endings that make a key sensitive too (`db_password`, `hf_token`,
 * `aws_secret_access_key`). Only string and structured values are replaced
 * for these: `first_token: 17` is a count, not a credential. `tokens` (plural)
 * does not end in `token`, so `input_tokens`/`output_tokens` stay.
 */
export const DEFAULT_SENSITIVE_SUFFIXES: readonly string[] = [
  'password', 'passwd', 'passphrase', 'secret', 'apikey', 'token', 'accesskey', 'privatekey', 'clientsecret',
  'secretkey', 'credentials', 'authorization', 'cookie', 'sessionid', 'connectionstring', 'subscriptionkey',
];

/**
 * The one ending whose numeric values are counts, not secrets (`first_token: 17`,
 * `max_token: 512`); any other sensitive ending hides a number too (`db_password: 123456`).
 */
const COUNT_SUFFIX = 'token';

export function normaliseKey(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    // '-', '_', ' ', '.'
    if (c === 45 || c === 95 || c === 32 || c === 46) continue;
    out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : key[i];
  }
  return out;
}

/** 0: not sensitive, 1: sensitive by a `token` ending (strings and structures only), 2: sensitive whatever the value. */
export type KeySensitivity = 0 | 1 | 2;

export class KeyMatcher {
  private readonly exact: Set<string>;
  private readonly suffixes: readonly string[];
  /** Keys seen before: attribute key sets are small and repeat, so the answer is cached (bounded). */
  private readonly cache = new Map<string, KeySensitivity>();

  constructor(exact: readonly string[], suffixes: readonly string[]) {
    this.exact = new Set(exact.map(normaliseKey));
    this.suffixes = suffixes.map(normaliseKey).filter((s) => s.length > 0);
  }

  sensitivity(key: string): KeySensitivity {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const result = this.compute(key);
    if (this.cache.size >= 4096) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  private compute(key: string): KeySensitivity {
    const full = normaliseKey(key);
    if (this.exact.has(full)) return 2;
    const dot = key.lastIndexOf('.');
    if (dot >= 0 && this.exact.has(normaliseKey(key.slice(dot + 1)))) return 2;
    for (const suffix of this.suffixes) if (full.endsWith(suffix)) return suffix === COUNT_SUFFIX ? 1 : 2;
    return 0;
  }
}
