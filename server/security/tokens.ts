/**
 * Secrets and ids. Tokens are 32 nanoid characters (192 bits); only their SHA-256 hashes are
 * stored, so a copy of the database does not let anyone into a session.
 */
import { createHash } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../shared/joinCode.js';

export const newToken = (): string => nanoid(32);
export const newId = (): string => nanoid(16);
export const newJoinCode = customAlphabet(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH);

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
