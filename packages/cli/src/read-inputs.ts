import { followFile } from './follow-file';
import { readSource, type InputSource, type LineHandler } from './input-source';
import type { Output } from './output';
import { ProgressLine } from './progress-line';

export interface ReadInputsOptions {
  readonly follow?: boolean;
  /** Force the progress line on (true) or off (false); by default it shows for files when stderr is a terminal. */
  readonly progress?: boolean;
  /** Output that shares the terminal with the progress line: the line is erased before each write. */
  readonly output?: Output;
}

/**
 * Reads every source, one after the other (with `follow`: all at once, until
 * SIGINT or SIGTERM, after which the program ends normally).
 */
export async function readInputs(sources: readonly InputSource[], handler: LineHandler, options: ReadInputsOptions = {}): Promise<void> {
  if (options.follow) {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await Promise.all(
        sources.map((s) => (s.path !== undefined ? followFile({ ...s, path: s.path }, handler, controller.signal) : readSource(s, handler))),
      );
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return;
  }
  const showProgress = options.progress ?? process.stderr.isTTY === true;
  const progress = showProgress ? new ProgressLine() : undefined;
  if (progress !== undefined && options.output !== undefined && process.stdout.isTTY && process.stderr.isTTY) {
    options.output.beforeWrite = () => progress.clear();
  }
  for (const source of sources) await readSource(source, handler, source.path !== undefined ? progress : undefined);
}
