import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { DEFAULT_SENSITIVE_KEYS, DEFAULT_SENSITIVE_SUFFIXES, KeyMatcher, type KeySensitivity } from './redaction/keys';
import { checkRedactionOptions } from './redaction/check-options';
import { StringMasker, type RedactionPattern } from './redaction/mask-string';

export type { RedactionPattern } from './redaction/mask-string';

/** Options of the `RedactionProcessor` (on by default in every container). */
export interface RedactionOptions {
  /** `false` turns redaction off; default true. */
  readonly enabled?: boolean;
  /** Extra sensitive keys (matched case-insensitively, ignoring `-`, `_`, `.`), added to the defaults. */
  readonly keys?: readonly string[];
  /** `false` drops the built-in key list, leaving only `keys`; default true. */
  readonly defaultKeys?: boolean;
  /** Extra value patterns masked inside strings, added to the defaults. */
  readonly patterns?: ReadonlyArray<RegExp | RedactionPattern>;
  /** `false` drops the built-in secret shapes, leaving only `patterns`; default true. */
  readonly defaultPatterns?: boolean;
  /** What replaces a secret; default `[REDACTED]`. */
  readonly replacement?: string;
}

export interface RedactionStats {
  /** Records in which at least one value was replaced. */
  readonly recordsRedacted: number;
  /** Values replaced because of their key. */
  readonly keysRedacted: number;
  /** Strings in which a secret shape was masked. */
  readonly valuesMasked: number;
}

export const DEFAULT_REDACTION_REPLACEMENT = '[REDACTED]';
/** Nesting deeper than this is replaced whole: a secret could hide below and walking further costs the caller. */
const MAX_DEPTH = 32;

/**
 * Replaces the values of sensitive keys and masks secret shapes (Bearer
 * tokens, JWTs, cloud and vendor keys, private key blocks, URL userinfo, ...)
 * in the body and attributes of every record, nested objects and arrays
 * included. Runs before any exporter and for bridged records too. The user's
 * objects are never mutated: changed structures are copies.
 */
interface KeyState {
  readonly sensitivity: KeySensitivity;
  /** The last strings found clean under this key (a key often takes turns between a few values: two models...). */
  lastClean: string | undefined;
  lastClean2: string | undefined;
  /** Clean values remembered without a later hit; at 64 the key is treated as unique-valued. */
  misses: number;
}

export class RedactionProcessor implements LogRecordProcessor {
  private readonly active: boolean;
  private readonly keys: KeyMatcher;
  private readonly masker: StringMasker;
  private readonly replacement: string;
  private readonly counters = { recordsRedacted: 0, keysRedacted: 0, valuesMasked: 0 };
  private changed = false;
  /** Per attribute key: its sensitivity and the last string found clean there (see onEmit). */
  private readonly keyStates = new Map<string, KeyState>();
  private lastCleanBody: unknown = undefined;
  private readonly visited = new Set<object>();

  constructor(options: RedactionOptions = {}) {
    checkRedactionOptions(options);
    this.active = options.enabled ?? true;
    this.replacement = options.replacement ?? DEFAULT_REDACTION_REPLACEMENT;
    const defaultKeys = options.defaultKeys ?? true;
    this.keys = new KeyMatcher(
      [...(defaultKeys ? DEFAULT_SENSITIVE_KEYS : []), ...(options.keys ?? [])],
      defaultKeys ? DEFAULT_SENSITIVE_SUFFIXES : [],
    );
    this.masker = new StringMasker(this.replacement, options.defaultPatterns ?? true, options.patterns ?? []);
  }

  onEmit(record: ReadWriteLogRecord, _context?: Context): void {
    if (!this.active) return;
    this.changed = false;
    const body = record.body;
    // A record's message and string values usually repeat the previous record's
    // at the same place (one call site, one model, one route): a string already
    // found clean there is not scanned again. Unique values cost one failed compare.
    if (body !== undefined && body !== null && body !== this.lastCleanBody) {
      const redacted = this.value(body, 0, undefined);
      if (redacted !== body) record.setBody(redacted as typeof body);
      else if (typeof body === 'string') this.lastCleanBody = body;
    }
    const attributes = record.attributes as Record<string, unknown>;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      const state = this.keyState(key);
      const sensitivity = state.sensitivity;
      let next: unknown;
      if (sensitivity === 2 || (sensitivity === 1 && typeof value !== 'number' && typeof value !== 'boolean')) {
        next = this.replacement;
        this.counters.keysRedacted++;
        this.changed = true;
      } else if (typeof value === 'string') {
        if (state.lastClean === value || state.lastClean2 === value) {
          state.misses = 0;
          continue;
        }
        next = this.value(value, 0, undefined);
        // Keys whose values never repeat (request ids) stop being remembered after a while.
        if (next === value && value.length <= 1024 && state.misses < 64) {
          state.lastClean2 = state.lastClean;
          state.lastClean = value;
          state.misses++;
        }
      } else {
        next = this.value(value, 0, undefined);
      }
      if (next !== value) record.setAttribute(key, next as never);
    }
    if (this.changed) this.counters.recordsRedacted++;
  }

  private keyState(key: string): KeyState {
    let state = this.keyStates.get(key);
    if (state === undefined) {
      if (this.keyStates.size >= 4096) this.keyStates.clear();
      state = { sensitivity: this.keys.sensitivity(key), lastClean: undefined, lastClean2: undefined, misses: 0 };
      this.keyStates.set(key, state);
    }
    return state;
  }

  /** Redacts one string the way record values are (for other sinks, such as diagnostics). */
  redactString(value: string): string {
    return this.active ? this.masker.mask(value) : value;
  }

  stats(): RedactionStats {
    return { ...this.counters };
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** The value with secrets replaced; the same reference when nothing changed. */
  private value(value: unknown, depth: number, seen: Set<object> | undefined): unknown {
    if (typeof value === 'string') {
      const masked = this.masker.mask(value);
      if (masked !== value) {
        this.counters.valuesMasked++;
        this.changed = true;
      }
      return masked;
    }
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
    if (depth >= MAX_DEPTH) {
      this.changed = true;
      return this.replacement;
    }
    // One set serves every walk: each object is removed on the way back up, so it is empty between records.
    const visited = seen ?? this.visited;
    if (visited.has(value)) return '[Circular]';
    visited.add(value);
    try {
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          // Node's rawHeaders: ['Authorization', 'Bearer x', 'Cookie', 'a=b']: a sensitive name, then its value.
          if (typeof item === 'string' && item.length <= 64 && i + 1 < value.length && typeof value[i + 1] === 'string' && this.keys.sensitivity(item) === 2) {
            copy ??= value.slice();
            copy[i + 1] = this.replacement;
            this.counters.keysRedacted++;
            this.changed = true;
            i++;
            continue;
          }
          const next = this.value(item, depth + 1, visited);
          if (next !== value[i]) {
            copy ??= value.slice();
            copy[i] = next;
          }
        }
        return copy ?? value;
      }
      const source = value as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      for (const key of Object.keys(source)) {
        const item = source[key];
        if (item === undefined || item === null) continue;
        const sensitivity = this.keys.sensitivity(key);
        let next: unknown;
        if (sensitivity === 2 || (sensitivity === 1 && typeof item !== 'number' && typeof item !== 'boolean')) {
          next = this.replacement;
          this.counters.keysRedacted++;
          this.changed = true;
        } else {
          next = this.value(item, depth + 1, visited);
        }
        if (next !== item) {
          copy ??= { ...source };
          copy[key] = next;
        }
      }
      return copy ?? value;
    } finally {
      visited.delete(value);
    }
  }
}
