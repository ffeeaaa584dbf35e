/**
 * Secret shapes masked inside strings (messages and string attributes),
 * compiled once into a single alternation so a string is scanned in one pass
 * (pino compiles its redaction paths once for the same reason). Node 20 has no
 * inline `(?i:)` groups, so case-insensitive literals are spelled out by `ci`.
 */

/** `ci('bearer')` -> `[Bb][Ee][Aa][Rr][Ee][Rr]`. */
function ci(word: string): string {
  let out = '';
  for (const ch of word) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += lower === upper ? ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&') : '[' + upper + lower + ']';
  }
  return out;
}

/** Words that make `word=value` / `word: value` / `"word":"value"` in free text a secret. */
const KV_TERMS = [
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'api[_-]?key', 'access[_-]?key', 'private[_-]?key',
  'credentials?', 'authorization', 'cookie', 'session[_-]?id', 'account[_-]?key', 'signature', 'security[_-]?token',
  'subscription[_-]?key',
].map((t) => t.split(/(\[_-\]\?|s\?)/).map((part) => (part === '[_-]?' || part === 's?' ? part : ci(part))).join(''));

/** HTTP auth schemes whose next word is a credential (`Splunk <guid>` is HEC's). */
const SCHEMES = ['bearer', 'basic', 'digest', 'splunk', 'token', 'apikey', 'api-key', 'negotiate', 'sso-key'].map(ci);
const SCHEME_CRED = '[A-Za-z0-9\\-._~+/]+=*';

