/**
 * Keys that could reach an object's prototype if any code ever merged input into an object.
 * zod never does, but a message carrying one is hostile by construction: it is refused whole.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function hasForbiddenKey(value: unknown, depth = 0): boolean {
  if (depth > 20) return true; // nothing legitimate nests this deep
  if (typeof value !== 'object' || value === null) return false;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return true;
    if (hasForbiddenKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
