import { closeSync, openSync } from 'node:fs';
import { writeAllSync } from './write-all-sync';
import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { formatDynamoLine } from './format-line';
import { formatReadableLine } from './readable-format';

/** Where lines go: a standard stream, any writable stream, a file (appended to), or an open file descriptor. */
export type JsonlDestination = 'stderr' | 'stdout' | NodeJS.WritableStream | { readonly path: string } | { readonly fd: number };

export interface DynamoJsonlExporterOptions {
  /** Default `stderr`, where Dynamo's Rust and Python components write. */
  readonly destination?: JsonlDestination;
  /** `jsonl` (default) or Dynamo's `readable` form. */
  readonly format?: 'jsonl' | 'readable';
  /** Local time with offset instead of UTC (`DYN_LOG_USE_LOCAL_TZ`). */
  readonly localTime?: boolean;
  /** Colour the readable form (never applies to JSONL). */
  readonly ansi?: boolean;
}

/**
 * The embedded default exporter: one Dynamo JSONL line per record, written in
 * one chunk per batch so lines of concurrent batches never interleave.
 */
export class DynamoJsonlExporter implements LogRecordExporter {
  private readonly format: (record: ReadableLogRecord) => string;
  private readonly stream: NodeJS.WritableStream | undefined;
  private fd: number | undefined;
  /** A descriptor handed in (`{ fd }`) is the caller's to close. */
  private ownsFd = true;
  private pending = 0;
  private drained: Array<() => void> = [];
  private stopped = false;
  private streamFailed = false;
  // Without a listener, a stream error (EPIPE when the reader of stderr goes away)
  // is an uncaught exception that ends the service. The failed write's callback
  // already fails the export; this only keeps the process alive and says so once.
  private readonly onStreamError = (err: Error): void => {
    if (this.streamFailed) return;
    this.streamFailed = true;
    diag.error('dynamo-logging: the JSONL output stream failed; records written to it are lost', err);
  };

  constructor(options: DynamoJsonlExporterOptions = {}) {
    const localTime = options.localTime ?? false;
    const ansi = options.ansi ?? false;
    this.format =
      options.format === 'readable'
        ? (record) => formatReadableLine(record, { localTime, ansi })
        : (record) => formatDynamoLine(record, { localTime });
    const destination = options.destination ?? 'stderr';
    if (destination === 'stderr') this.stream = process.stderr;
    else if (destination === 'stdout') this.stream = process.stdout;
    else if ('path' in destination && typeof destination.path === 'string') this.fd = openSync(destination.path, 'a');
    else if ('fd' in destination && typeof destination.fd === 'number') {
      this.fd = destination.fd;
      this.ownsFd = false;
    }
    else this.stream = destination as NodeJS.WritableStream;
    this.stream?.on('error', this.onStreamError);
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('DynamoJsonlExporter is shut down') });
      return;
    }
    let chunk = '';
    for (const record of records) {
      try {
        chunk += this.format(record) + '\n';
      } catch (err) {
        diag.error('dynamo-logging: a record could not be formatted and was dropped', err);
      }
    }
    if (chunk === '') {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    try {
      if (this.fd !== undefined) {
        writeAllSync(this.fd, chunk);
        resultCallback({ code: ExportResultCode.SUCCESS });
        return;
      }
      this.pending++;
      this.stream!.write(chunk, (err?: Error | null) => {
        this.pending--;
        if (this.pending === 0) for (const resolve of this.drained.splice(0)) resolve();
        resultCallback(err ? { code: ExportResultCode.FAILED, error: err } : { code: ExportResultCode.SUCCESS });
      });
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err as Error });
    }
  }

  /**
   * Writes records synchronously (stderr, stdout or a file), for the last
   * moment of a process that calls process.exit(). Returns false, writing
   * nothing, when the destination is a stream that cannot be written so.
   */
  exportSync(records: ReadableLogRecord[]): boolean {
    const fd = this.fd ?? (this.stream === process.stderr ? 2 : this.stream === process.stdout ? 1 : undefined);
    if (fd === undefined || this.stopped) return false;
    let chunk = '';
    for (const record of records) {
      try {
        chunk += this.format(record) + '\n';
      } catch {
        // Unformattable records are dropped here as in export().
      }
    }
    if (chunk !== '') writeAllSync(fd, chunk);
    return true;
  }

  /** Resolves once every chunk handed to the stream has been written. */
  forceFlush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.stopped = true;
    this.stream?.removeListener('error', this.onStreamError);
    if (this.fd !== undefined) {
      if (this.ownsFd) closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
