import { StringDecoder } from 'node:string_decoder';

/**
 * Cuts a byte stream into lines, chunk by chunk: only the unfinished last
 * line is kept between chunks, so memory is bounded by the chunk size and the
 * longest line, never by the input. A trailing CR (CRLF endings) is dropped;
 * UTF-8 characters split across chunks are joined.
 */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');

  /** The lines completed by this chunk. */
  push(chunk: Buffer | string): string[] {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.rest = lines.pop()!;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
    }
    return lines;
  }

  /** The last line when the input does not end with a newline. */
  end(): string[] {
    const text = this.rest + this.decoder.end();
    this.rest = '';
    if (text === '') return [];
    return [text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text];
  }
}
