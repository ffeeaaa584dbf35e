import { parseArgs } from 'node:util';
import { validateJsonlLine } from '@dynamo-logging/semconv';
import { errorKey } from '../error-key';
import { escapeControl } from '../escape-text';
import { VALIDATE_HELP } from '../help-text';
import { inputSources } from '../input-source';
import { Output } from '../output';
import { parseRecord } from '../parse-record';
import { readInputs } from '../read-inputs';
import { registryWarnings } from '../registry-warnings';
import { TopCounter } from '../top-counter';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function report(source: string, lineNo: number, kind: 'error' | 'warning', key: string | undefined, message: string): string {
  const where = key === undefined ? '' : `key ${escapeControl(JSON.stringify(key))}: `;
  return `${escapeControl(source)}:${lineNo}: ${kind}: ${where}${escapeControl(message)}\n`;
}

/**
 * `dynamo-logs validate [files...]`: every line against the line schema and
 * the attribute registry (`validateJsonlLine` of @dynamo-logging/semconv, and
 * the registry's keys for warnings). One report line per problem, then a
 * summary; exit code 1 when any line fails.
 */
export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      quiet: { type: 'boolean', short: 'q' },
      'no-warnings': { type: 'boolean' },
      progress: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const quiet = values.quiet === true;
  const showWarnings = !quiet && values['no-warnings'] !== true;
  let lines = 0;
  let failed = 0;
  let errors = 0;
  let warnings = 0;
  const unknownKeys = new TopCounter(1000);
  const output = new Output();

  await readInputs(
    inputSources(positionals),
    {
      lines(source, first, batch) {
        let out = '';
        for (let i = 0; i < batch.length; i++) {
          const line = batch[i]!;
          const lineNo = first + i;
          lines++;
          const verdict = line === '' ? { valid: false, errors: ['line is empty'] } : validateJsonlLine(line);
          if (!verdict.valid) {
            failed++;
            errors += verdict.errors.length;
            if (!quiet) for (const message of verdict.errors) out += report(source.name, lineNo, 'error', errorKey(message), message);
          }
          const record = parseRecord(line);
          if (record === undefined) continue;
          for (const warning of registryWarnings(record)) {
            warnings++;
            unknownKeys.add(warning.key);
            if (showWarnings) out += report(source.name, lineNo, 'warning', warning.key, warning.message);
          }
        }
        return output.write(out);
      },
    },
    { progress: values.progress, output },
  );

  let summary = `validate: ${lines} lines, ${lines - failed} valid, ${failed} failed (${plural(errors, 'error')}), ${plural(warnings, 'warning')}`;
  const keys = unknownKeys.top(10);
  if (keys.length > 0) summary += `; keys warned about: ${keys.map((k) => `${escapeControl(k.key)} (${k.count})`).join(', ')}`;
  await output.write(summary + '\n');
  await output.end();
  return failed > 0 ? 1 : 0;
}