/** One named alternative per shape; the callback in `mask-string.ts` keys on the group name. */
export const DEFAULT_PATTERN_PARTS: ReadonlyArray<readonly [name: string, source: string]> = [
  // PEM private key blocks (also with literal "\n" escapes inside JSON); an unterminated block is cut to the end.
  ['pem', '-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)'],
  // PuTTY / age / OpenSSH-style standalone private keys.
  ['agekey', 'AGE-SECRET-KEY-1[0-9A-Z]{58}'],
  // scheme://user:pass@host and scheme://token@host: the whole userinfo goes.
  ['url', '(?<urlScheme>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://)(?<urlInfo>[^\\s/?#@"\'<>]+)@'],
  // Cookie / Set-Cookie header lines: every pair up to the end of the line.
  ['cookie', '(?<![A-Za-z0-9_-])(?<cookieKey>(?:' + ci('set-') + ')?' + ci('cookie') + ')(?<cookieSep>\\s*:\\s*)[^\\r\\n"]+'],
  // Azure SAS signatures and similar `sig=` query parameters.
  ['sas', '(?<sasKey>[?&]sig=)[^&\\s"\'<>]+'],
  // key=value, key: value, "key":"value" in free text (query strings, connection strings, JSON in messages).
  [
    'kv',
    // The lookahead rejects, in one scan of the word, the words not followed by `=`/`:` (nearly all),
    // before the costly search for a term inside the word.
    '(?<![A-Za-z0-9_.-])(?=[A-Za-z0-9_.-]+\\\\{0,3}["\']?\\s*[:=])' +
      '(?<kvKey>[A-Za-z0-9_.-]*(?:' + KV_TERMS.join('|') + ')[A-Za-z0-9_.-]*|(?:' + ['pass', 'auth', 'pw'].map(ci).join('|') + ')(?![A-Za-z0-9_.-]))' +
      // A JSON document inside a JSON string writes its quotes as \" (or \\\"): the same field.
      '(?<kvSep>\\\\{0,3}["\']?\\s*[:=]\\s*)' +
      '(?<kvVal>\\\\{1,3}"(?:(?!\\\\{1,3}")[^\\r\\n])*\\\\{1,3}"|"(?:[^"\\\\\\r\\n]|\\\\.)*"|\'[^\'\\r\\n]*\'|(?:' + SCHEMES.join('|') + ')\\s+' + SCHEME_CRED +
      // Unquoted: on past an `&` or a space unless what follows starts another key=value (`&page=2`, ` user=bob`).
      '|[^\\s"\',;&}\\])<>]+(?:(?:&(?![A-Za-z0-9_.-]+=)|[ \\t](?![A-Za-z0-9_.-]+["\']?\\s*[:=]|$))[^\\s"\',;&}\\])<>]+)*)',
  ],
  // Authorization header values: Bearer/Basic/Splunk <credential>.
  ['scheme', '(?<![A-Za-z0-9_-])(?<schemeName>' + SCHEMES.join('|') + ')(?<schemeSp>\\s+)(?<schemeCred>' + SCHEME_CRED + ')'],
  // JSON Web Tokens (signature may be empty for alg "none").
  ['jwt', '\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*'],
  // AWS access key ids.
  ['aws', '\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\\b'],
  // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained.
  ['github', '\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b'],
  // GitLab personal/deploy/runner tokens.
  ['gitlab', '\\bgl(?:pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_-]{20,}'],
  // Slack tokens and webhooks.
  ['slack', '\\bxox[baprs]-[A-Za-z0-9-]{12,}|\\bxapp-\\d-[A-Za-z0-9-]{10,}|hooks\\.slack\\.com/services/[A-Za-z0-9_/]+'],
  // Stripe secret/restricted/publishable keys and webhook secrets.
  ['stripe', '\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}|\\bwhsec_[A-Za-z0-9]{20,}'],
  // Google API keys and OAuth access tokens.
  ['google', '\\bAIza[0-9A-Za-z_-]{35}|\\bya29\\.[0-9A-Za-z_-]{20,}'],
  // OpenAI / Anthropic style keys (sk-..., sk-proj-..., sk-ant-...).
  ['openai', '\\bsk-[A-Za-z0-9_-]{20,}'],
  // Hugging Face, NVIDIA NGC (nvapi-), npm, PyPI, Grafana, DigitalOcean, Shopify, Docker Hub, Databricks.
  [
    'vendor',
    '\\bhf_[A-Za-z0-9]{30,}|\\bnvapi-[A-Za-z0-9_-]{40,}|\\bnpm_[A-Za-z0-9]{36}\\b|\\bpypi-AgE[A-Za-z0-9_-]{50,}' +
      '|\\bglc_[A-Za-z0-9+/=_-]{32,}|\\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|\\bdo[opr]_v1_[a-f0-9]{64}' +
      '|\\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|\\bdckr_pat_[A-Za-z0-9_-]{20,}|\\bdapi[a-f0-9]{32}',
  ],
  // SendGrid, Twilio API key sids, Mailgun, Square, Atlassian.
  [
    'vendor2',
    '\\bSG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}|\\bSK[0-9a-fA-F]{32}\\b|\\bkey-[0-9a-zA-Z]{32}\\b' +
      '|\\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,}|\\bATATT[A-Za-z0-9_=-]{20,}',
  ],
  // An AWS secret key is known only from its neighbour: 40 base64 characters shortly after a key id.
  // The run is matched first and the (costly, variable-length) look back made only for a 40-character run.
  ['awspair', '(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])(?<=\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b[^\\r\\n]{1,80}?[A-Za-z0-9/+]{40})'],
  // Webhook URLs whose path is the credential (Discord, Teams, Zapier; Slack's is above).
  ['webhook', '\\bdiscord(?:app)?\\.com/api/webhooks/\\d+/[A-Za-z0-9_-]{20,}|\\.webhook\\.office\\.com/webhookb2/[^\\s"\'<>]+|\\bhooks\\.zapier\\.com/hooks/catch/[^\\s"\'<>]+'],
  // XML elements named like secrets: <password>x</password>, <ns:apiKey>x</ns:apiKey>.
  ['xml', '<(?<xmlTag>[A-Za-z0-9_:.-]*(?:' + ['password', 'passwd', 'secret', 'token', 'api[_-]?key', 'credential'].map((t) => t.split('[_-]?').map(ci).join('[_-]?')).join('|') + ')[A-Za-z0-9_:.-]*)>[^<]+</'],
  // curl -u user:pass / --user user:pass: the password part.
  ['curl', '(?<![A-Za-z0-9_-])(?<curlFlag>-u|--user)(?<curlSep>\\s+|=)(?<curlUser>[^\\s:\'"]+):[^\\s\'"]+'],
  // mysql -pSECRET (the password glued to the flag), on a mysql/mariadb command line.
  ['mysql', '(?<mysqlHead>\\b(?:mysql|mysqldump|mysqladmin|mariadb)\\b[^\\r\\n]*?\\s-p)[^\\s\'"]+'],
  // --password x, --token x: a flag and its next word.
  ['flag', '(?<flagName>-(?<![A-Za-z0-9_-]-)-?(?:' + ['password', 'passwd', 'pass', 'token', 'secret', 'api-key', 'apikey'].map(ci).join('|') + '))(?<flagSep>\\s+)(?<flagVal>[^\\s"\'-][^\\s"\']*)'],
  // Prose and .netrc: "API key: x", "password is x", "login bob password x"; only credential-looking values (see mask-string).
  [
    'prose',
    '(?<proseKey>(?<![A-Za-z0-9_-])' + ['api key', 'secret key', 'access key', 'password', 'passwd', 'passphrase', 'secret', 'token'].map(ci).join('|') + ')' +
      '(?<proseSep>\\s+(?:' + ['is', 'was', 'set to'].map(ci).join('|') + ')\\s+|\\s*:\\s*|\\s+)(?<proseVal>[^\\s"\',;<>]{4,})',
  ],
  // Payment card numbers (Visa, Mastercard, Amex, Discover), plain or grouped; Luhn-checked in mask-string.
  // Not inside a longer word: a UUID's digit groups ("…-4000-8000-411111111111") can pass the Luhn check.
  ['card', '(?<![0-9A-Za-z_-])(?:4\\d{3}|5[1-5]\\d{2}|2[2-7]\\d{2}|3[47]\\d{2}|6(?:011|5\\d{2}|4[4-9]\\d))(?:[ -]?\\d){9,15}(?![0-9A-Za-z_-])'],
];

