/** The operational log: pino lines that carry only allow-listed fields, so no case content can reach them. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.js';

function capture(level?: 'info' | 'warn') {
  const stream = new PassThrough();
  const lines: Array<Record<string, unknown>> = [];
  stream.on('data', (chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { log: createLogger({ stream, level }), lines };
}

describe('the operational log', () => {
  it('writes one JSON object a line: level word, ISO time, the event and its allowed fields', () => {
    const { log, lines } = capture();
    log.info('member.joined', { sessionId: 's1', memberId: 'm1', role: 'participant' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      event: 'member.joined',
      sessionId: 's1',
      memberId: 'm1',
      role: 'participant',
    });
  });

  it('drops every field off the allow-list, whatever a caller passes', () => {
    const { log, lines } = capture();
    log.error('command.failed', {
      sessionId: 's1',
      text: 'Dad shouts at bedtime',
      name: 'Mum',
      title: 'Family K',
      error: 'TypeError',
    } as never);
    expect(lines[0]).toEqual({
      level: 'error',
      time: expect.any(String),
      event: 'command.failed',
      sessionId: 's1',
      error: 'TypeError',
    });
  });

  it('writes nothing below its level', () => {
    const { log, lines } = capture('warn');
    log.info('session.created', { sessionId: 's1' });
    log.warn('board.slow', { sessionId: 's1' });
    expect(lines.map((l) => l.event)).toEqual(['board.slow']);
  });
});
