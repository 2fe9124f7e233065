/**
 * Participant join codes: short enough to type from the projector, with no characters that read
 * alike (0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V). 6 characters of 23 give about 148 million codes;
 * guessing is rate limited on the server and a code admits only while its session is open.
 */
export const JOIN_CODE_ALPHABET = '3467ACDEFGHJKMNPQRTWXY9';
export const JOIN_CODE_LENGTH = 6;

/** Case-insensitive, forgiving of spaces and dashes people type between groups. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function isWellFormedJoinCode(code: string): boolean {
  if (code.length !== JOIN_CODE_LENGTH) return false;
  for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return false;
  return true;
}

/** "KMX 4TQ": grouped for reading aloud and from the back of a room. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
