/**
 * The password policy's wire contract: its figures and the problem codes a refused password comes back with
 * (400 WEAK_PASSWORD, `details.problems`). The rule itself lives once, in server/auth/password.ts; the client
 * imports only this file, to word the codes in its own language. Pure data.
 */
export const PASSWORD_POLICY = {
  /** Characters (code points), inclusive. */
  min: 10,
  max: 256,
  /** Character classes needed out of lower case, upper case, digits and other characters… */
  classes: 3,
  /** …unless the password is a passphrase of at least this many characters. */
  passphrase: 16,
  /** A username this long or longer must not appear in the password (case-insensitive). */
  usernameMin: 3,
} as const;

/** One problem of a refused password, with the figure it was measured against. */
export type PasswordProblem =
  | { code: 'TOO_SHORT'; min: number }
  | { code: 'TOO_LONG'; max: number }
  | { code: 'TOO_FEW_CLASSES'; min: number; passphrase: number }
  | { code: 'CONTAINS_USERNAME' };

export type PasswordProblemCode = PasswordProblem['code'];

export const PASSWORD_PROBLEM_CODES: readonly PasswordProblemCode[] = ['TOO_SHORT', 'TOO_LONG', 'TOO_FEW_CLASSES', 'CONTAINS_USERNAME'];
