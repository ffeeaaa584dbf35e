import { once } from 'node:events';

/**
 * Standard output for a stream of text: one write per batch, waiting for
 * `drain` when the pipe is full (memory stays bounded when the reader is slow),
 * and a reader that goes away (`| head`) ends the program quietly with 0.
 */
export class Output {
  private closed = false;
  beforeWrite: (() => void) | undefined;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') {
        this.closed = true;
        process.exit(0);
      }
      throw err;
    });
  }

  async write(text: string): Promise<void> {
    if (text === '' || this.closed) return;
    this.beforeWrite?.();
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Resolves once everything written has been handed to the OS. */
  async end(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
  }
}
