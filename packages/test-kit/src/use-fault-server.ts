import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DiagCapture } from './diag-capture';
import { FaultServer } from './fault-server';
import { TestClock } from './test-clock';

/** Anything a test starts and the fixture shuts down after it. */
export interface ShutsDown {
  shutdown(): Promise<void>;
}

export interface FaultServerFixture {
  /** This test's server (started unless `start: false`). */
  readonly server: FaultServer;
  /** This test's diag capture (every level). */
  readonly capture: DiagCapture;
  /** This test's temporary directory (only with `tempDir`). */
  readonly dir: string;
  /** This test's clock (a fresh one each test): hand it to the exporter as `internals.clock`; the server stamps arrivals with it. */
  readonly clock: TestClock;
  /** Shuts `exporter` down after the test, before the server closes; returns it. */
  track<T extends ShutsDown>(exporter: T): T;
}

export interface FaultServerFixtureOptions {
  /** Start the server before each test; default true. */
  readonly start?: boolean;
  /** Make a fresh temporary directory with this prefix before each test, removed after it. */
  readonly tempDir?: string;
}

/**
 * Registers the beforeEach/afterEach pair every delivery test needs: a diag
 * capture, a fault server, optionally a temporary directory, and the
 * exporters the test made shut down before the server closes.
 */
export function useFaultServer(options: FaultServerFixtureOptions = {}): FaultServerFixture {
  let server: FaultServer | undefined;
  let capture: DiagCapture | undefined;
  let dir: string | undefined;
  let clock = new TestClock();
  const tracked: ShutsDown[] = [];
  beforeEach(async () => {
    capture = new DiagCapture().install();
    clock = new TestClock();
    server = new FaultServer(undefined, clock.now);
    if (options.start !== false) await server.start();
    if (options.tempDir !== undefined) dir = await fs.mkdtemp(path.join(tmpdir(), options.tempDir));
  });
  afterEach(async () => {
    for (const exporter of tracked.splice(0)) await exporter.shutdown();
    await server?.close();
    capture?.uninstall();
    if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return {
    get server() {
      return server!;
    },
    get capture() {
      return capture!;
    },
    get dir() {
      if (dir === undefined) throw new Error('useFaultServer: no tempDir option');
      return dir;
    },
    get clock() {
      return clock;
    },
    track(exporter) {
      tracked.push(exporter);
      return exporter;
    },
  };
}

/** Registers hooks that make a fresh temporary directory before each test and remove it after; the accessor reads it. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
