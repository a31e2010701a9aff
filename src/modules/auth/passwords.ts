import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../lib/errors.js';

/**
 * Password storage and policy (OWASP ASVS 5.0 §6.2, NIST SP 800-63B): argon2id with
 * m = 19 MiB, t = 2, p = 1 and a random 16-byte salt per hash; 12 to 128 characters, every
 * character counts (no truncation, no composition rules), and no password from a list of
 * commonly used ones.
 */
export const passwordHashParams = {
  // The binding's `Algorithm` is a const enum, which isolated modules cannot read: 2 = Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// Unicode passwords compare the same however the keyboard composed them.
function normalize(password: string): string {
  return password.normalize('NFKC');
}

/** Length in characters (code points), as people count them. */
function lengthOf(password: string): number {
  let n = 0;
  for (const _ of password) n++;
  return n;
}

let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    [...dictionary['passwords-common'], 'lanewiselanewise', 'lanewise1234', 'lanewise123456'].map((p) =>
      p.toLowerCase(),
    ),
  );
  return common;
}

/** Why a password is not acceptable, or null when it is. `context` holds words it must not be (email, name). */
export function passwordProblem(password: string, context: readonly string[] = []): string | null {
  const pw = normalize(password);
  const length = lengthOf(pw);
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  const lower = pw.toLowerCase();
  if (commonPasswords().has(lower))
    return 'is too common; choose one that is not on lists of popular passwords';
  if (new Set(pw).size <= 2) return 'repeats too few characters; choose a longer phrase';
  for (const word of context) {
    const w = word.trim().toLowerCase();
    if (w.length >= 4 && (lower === w || lower === w.split('@')[0])) return 'must not be your email or name';
  }
  return null;
}

/** Throws AUTH_WEAK_PASSWORD (422) with the reason when the password breaks the policy. */
export function assertPasswordAcceptable(password: string, context: readonly string[] = []): void {
  const problem = passwordProblem(password, context);
  if (problem) {
    throw new AppError('AUTH_WEAK_PASSWORD', `The new password ${problem}.`, {
      errors: [{ path: 'password', message: problem }],
    });
  }
}

/** The argon2id PHC string of a password (policy already checked by the caller). */
export function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), passwordHashParams);
}

/** Whether the password matches the stored hash; false for malformed hashes. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalize(password));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Spends the same time as a real check, for logins whose account does not exist or cannot log
 * in, so the answer's timing does not tell which emails have accounts.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hash('lanewise-timing-equalizer', passwordHashParams);
  await verifyPassword(await dummy, password);
  return false;
}

/** Whether a stored hash was made with weaker settings than today's (then it is rehashed at login). */
export function needsRehash(stored: string): boolean {
  try {
    const o = parseOptions(stored);
    return (
      o.algorithm !== passwordHashParams.algorithm ||
      o.memoryCost < passwordHashParams.memoryCost ||
      o.timeCost < passwordHashParams.timeCost
    );
  } catch {
    return true;
  }
}
