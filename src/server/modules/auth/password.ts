import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Issues } from '../../shared/errors.js';

// docs/security.md §7: argon2id; at least 8 characters, long ones allowed, common ones refused.
const COMMON = new Set(
  `password password1 password123 12345678 123456789 1234567890 qwertyui qwerty123 qwertyuiop 11111111
  00000000 abc12345 iloveyou 1q2w3e4r 1q2w3e4r5t zaq12wsx passw0rd letmein1 welcome1 admin123 administrator
  changeme sunshine football baseball princess superman trustno1 87654321 12341234 qazwsxedc asdfghjkl
  йцукенгш пароль123 q1w2e3r4 123qweasd clientela`.split(/\s+/),
);

export function checkPasswordPolicy(password: string, field = 'password'): void {
  const issues = new Issues();
  if (password.length < 8) issues.add(field, 'must be at least 8 characters');
  else if (password.length > 1024) issues.add(field, 'must be at most 1024 characters');
  else if (COMMON.has(password.toLowerCase())) issues.add(field, 'is too common; choose another');
  issues.throwIfAny();
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the login does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  return dummyHash;
}
