/**
 * Passwords: scrypt (memory-hard, node:crypto) with a per-password salt, parameters stored with the hash
 * so they can be raised later without invalidating old hashes; constant-time comparison; a policy check.
 *
 * Stored form: scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PASSWORD_POLICY, type PasswordProblem } from '../protocol/password.ts';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N (15 → 32 MiB with r = 8). */
  logN: number;
  r: number;
  p: number;
}

/** OWASP's scrypt configuration N=2^15, r=8, p=3: 32 MiB per hash; measured 0.8-1.1 s per verify on this shared 2-core machine at load average 10 (p=2: ≈ 0.5 s). */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 3 };
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  const opts: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r * 2 + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{40,})$/;

/** Constant-time check; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (!m) return false;
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.p < 1) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await scrypt(password, Buffer.from(m[4]!, 'base64url'), params);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash uses weaker parameters than the current ones (re-hash at the next login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const m = STORED.exec(stored);
  return !m || Number(m[1]) < params.logN || Number(m[2]) < params.r || Number(m[3]) < params.p;
}

export const PASSWORD_MIN = PASSWORD_POLICY.min;
export const PASSWORD_MAX = PASSWORD_POLICY.max;

/**
 * THE password policy (figures in server/protocol/password.ts): 10-256 characters, at least three of lower case,
 * upper case, digits and other characters (or 16+ characters for a passphrase), not containing the username.
 * Returns the problems as codes (empty when the password is acceptable); the client words them.
 */
export function passwordProblems(password: string, username = ''): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = Array.from(password).length;
  if (length < PASSWORD_POLICY.min) problems.push({ code: 'TOO_SHORT', min: PASSWORD_POLICY.min });
  if (length > PASSWORD_POLICY.max) problems.push({ code: 'TOO_LONG', max: PASSWORD_POLICY.max });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (length < PASSWORD_POLICY.passphrase && classes < PASSWORD_POLICY.classes) {
    problems.push({ code: 'TOO_FEW_CLASSES', min: PASSWORD_POLICY.classes, passphrase: PASSWORD_POLICY.passphrase });
  }
  if (username.length >= PASSWORD_POLICY.usernameMin && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ code: 'CONTAINS_USERNAME' });
  }
  return problems;
}

/** The English message of a 400 WEAK_PASSWORD (for logs and API users; the client words the codes itself). */
export function weakPasswordMessage(problems: readonly PasswordProblem[]): string {
  const words = problems.map((p) => {
    switch (p.code) {
      case 'TOO_SHORT':
        return `at least ${p.min} characters`;
      case 'TOO_LONG':
        return `at most ${p.max} characters`;
      case 'TOO_FEW_CLASSES':
        return `${p.min} of: lower case, upper case, digits, other characters (or ${p.passphrase}+ characters)`;
      case 'CONTAINS_USERNAME':
        return 'must not contain the username';
    }
  });
  return `The password does not meet the policy: ${words.join('; ')}`;
}

/** A random password that satisfies the policy (for the first admin and for admin-created users). */
export function generatePassword(): string {
  // 18 base64url characters ≈ 108 bits; the fixed tail guarantees the character classes.
  return `${randomBytes(14).toString('base64url').slice(0, 18)}-a7Q`;
}
