/** The one rule for text (issue 19): what is stripped, what is kept, in one-line and multi-line fields. */
import { describe, expect, it } from 'vitest';
import { ClientCommand } from '../../shared/commands.js';
import { JoinBody } from '../../shared/protocol.js';
import { cleanText } from '../../shared/safeInput.js';

describe('cleanText', () => {
  it('drops noncharacters, controls and lone surrogates that break Word and XML', () => {
    expect(cleanText('a\uFFFFb\uFFFEc\uFDD0d', 'lines')).toBe('abcd');
    expect(cleanText('a\u0000b\u0007c\u001Bd\u0085e', 'lines')).toBe('abcde');
    expect(cleanText('x\uD800y', 'lines')).toBe('x\uFFFDy');
    expect(cleanText('x\uDFFFy', 'lines')).toBe('x\uFFFDy');
    expect(cleanText('😀 \uD83F\uDFFE', 'lines')).toBe('😀'); // U+1FFFE, a noncharacter in an astral plane
  });

  it('drops bidirectional overrides and isolates everywhere, zero-width characters in one-line fields', () => {
    expect(cleanText('Fran\u202Eeirf', 'line')).toBe('Franeirf');
    expect(cleanText('a\u2066b\u2069c', 'lines')).toBe('abc');
    expect(cleanText('Ad\u200Bmin\u200D', 'line')).toBe('Admin');
    expect(cleanText('Soft\u00ADhyphen', 'line')).toBe('Softhyphen');
  });

  it('keeps line breaks in multi-line fields and turns them into spaces in one-line fields', () => {
    expect(cleanText('one\r\ntwo\rthree', 'lines')).toBe('one\ntwo\nthree');
    expect(cleanText('Pat\n# Heading', 'line')).toBe('Pat # Heading');
    expect(cleanText('a\tb', 'lines')).toBe('a b');
  });

  it('composes Unicode (NFC) and keeps every script and emoji as written', () => {
    expect(cleanText('Zoe\u0301', 'line')).toBe('Zoé');
    for (const s of ['Māori whānau', 'مرحبا', 'שלום', '日本語', 'Ĺoŕem', '👩‍👧 family'])
      expect(cleanText(s, 'lines')).toBe(s.normalize('NFC'));
  });

  it('is applied by every command and by joining', () => {
    const parsed = ClientCommand.parse({
      type: 'item.submit',
      id: 'abcdefgh',
      itemId: 'item-0001',
      stageId: 'working-well',
      text: ' Who\u202E helps\uFFFF? ',
    });
    expect((parsed as { text: string }).text).toBe('Who helps?');
    const join = JoinBody.parse({ code: 'ABCDEF', name: 'Pat\n\u200BLee' }) as { name: string };
    expect(join.name).toBe('Pat Lee');
    // Fields that may be cleared take the same rule: the worker's goal and the review's answers.
    const goal = ClientCommand.parse({ type: 'goal.set', id: 'abcdefgh', text: 'Evenings\u202E\uFFFF calm' });
    expect((goal as { text: string }).text).toBe('Evenings calm');
    const review = ClientCommand.parse({ type: 'review.set', id: 'abcdefgh', focus: 'Dad\n# at bedtime\u200B' });
    expect((review as { focus: string }).focus).toBe('Dad # at bedtime');
    expect((ClientCommand.parse({ type: 'goal.set', id: 'abcdefgh', text: '  ' }) as { text: string }).text).toBe('');
  });
});
