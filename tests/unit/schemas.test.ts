import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACK_SCHEMA_PATH, PROTOCOL_PATH, renderPackSchema, renderProtocol } from '../../scripts/protocol.js';
import { ClientCommand, COMMAND_TYPES, MemberJoin } from '../../shared/commands.js';
import { isWellFormedJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from '../../shared/joinCode.js';
import { CreateSessionBody, JoinBody } from '../../shared/protocol.js';
import { hasForbiddenKey } from '../../shared/safeInput.js';

describe('command schemas', () => {
  it('accept a well-formed command and trim its text', () => {
    const c = ClientCommand.parse({
      type: 'item.submit',
      id: 'abcdefgh',
      itemId: 'item-0001',
      stageId: 'harm',
      text: '  Q?  ',
      element: 'impact',
    });
    expect(c).toMatchObject({ text: 'Q?', element: 'impact' });
  });

  it.each([
    ['unknown type', { type: 'item.explode', id: 'abcdefgh' }],
    ['missing id', { type: 'stage.advance' }],
    ['short id', { type: 'stage.advance', id: 'abc' }],
    ['id with odd characters', { type: 'stage.advance', id: 'abc def ghi' }],
    ['id that is a prototype key', { type: 'stage.advance', id: '__proto__' }],
    ['item id that is a prototype key', { type: 'item.withdraw', id: 'abcdefgh', itemId: 'constructor' }],
    ['extra key', { type: 'stage.advance', id: 'abcdefgh', role: 'facilitator' }],
    ['prototype key', JSON.parse('{"type":"stage.advance","id":"abcdefgh","__proto__":{"admin":true}}')],
    ['constructor key', { type: 'stage.advance', id: 'abcdefgh', constructor: { prototype: {} } }],
    ['empty text', { type: 'item.submit', id: 'abcdefgh', itemId: 'item-0001', stageId: 'harm', text: '   ' }],
    [
      'text too long',
      { type: 'item.submit', id: 'abcdefgh', itemId: 'item-0001', stageId: 'harm', text: 'x'.repeat(1001) },
    ],
    [
      'text of nothing but invisible characters',
      { type: 'item.submit', id: 'abcdefgh', itemId: 'item-0001', stageId: 'harm', text: '\u0000\u202E\uFFFF\u200B ' },
    ],
    ['unknown stage', { type: 'item.submit', id: 'abcdefgh', itemId: 'item-0001', stageId: 'lunch', text: 'Q' }],
    [
      'rating out of range',
      { type: 'rating.record', id: 'abcdefgh', ratingId: 'rating-01', scale: 'usefulness', value: 11 },
    ],
    [
      'fractional rating',
      { type: 'rating.record', id: 'abcdefgh', ratingId: 'rating-01', scale: 'usefulness', value: 4.5 },
    ],
    ['wrong type', { type: 'session.lock', id: 'abcdefgh', locked: 'yes' }],
    ['zero extension', { type: 'timer.extend', id: 'abcdefgh', scope: 'stage', minutes: 0 }],
    ['odd extension', { type: 'timer.extend', id: 'abcdefgh', scope: 'stage', minutes: 0.3 }],
    ['not an object', 'stage.advance'],
    ['array', [{ type: 'stage.advance', id: 'abcdefgh' }]],
    ['null', null],
  ])('refuse %s', (_name, input) => {
    expect(ClientCommand.safeParse(input).success).toBe(false);
  });

  it('member.join is not a client command', () => {
    expect(COMMAND_TYPES).not.toContain('member.join');
    expect(
      ClientCommand.safeParse({ type: 'member.join', id: 'abcdefgh', memberId: 'abcdefgh', role: 'advisor', name: 'A' })
        .success,
    ).toBe(false);
    expect(
      MemberJoin.safeParse({
        type: 'member.join',
        id: 'abcdefgh',
        memberId: 'abcdefgh',
        role: 'facilitator',
        name: 'A',
      }).success,
    ).toBe(false);
  });
});

describe('forbidden keys', () => {
  it('finds __proto__, constructor and prototype at any depth, and nothing in clean input', () => {
    expect(hasForbiddenKey(JSON.parse('{"a":{"b":[{"__proto__":{}}]}}'))).toBe(true);
    expect(hasForbiddenKey({ constructor: 1 })).toBe(true);
    expect(hasForbiddenKey({ a: { prototype: 1 } })).toBe(true);
    expect(hasForbiddenKey({ type: 'item.submit', text: 'constructor __proto__ as words are fine' })).toBe(false);
    expect(hasForbiddenKey('__proto__')).toBe(false);
  });
});

describe('HTTP bodies', () => {
  it('create: title and name required; durations per stage within bounds', () => {
    expect(CreateSessionBody.safeParse({ title: 'T.K.', facilitatorName: 'F' }).success).toBe(true);
    expect(
      CreateSessionBody.safeParse({ title: 'T.K.', facilitatorName: 'F', durations: { genogram: 5 } }).success,
    ).toBe(true);
    expect(CreateSessionBody.safeParse({ title: 'T.K.', facilitatorName: 'F', durations: { lunch: 5 } }).success).toBe(
      false,
    );
    expect(CreateSessionBody.safeParse({ title: '', facilitatorName: 'F' }).success).toBe(false);
  });

  it('join: with a code or an invitation, never both or neither', () => {
    expect(JoinBody.safeParse({ code: 'KMX4TQ', name: 'P' }).success).toBe(true);
    expect(JoinBody.safeParse({ invite: 'abcdefghijklmnop', name: 'P' }).success).toBe(true);
    expect(JoinBody.safeParse({ code: 'KMX4TQ', invite: 'abcdefghijklmnop', name: 'P' }).success).toBe(false);
    expect(JoinBody.safeParse({ name: 'P' }).success).toBe(false);
  });
});

describe('join codes', () => {
  it('have no characters that read alike', () => {
    for (const ch of '0O1IL5S2Z8BUV') expect(JOIN_CODE_ALPHABET).not.toContain(ch);
  });

  it('are case-insensitive and forgive spaces and dashes', () => {
    expect(normalizeJoinCode(' kmx-4tq ')).toBe('KMX4TQ');
    expect(isWellFormedJoinCode('KMX4TQ')).toBe(true);
    expect(isWellFormedJoinCode('KMX4T0')).toBe(false);
    expect(isWellFormedJoinCode('KMX4T')).toBe(false);
  });
});

describe('docs/PROTOCOL.md', () => {
  it('is what the schemas generate (run scripts/protocol.ts after changing them)', () => {
    expect(fs.readFileSync(PROTOCOL_PATH, 'utf8')).toBe(renderProtocol());
  });

  it('docs/pack.schema.json is what the pack model generates', () => {
    expect(fs.readFileSync(PACK_SCHEMA_PATH, 'utf8')).toBe(renderPackSchema());
  });
});
