import { diag, DiagLogLevel } from '@opentelemetry/api';

/** Collects every diag line while a test runs, to check what reaches operators (and that no secret does). */
export function captureDiag(): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const push = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  diag.setLogger({ error: push, warn: push, info: push, debug: push, verbose: push }, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return { lines, stop: () => diag.disable() };
}