/** What a string may hold, from one cheap scan; decides which pattern groups run. */
export const HAS_SEPARATOR = 1; // '=', ':' or '@': key=value, headers, URLs
export const HAS_SPACE = 2;
/** A run of 16+ token characters with a non-hex one: keys, JWTs, PEM bodies, vendor tokens. */
export const HAS_TOKEN_RUN = 4;
/**
 * A run of 16+ hex digits and '-' after whitespace: UUIDs and digests match no
 * token shape by themselves, but `Splunk <guid>` is a credential.
 */
export const HAS_HEX_RUN = 8;
/** An auth scheme word (`Bearer`, `Basic`, ...) followed by whitespace: the credential after it may be short. */
export const HAS_SCHEME_WORD = 16;
/** 13 or more digits in one run of digits, spaces and dashes: maybe a card number. */
export const HAS_DIGITS = 32;
const ALL_FLAGS = 63;

/** Lower-case spellings of the scheme words, as `SCHEMES` above; looked up only for runs of their lengths. */
const SCHEME_WORDS = new Set([
  'bearer', 'basic', 'digest', 'splunk', 'token', 'apikey', 'api-key', 'negotiate', 'sso-key',
  // Words before a credential in command lines and prose: `mysql -p…`, `--password x`, `password is x`.
  'mysql', 'mariadb', 'mysqldump', 'password', 'passwd', 'passphrase', 'secret', '--user', '--password', '--passwd',
  '--pass', '--token', '--secret', '--api-key', '--apikey',
]);
const MIN_SCHEME = 5;
const MAX_SCHEME = 10;

const OTHER = 0;
const SEPARATOR = 1;
const SPACE = 2;
/** Token characters that can also be part of a hex run: 0-9 a-f A-F '-'. */
const HEX = 3;
/** Other token characters: the rest of A-Z a-z, '+', '/', '_', '.'. */
const TOKEN = 4;

