import {
  compileDefaultPatterns,
  HAS_DIGITS,
  HAS_HEX_RUN,
  HAS_SCHEME_WORD,
  HAS_SEPARATOR,
  HAS_SPACE,
  HAS_TOKEN_RUN,
  scanCandidates,
  type CompiledPatterns,
} from './patterns';

/** A user pattern: every match is replaced, or only the `group`-th capture group. */
export interface RedactionPattern {
  readonly pattern: RegExp;
  /** Replace only this capture group of each match (keeps e.g. a key name); default the whole match. */
  readonly group?: number;
}

// Module-level copies: a CommonJS re-export is a getter on every access in some loaders (tsx).
const SEPARATOR = HAS_SEPARATOR;
const SPACE = HAS_SPACE;
const TOKEN_RUN = HAS_TOKEN_RUN;
const DIGITS = HAS_DIGITS;
const SCHEME_NEEDS = HAS_SEPARATOR | HAS_TOKEN_RUN | HAS_HEX_RUN | HAS_SCHEME_WORD;
const scan = scanCandidates;

const MAX_CACHED_STRINGS = 4096;
const MAX_CACHED_LENGTH = 256;

/**
 * Words after `Bearer`/`Basic` in prose are not credentials: plain or
 * capitalised words ("Bearer token missing", "Basic Auth enabled", "bearer
 * lower-case"), short acronyms ("Splunk HEC ready") and short numbers ("token
 * 42 of 100"). Credentials mix cases with digits or symbols.
 */
