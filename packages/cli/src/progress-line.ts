import type { InputSource, ReadProgress } from './input-source';

const INTERVAL_MS = 250;

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1) + ' MB';
}

/**
 * A progress line on a terminal (stderr): `dynamo-logs: big.log 45% (123.4 MB
 * of 270.0 MB), 1234567 lines`, redrawn in place at most four times a second
 * and erased when the file is done.
 */
export class ProgressLine implements ReadProgress {
  private name = '';
  private total = 0;
  private bytes = 0;
  private lines = 0;
  private lastDraw = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  start(source: InputSource, totalBytes: number): void {
    this.name = source.name;
    this.total = totalBytes;
    this.bytes = 0;
    this.lines = 0;
    this.lastDraw = Date.now();
  }

  advance(bytes: number, lines: number): void {
    this.bytes += bytes;
    this.lines += lines;
    const now = Date.now();
    if (now - this.lastDraw < INTERVAL_MS) return;
    this.lastDraw = now;
    const percent = this.total > 0 ? Math.min(100, Math.floor((this.bytes / this.total) * 100)) : 100;
    this.stream.write(`\r\x1b[Kdynamo-logs: ${this.name} ${percent}% (${megabytes(this.bytes)} of ${megabytes(this.total)}), ${this.lines} lines`);
    this.shown = true;
  }

  /** Erases the line, if shown; called before other output reaches the same terminal. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  done(): void {
    this.clear();
  }
}
