import { parseArgs } from 'node:util';
import { useColour, type ColourChoice } from '../colour-choice';
import { FILTER_FLAGS, resolveFilters } from '../filter-options';
import { PRETTY_HELP } from '../help-text';
import { inputSources } from '../input-source';
import { Output } from '../output';
import { parseRecord } from '../parse-record';
import { formatPassThrough, formatPrettyRecord } from '../pretty-format';
import { readInputs } from '../read-inputs';
import { buildFilter, hasFilters } from '../record-filter';
import { UsageError } from '../usage-error';

const COLOUR_CHOICES = ['auto', 'always', 'never'];

/**
 * `dynamo-logs pretty [files...]`: Dynamo's readable form (or, with
 * `--format jsonl`, the selected lines as they are), after the filters.
 */
export async function prettyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...FILTER_FLAGS,
      follow: { type: 'boolean', short: 'f' },
      format: { type: 'string', default: 'readable' },
      color: { type: 'string', default: 'auto' },
      'no-color': { type: 'boolean' },
      progress: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(PRETTY_HELP);
    return 0;
  }
  if (values.format !== 'readable' && values.format !== 'jsonl') throw new UsageError(`--format ${JSON.stringify(values.format)}: expected readable or jsonl`);
  if (!COLOUR_CHOICES.includes(values.color)) throw new UsageError(`--color ${JSON.stringify(values.color)}: expected auto, always or never`);
  const filters = resolveFilters(values, Date.now() * 1000);
  const filter = buildFilter(filters);
  const filtering = hasFilters(filters);
  const jsonl = values.format === 'jsonl';
  const colour = values['no-color'] ? false : useColour(values.color as ColourChoice, process.stdout.isTTY === true);
  // A line that is not a JSON object cannot match a filter, and has no place in JSONL output.
  const passThrough = !filtering && !jsonl;

  const output = new Output();
  await readInputs(
    inputSources(positionals),
    {
      lines(_source, _first, lines) {
        let out = '';
        for (const line of lines) {
          const record = parseRecord(line);
          if (record === undefined) {
            if (passThrough) out += formatPassThrough(line) + '\n';
          } else if (filter(record)) {
            out += (jsonl ? line : formatPrettyRecord(record, colour)) + '\n';
          }
        }
        return output.write(out);
      },
    },
    { follow: values.follow === true, progress: values.progress, output },
  );
  await output.end();
  return 0;
}