const CHAR_KIND: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const isToken = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 47 && c <= 57) || c === 43 || c === 95 || c === 46 || c === 45;
    if (isToken) {
      const isHex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45;
      table[c] = isHex ? HEX : TOKEN;
    } else if (c === 61 || c === 58 || c === 64 || c === 60) {
      table[c] = SEPARATOR;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      table[c] = SPACE;
    }
  }
  return table;
})();

/**
 * One pass over the string's characters. Every default shape needs `=`,
 * `:` or `@`, a run of at least 16 token characters, or an auth scheme word
 * before whitespace (`Basic dXNlcjpw`); typical messages and ids have none and
 * skip the regexes entirely. Only words of a scheme's length are looked up.
 */
export function scanCandidates(value: string): number {
  let flags = 0;
  let run = 0;
  let hexOnly = true;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 13) flags |= HAS_DIGITS;
    } else if (c !== 32 && c !== 45) {
      digits = 0;
    }
    // One table load per character instead of a chain of range tests.
    const kind = c < 128 ? CHAR_KIND[c]! : OTHER;
    if (kind >= HEX) {
      if (kind === TOKEN) hexOnly = false;
      if (++run >= 16) flags |= hexOnly ? ((flags & HAS_SPACE) !== 0 ? HAS_HEX_RUN : 0) : HAS_TOKEN_RUN;
      continue;
    }
    if (kind === SPACE && run >= MIN_SCHEME && run <= MAX_SCHEME && (flags & HAS_SCHEME_WORD) === 0 && isSchemeWord(value, i - run, i)) {
      flags |= HAS_SCHEME_WORD;
    }
    run = 0;
    hexOnly = true;
    if (kind === SEPARATOR) flags |= HAS_SEPARATOR;
    else if (kind === SPACE) flags |= HAS_SPACE;
    if (flags === ALL_FLAGS) break;
  }
  return flags;
}

function isSchemeWord(value: string, start: number, end: number): boolean {
  // Most words of these lengths are prose: the first letter rules them out before any allocation.
  const first = value.charCodeAt(start) | 32;
  // b d s t a n, m (mysql, mariadb), p (password...), '-' (--user).
  if (first !== 98 && first !== 100 && first !== 115 && first !== 116 && first !== 97 && first !== 110 && first !== 109 && first !== 112 && first !== 45) {
    return false;
  }
  return SCHEME_WORDS.has(value.slice(start, end).toLowerCase());
}

/** The default shapes in three groups, each one alternation, so a string only pays for the groups it may match. */
export interface CompiledPatterns {
  /** key=value, cookies, SAS signatures, URL userinfo: need a separator. */
  readonly context: RegExp;
  /** `Bearer <credential>` and other auth schemes: need whitespace. */
  readonly scheme: RegExp;
  /** Self-describing tokens and key blocks: need a long token run. */
  readonly tokens: RegExp;
  /** Card numbers: need 13 digits in a row (spaces and dashes allowed). */
  readonly cards: RegExp;
}

const CONTEXT_GROUP = new Set(['cookie', 'sas', 'url', 'kv', 'xml', 'curl']);
const SCHEME_GROUP = new Set(['scheme', 'mysql', 'flag', 'prose']);
const CARD_GROUP = new Set(['card']);

function alternation(names: (name: string) => boolean): RegExp {
  const parts = DEFAULT_PATTERN_PARTS.filter(([name]) => names(name));
  return new RegExp(parts.map(([name, source]) => '(?<' + name + '>' + source + ')').join('|'), 'g');
}

export function compileDefaultPatterns(): CompiledPatterns {
  return {
    context: alternation((n) => CONTEXT_GROUP.has(n)),
    scheme: alternation((n) => SCHEME_GROUP.has(n)),
    tokens: alternation((n) => !CONTEXT_GROUP.has(n) && !SCHEME_GROUP.has(n) && !CARD_GROUP.has(n)),
    cards: alternation((n) => CARD_GROUP.has(n)),
  };
}
