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

/**
 * Text as it may be stored and printed, whatever was typed or pasted: one rule for every field.
 * - Unicode is made well-formed (a lone surrogate becomes U+FFFD) and composed (NFC), so the same
 *   words compare and print the same.
 * - Noncharacters (U+FDD0–U+FDEF and every U+xFFFE, U+xFFFF) and control characters go: Word
 *   refuses a document holding one, and they mean nothing to a reader. Tabs become spaces.
 * - Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) go: they can make a name
 *   read as someone else's on the projector and in the record.
 * - In one-line fields (names, titles, references) zero-width characters go too, and line breaks
 *   become spaces; in multi-line fields line breaks are kept, as \n.
 */
export type TextKind = 'line' | 'lines';

/** Text on one line: each line break, with the spaces around it, becomes one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n+\s*/g, ' ').trim();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is this rule's purpose
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const NONCHARACTERS =
  /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/g;

export function cleanText(raw: string, kind: TextKind): string {
  let s = raw.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');
  s = s.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  s = s.replace(NONCHARACTERS, '').replace(BIDI_CONTROLS, '').replace(CONTROLS, '');
  if (kind === 'line') s = oneLine(s.replace(ZERO_WIDTH, ''));
  else s = s.replace(/[\u200B\u2060\uFEFF]/g, '');
  return s.trim();
}
