/** Alphabets the generated secrets and look-alikes draw from. */
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const HEX = '0123456789abcdef';
export const B64 = ALNUM + '+/';
export const URLSAFE = ALNUM + '-_';

/**
 * A deterministic xorshift32 text generator: the same seed gives the same
 * values on every run, so corpora are stable without real credentials in the
 * repository.
 */
export function seededText(initial: number): { gen(alphabet: string, n: number): string } {
  let seed = initial;
  const rand = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  return {
    gen(alphabet, n) {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
      return out;
    },
  };
}
