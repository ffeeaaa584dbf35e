import { nonEmpty } from '../config/env';
import { ConfigurationError } from '../errors';

/** Where an exporter's endpoint comes from: its code option, else its variable. */
export interface EndpointSetting {
  /** What the endpoint is, for the message when it is missing: `Loki endpoint`, `Elasticsearch URL`. */
  readonly what: string;
  /** The code option's name (`endpoint`, `url`) and value. */
  readonly option: string;
  readonly value: string | undefined;
  /** The variable (`DYN_LOKI_URL`) and the environment to read it from. */
  readonly variable: string;
  readonly env: NodeJS.ProcessEnv;
  /** Shown when it is missing: `http://loki:3100`. */
  readonly example: string;
}

export interface ResolvedEndpoint {
  /** The URL without userinfo: the only form ever printed or handed on. */
  readonly url: URL;
  /** The path before the backend's own (a proxy mount point), without a trailing slash; '' at the root. */
  readonly basePath: string;
  /** Credentials written into the URL, percent-decoded; the backend decides what they mean (basic auth, mostly). */
  readonly userinfo?: { readonly username: string; readonly password: string };
  /** The option or variable the value came from, for messages about it. */
  readonly source: string;
}

/**
 * The one endpoint rule of every HTTP exporter. An endpoint has no safe default (sending elsewhere than asked is
 * worse than not starting), so a missing or unusable one is a `ConfigurationError` at construction, naming the
 * option or variable. The raw value is never echoed: it may carry a password.
 */
export function resolveEndpoint(setting: EndpointSetting): ResolvedEndpoint {
  const fromCode = nonEmpty(setting.value);
  const raw = fromCode ?? nonEmpty(setting.env[setting.variable]);
  if (raw === undefined) {
    throw new ConfigurationError(`${setting.what} is missing: set the \`${setting.option}\` option or ${setting.variable} (e.g. ${setting.example})`);
  }
  const source = fromCode !== undefined ? setting.option : setting.variable;
  const url = parseHttpUrl(raw, source);
  const userinfo = url.username !== '' || url.password !== ''
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = '';
  url.password = '';
  return { url, basePath: url.pathname.replace(/\/+$/, ''), source, ...(userinfo ? { userinfo } : {}) };
}

/**
 * `raw` as an http(s) URL, or a `ConfigurationError` naming `source` (the option or variable it came from). The
 * raw value is never echoed: it may carry a password.
 */
export function parseHttpUrl(raw: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError(`${source} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError(`${source} must be an http(s) URL (http:// or https://), got protocol ${url.protocol}`);
  }
  return url;
}
