import { parseArgs } from 'node:util';
import { FILTER_FLAGS, resolveFilters } from '../filter-options';
import { STATS_HELP } from '../help-text';
import { inputSources } from '../input-source';
import { Output } from '../output';
import { parseRecord } from '../parse-record';
import { readInputs } from '../read-inputs';
import { buildFilter, hasFilters } from '../record-filter';
import { StatsCollector } from '../stats-collector';
import { statsText } from '../stats-text';
import { UsageError } from '../usage-error';

/** `dynamo-logs stats [files...]`: counts by level, target, error type and request id, and the time span. */
export async function statsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...FILTER_FLAGS,
      json: { type: 'boolean' },
      top: { type: 'string', default: '10' },
      progress: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(STATS_HELP);
    return 0;
  }
  const top = Number(values.top);
  if (!Number.isSafeInteger(top) || top < 1) throw new UsageError(`--top ${JSON.stringify(values.top)}: expected a positive whole number`);
  const filters = resolveFilters(values, Date.now() * 1000);
  const filter = buildFilter(filters);
  const filtering = hasFilters(filters);
  const stats = new StatsCollector();
  const output = new Output();

  await readInputs(
    inputSources(positionals),
    {
      lines(_source, _first, lines) {
        for (const line of lines) {
          const record = parseRecord(line);
          if (filtering && (record === undefined || !filter(record))) stats.skipLine();
          else stats.addLine(record);
        }
      },
    },
    { progress: values.progress, output },
  );
  const report = stats.report(top);
  await output.write(values.json ? JSON.stringify(report, null, 2) + '\n' : statsText(report));
  await output.end();
  return 0;
}
