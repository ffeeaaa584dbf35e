import { diag } from '@opentelemetry/api';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

// Signal flushes still running across every installed hook (one per container):
// the signal is raised again only when the last of them is done.
let signalFlushesInFlight = 0;
// The signal listeners installed here (one per container), told apart from the service's own.
const OUR_SIGNAL_LISTENERS = new WeakSet<(...args: never[]) => unknown>();

export interface ExitHookOptions {
  /** Flushes and shuts the pipeline down: on `beforeExit`, and on a signal nobody else handles. */
  readonly flush: () => Promise<void>;
  /** How long a signal waits for `flush` before the process ends anyway. */
  readonly timeoutMillis: number;
  /** On `exit` (process.exit() skips beforeExit): writes what can be written synchronously. */
  readonly flushSync?: () => void;
  /** On a signal the service handles itself: sends what is queued and keeps the pipeline up. */
  readonly flushOnly?: () => Promise<void>;
}

/**
 * Flushes on `beforeExit`, `SIGTERM` and `SIGINT` without swallowing the
 * signal: after the flush (bounded by `timeoutMillis`), if nobody else listens
 * for the signal, it is raised again so the process ends exactly as it would
 * have without us (same exit status). When the service listens for the signal
 * itself, only a flush (`flushOnly`) runs and the pipeline stays up for the
 * lines its handler writes while shutting down. On `exit` (process.exit() skips
 * beforeExit) `flushSync` writes what can be written synchronously. Returns
 * the function that removes them.
 */
export function installExitHooks(options: ExitHookOptions): () => void {
  const { flush, timeoutMillis, flushSync, flushOnly } = options;
  let flushedBeforeExit = false;

  // process.exit() skips beforeExit and no async work runs after it: what can be
  // written synchronously (the console and file exporter) is written here.
  const onExit = (): void => {
    try {
      flushSync?.();
    } catch {
      // Nothing can be reported any more; the process is ending.
    }
  };

  const onBeforeExit = (): void => {
    // beforeExit fires again once the flush's own I/O is done; flush only once.
    if (flushedBeforeExit) return;
    flushedBeforeExit = true;
    void flush().catch((err) => diag.error('dynamo-logging: flush before exit failed', err));
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    // The service has its own handler for this signal: it decides how and when to end
    // (and usually logs while doing so), so the pipeline stays up; only what is queued goes out now.
    if (flushOnly !== undefined && process.listeners(signal).some((l) => !OUR_SIGNAL_LISTENERS.has(l))) {
      void flushOnly().catch((err) => diag.error(`dynamo-logging: flush on ${signal} failed`, err));
      return;
    }
    remove();
    signalFlushesInFlight++;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        diag.warn(`dynamo-logging: flush on ${signal} did not finish within ${timeoutMillis} ms; exiting anyway`);
        resolve();
      }, timeoutMillis);
    });
    Promise.race([flush().catch((err) => diag.error(`dynamo-logging: flush on ${signal} failed`, err)), deadline]).finally(() => {
      clearTimeout(timer);
      signalFlushesInFlight--;
      if (signalFlushesInFlight === 0 && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };

  function remove(): void {
    process.removeListener('beforeExit', onBeforeExit);
    process.removeListener('exit', onExit);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  }

  OUR_SIGNAL_LISTENERS.add(onSignal);
  process.on('beforeExit', onBeforeExit);
  if (flushSync !== undefined) process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return remove;
}
