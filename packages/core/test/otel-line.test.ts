import { expect } from 'chai';
import * as api from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  disableGlobalLoggerProvider,
  globalLoggerProvider,
  loggerConfig,
  registerGlobalLoggerProvider,
  SeverityNumber,
  unregisterGlobalLoggerProvider,
} from '../src/otel-line';

interface LogsGlobal {
  getLoggerProvider(): unknown;
}

// Every Logs API global installed here, found without knowing the line: api's own (api >= 1.10)
// and api-logs' (2.x, or pulled in by a bridge that was not ported to 3.x).
function installedLogsGlobals(): LogsGlobal[] {
  const found: LogsGlobal[] = [];
  const own = (api as unknown as { logs?: LogsGlobal }).logs;
  if (own) found.push(own);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    found.push((require('@opentelemetry/api-logs') as { logs: LogsGlobal }).logs);
  } catch {
    // not installed on this line
  }
  return found;
}

function installedSeverityEnum(): Record<string, unknown> {
  const own = (api as unknown as { SeverityNumber?: Record<string, unknown> }).SeverityNumber;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return own ?? (require('@opentelemetry/api-logs') as { SeverityNumber: Record<string, unknown> }).SeverityNumber;
}

describe('otel-line (the one adapter between the OTel 2.x and 3.x lines)', () => {
  afterEach(() => disableGlobalLoggerProvider());

  it('SeverityNumber has the installed API enum values', () => {
    const theirs = installedSeverityEnum();
    for (const [name, value] of Object.entries(SeverityNumber)) expect(theirs[name], name).to.equal(value);
    expect(Object.keys(SeverityNumber)).to.have.length(25);
  });

  it('registers one provider on every Logs API global present, and unregisters it from all', () => {
    const provider = new LoggerProvider();
    const globals = installedLogsGlobals();
    expect(globals.length).to.be.greaterThan(0);
    expect(registerGlobalLoggerProvider(provider)).to.equal(true);
    expect(globalLoggerProvider()).to.equal(provider);
    for (const g of globals) expect(g.getLoggerProvider()).to.equal(provider);
    unregisterGlobalLoggerProvider(provider);
    for (const g of globals) expect(g.getLoggerProvider()).to.not.equal(provider);
  });

  it('does not take the globals over from another provider', () => {
    const first = new LoggerProvider();
    const second = new LoggerProvider();
    registerGlobalLoggerProvider(first);
    expect(registerGlobalLoggerProvider(second)).to.equal(false);
    for (const g of installedLogsGlobals()) expect(g.getLoggerProvider()).to.equal(first);
    unregisterGlobalLoggerProvider(second);
    expect(globalLoggerProvider()).to.equal(first);
  });

  it('loggerConfig disables a logger, or filters below a minimum severity, on the installed SDK', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      processors: [new SimpleLogRecordProcessor({ exporter })],
      loggerConfigurator: (scope) => (scope.name === 'off' ? loggerConfig(false, SeverityNumber.UNSPECIFIED) : loggerConfig(true, SeverityNumber.WARN)),
    });
    provider.getLogger('off').emit({ severityNumber: SeverityNumber.ERROR, body: 'disabled logger' });
    provider.getLogger('on').emit({ severityNumber: SeverityNumber.INFO, body: 'below minimum' });
    provider.getLogger('on').emit({ severityNumber: SeverityNumber.WARN, body: 'kept' });
    await provider.forceFlush();
    expect(exporter.getFinishedLogRecords().map((r) => r.body)).to.deep.equal(['kept']);
    await provider.shutdown();
  });
});
