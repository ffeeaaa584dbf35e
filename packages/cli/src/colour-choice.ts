export type ColourChoice = 'auto' | 'always' | 'never';

const TRUTHY = /^(1|true|on|yes)$/i;

/**
 * Whether `pretty` colours its output: `always`/`never` as asked; `auto`
 * colours only a terminal, and not when `NO_COLOR` is set (any non-empty
 * value, https://no-color.org) or `DYN_SDK_DISABLE_ANSI_LOGGING` is truthy
 * (Dynamo's switch, 1/true/on/yes).
 */
export function useColour(choice: ColourChoice, isTty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (choice === 'always') return true;
  if (choice === 'never') return false;
  if (!isTty) return false;
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  return !TRUTHY.test(env['DYN_SDK_DISABLE_ANSI_LOGGING'] ?? '');
}
