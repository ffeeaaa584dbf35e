import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter';

/** Where lines come from: a file, or standard input. */
export interface InputSource {
  /** The file name as given, or `<stdin>`. */
  readonly name: string;
  readonly path?: string;
}

/** What a command does with lines: called once per chunk with the lines it completed. */
export interface LineHandler {
  /** `firstLine` is the 1-based number of `lines[0]` within its source. */
  lines(source: InputSource, firstLine: number, lines: string[]): void | Promise<void>;
}

export interface ReadProgress {
  start(source: InputSource, totalBytes: number): void;
  advance(bytes: number, lines: number): void;
  done(): void;
}

export const STDIN: InputSource = { name: '<stdin>' };

/** The sources named on the command line, or standard input when there are none (or `-`). */
export function inputSources(paths: readonly string[]): InputSource[] {
  if (paths.length === 0) return [STDIN];
  return paths.map((p) => (p === '-' ? STDIN : { name: p, path: p }));
}

export interface ReadResult {
  /** Lines read from this source. */
  readonly lines: number;
  /** Bytes read; where a follower goes on from. */
  readonly bytes: number;
}

/**
 * Reads one source to its end, streaming: chunks of 64 KiB, handed on as
 * lines; the next chunk is read only once the handler is done with the last
 * (a slow consumer holds the reading back, nothing piles up).
 */
export async function readSource(source: InputSource, handler: LineHandler, progress?: ReadProgress, stdin: Readable = process.stdin): Promise<ReadResult> {
  let stream: Readable;
  if (source.path === undefined) {
    stream = stdin;
  } else {
    const info = await stat(source.path);
    progress?.start(source, info.size);
    stream = createReadStream(source.path, { highWaterMark: 64 * 1024 });
  }
  const splitter = new LineSplitter();
  let lineNo = 1;
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const lines = splitter.push(chunk);
    if (lines.length > 0) {
      await handler.lines(source, lineNo, lines);
      lineNo += lines.length;
    }
    progress?.advance(chunk.length, lines.length);
  }
  const last = splitter.end();
  if (last.length > 0) {
    await handler.lines(source, lineNo, last);
    lineNo += 1;
  }
  progress?.done();
  return { lines: lineNo - 1, bytes };
}
