import { prettyCommand } from './commands/pretty';
import { statsCommand } from './commands/stats';
import { validateCommand } from './commands/validate';
import { MAIN_HELP } from './help-text';
import { UsageError } from './usage-error';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  pretty: prettyCommand,
  validate: validateCommand,
  stats: statsCommand,
};

function isParseArgsError(err: unknown): err is Error {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Runs `dynamo-logs` with the arguments after the program name; resolves to
 * the exit code. Usage mistakes and unreadable files are reported on stderr
 * (exit code 2), never thrown.
 */
export async function runCli(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(MAIN_HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`dynamo-logs: unknown command ${JSON.stringify(name)}\n\n${MAIN_HELP}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(`dynamo-logs ${name}: ${err.message}\nRun "dynamo-logs ${name} --help" for usage.\n`);
      return 2;
    }
    const code = (err as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string' && (err as NodeJS.ErrnoException).syscall !== undefined) {
      process.stderr.write(`dynamo-logs ${name}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