const PROSE_WORD = /^(?:(?=[A-Za-z-]{1,23}$)[A-Za-z][a-z]*(?:-[A-Za-z][a-z]*)*|[A-Z]{2,5}|\d{1,15})$/;
/** `max_tokens=100`, `tokenizer=llama`: counts and names, not secrets. */
const TOKEN_COUNT_KEY = /tokens$|tokenizer$|token_?(?:count|ids?|len(?:gth)?|usage|limit|budget|s_?per_?\w*)$/i;
const NUMBER = /^["']?-?\d+(?:\.\d+)?["']?$/;

interface Groups {
  [name: string]: string | undefined;
}

/**
 * Masks secret shapes inside one string: a cheap character scan decides
 * which of the three compiled default groups can match at all (most strings:
 * none), then each user pattern runs.
 */
export class StringMasker {
  private readonly defaults: CompiledPatterns | undefined;
  private readonly extra: ReadonlyArray<{ re: RegExp; group: number }>;
  private readonly replacer: (...args: unknown[]) => string;

  constructor(
    private readonly replacement: string,
    defaults: boolean,
    patterns: ReadonlyArray<RegExp | RedactionPattern>,
  ) {
    this.defaults = defaults ? compileDefaultPatterns() : undefined;
    this.extra = patterns.map((p) => {
      const re = p instanceof RegExp ? p : p.pattern;
      const flags = re.flags.includes('g') ? re.flags : re.flags + 'g';
      return { re: new RegExp(re.source, flags), group: p instanceof RegExp ? 0 : (p.group ?? 0) };
    });
    this.replacer = (...args: unknown[]) => this.replaceDefault(args);
  }

  /**
   * Strings a regex already found clean. Log values repeat (message
   * templates, routes), and a Map hit is cheaper than the regexes; strings the
   * character scan clears need no cache, as the scan is cheaper than a lookup.
   * Bounded: cleared when full; long strings are never kept.
   */
  private readonly clean = new Map<string, true>();


  private regexClean(value: string): boolean {
    return this.clean.has(value);
  }

  private rememberClean(value: string): void {
    if (value.length > MAX_CACHED_LENGTH) return;
    if (this.clean.size >= MAX_CACHED_STRINGS) this.clean.clear();
    this.clean.set(value, true);
  }

  mask(value: string): string {
    let out = value;
    const d = this.defaults;
    if (d !== undefined && out.length >= 8) {
      const flags = scan(out);
      const needsRegex = (flags & (SEPARATOR | TOKEN_RUN | DIGITS)) !== 0 || ((flags & SPACE) !== 0 && (flags & SCHEME_NEEDS) !== 0);
      if (needsRegex && this.extra.length === 0 && this.regexClean(value)) return value;
      const replacer = this.replacer as (substring: string, ...args: unknown[]) => string;
      // Context first: `Authorization: Bearer <jwt>` goes whole, before the JWT alone would.
      if ((flags & SEPARATOR) !== 0) {
        d.context.lastIndex = 0;
        out = out.replace(d.context, replacer);
      }
      if ((flags & SPACE) !== 0 && (flags & SCHEME_NEEDS) !== 0) {
        d.scheme.lastIndex = 0;
        out = out.replace(d.scheme, replacer);
      }
      if ((flags & TOKEN_RUN) !== 0) {
        d.tokens.lastIndex = 0;
        out = out.replace(d.tokens, replacer);
      }
      if ((flags & DIGITS) !== 0) {
        d.cards.lastIndex = 0;
        out = out.replace(d.cards, replacer);
      }
      if (needsRegex && out === value && this.extra.length === 0) this.rememberClean(value);
    }
    for (const { re, group } of this.extra) {
      re.lastIndex = 0;
      if (group === 0) {
        out = out.replace(re, this.replacement);
      } else {
        out = out.replace(re, (match: string, ...rest: unknown[]) => {
          const captured = rest[group - 1];
          return typeof captured === 'string' && captured.length > 0
            ? match.replace(captured, this.replacement)
            : match;
        });
      }
    }
    return out;
  }

  private replaceDefault(args: unknown[]): string {
    const match = args[0] as string;
    const groups = args[args.length - 1] as Groups;
    const r = this.replacement;
    if (groups['kv'] !== undefined) {
      const key = groups['kvKey'] ?? '';
      const value = groups['kvVal'] ?? '';
      if (NUMBER.test(value) && /token/i.test(key)) return match;
      if (TOKEN_COUNT_KEY.test(key)) return match;
      const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
      return key + (groups['kvSep'] ?? '') + quote + r + quote;
    }
    if (groups['scheme'] !== undefined) {
      const cred = groups['schemeCred'] ?? '';
      if (PROSE_WORD.test(cred)) return match;
      return (groups['schemeName'] ?? '') + (groups['schemeSp'] ?? ' ') + r;
    }
    if (groups['url'] !== undefined) return (groups['urlScheme'] ?? '') + r + '@';
    if (groups['card'] !== undefined) return isCardNumber(match) ? r : match;
    if (groups['prose'] !== undefined) {
      const value = groups['proseVal'] ?? '';
      // "password is required", "token 42 of 100": words and counts, not credentials.
      if (PROSE_WORD.test(value) || NUMBER.test(value)) return match;
      return (groups['proseKey'] ?? '') + (groups['proseSep'] ?? ' ') + r;
    }
    if (groups['flag'] !== undefined) {
      const value = groups['flagVal'] ?? '';
      if (PROSE_WORD.test(value) && !/\d/.test(value)) return match;
      return (groups['flagName'] ?? '') + (groups['flagSep'] ?? ' ') + r;
    }
    if (groups['curl'] !== undefined) return (groups['curlFlag'] ?? '-u') + (groups['curlSep'] ?? ' ') + (groups['curlUser'] ?? '') + ':' + r;
    if (groups['mysql'] !== undefined) return (groups['mysqlHead'] ?? '') + r;
    if (groups['xml'] !== undefined) return '<' + (groups['xmlTag'] ?? '') + '>' + r + '</';
    if (groups['cookie'] !== undefined) return (groups['cookieKey'] ?? '') + (groups['cookieSep'] ?? ': ') + r;
    if (groups['sas'] !== undefined) return (groups['sasKey'] ?? '') + r;
    return r;
  }
}

/** 13 to 19 digits passing the Luhn check: a card number, not an id or a timestamp that looks like one. */
function isCardNumber(text: string): boolean {
  let sum = 0;
  let count = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let d = c - 48;
    if (count % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    count++;
  }
  return count >= 13 && count <= 19 && sum % 10 === 0;
}
