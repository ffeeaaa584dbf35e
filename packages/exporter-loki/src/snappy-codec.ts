/**
 * `snappy`'s block compressor, loaded on first use. Its native binary ships as
 * per-platform optional packages, so it can be missing: an unsupported
 * platform, `npm install --omit=optional`, or a bundled service whose bundle
 * left the `.node` file behind. The exporter then falls back to JSON + gzip
 * rather than failing to load and losing every line.
 */
export type SnappyCompress = (input: Buffer) => Buffer;

export type SnappyLoad = { readonly compress: SnappyCompress } | { readonly error: string };

let loaded: SnappyLoad | undefined;

export function loadSnappy(): SnappyLoad {
  if (loaded !== undefined) return loaded;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const snappy = require('snappy') as { compressSync(input: Buffer): Buffer };
    // A binary that loads but cannot run on this CPU fails on first use, not at require.
    snappy.compressSync(Buffer.from('probe'));
    loaded = { compress: (input) => snappy.compressSync(input) };
  } catch (err) {
    loaded = { error: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
  }
  return loaded;
}

/** The compressor, or undefined where snappy cannot load. */
export function snappyCompressor(): SnappyCompress | undefined {
  const snappy = loadSnappy();
  return 'compress' in snappy ? snappy.compress : undefined;
}
