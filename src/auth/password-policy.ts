import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Password rules of OWASP ASVS 5.0 (V6.2) at level 2 and NIST SP 800-63B §3.1.1.2: at least 12
 * characters (counted as Unicode code points, so Korean passwords count what people see), at
 * most 128, any characters including spaces, no composition rules, and refused when it is a
 * known common or breached password or a trivially guessable pattern.
 *
 * The list is the 49,000-password "passwords-common" dictionary of zxcvbn-ts (MIT), taken from
 * published breach corpora and maintained with zxcvbn-ts; it ships in the npm package, so no
 * network look-up is made at sign-up.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'trivial' | 'containsUsername';

/** Whether the characters go up or down by one each step (123456789012, abcdefghijkl, 987654321098). */
function isSequence(chars: string[]): boolean {
  const codes = chars.map((c) => c.codePointAt(0)!);
  const step = (a: number, b: number) => (b - a + 10) % 10;
  const digits = chars.every((c) => /\d/.test(c));
  for (const dir of [1, -1]) {
    let ok = true;
    for (let i = 1; i < codes.length && ok; i++) {
      ok = digits ? step(codes[i - 1]!, codes[i]!) === (dir === 1 ? 1 : 9) : codes[i]! - codes[i - 1]! === dir;
    }
    if (ok) return true;
  }
  return false;
}

/** A block of up to 4 characters repeated (aaaaaaaaaaaa, abcabcabcabc, 121212121212), or a sequence. */
function isTrivial(password: string): boolean {
  const chars = [...password.toLowerCase()];
  if (new Set(chars).size <= 2) return true;
  for (let n = 1; n <= 4; n++) {
    if (chars.every((c, i) => c === chars[i % n])) return true;
  }
  return isSequence(chars);
}

/** What is wrong with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string, username?: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'tooShort';
  if (length > PASSWORD_MAX) return 'tooLong';
  if (password.trim() === '' || isTrivial(password.replace(/\s/g, '') || ' ')) return 'trivial';
  const lower = password.toLowerCase();
  const list = commonPasswords();
  // A common password with digits or symbols added at the end (iloveyou1234, password2026!) is still common.
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (list.has(lower) || list.has(lower.replace(/\s/g, '')) || (stem.length >= 4 && list.has(stem))) return 'common';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'containsUsername';
  return undefined;
}
