/** The commit-message rule that `npm run lint` applies. */
import { describe, expect, it } from 'vitest';
import { problems } from '../../scripts/checkCommits.js';

describe('commit messages', () => {
  it('take a subject of at most 72 characters, a blank line and a body', () => {
    expect(problems('Board saves record by record\n\nWhole snapshots grew with the board.\n')).toEqual([]);
  });

  it('refuse a long subject, a missing body, or a body run into the subject', () => {
    expect(problems(`${'x'.repeat(73)}\n\nWhy.`)).toEqual(['subject is 73 characters (at most 72)']);
    expect(problems('Board saves record by record\n')).toEqual(['no body saying why']);
    expect(problems('Board saves record by record\nWhole snapshots grew.')).toEqual([
      'no blank line between subject and body',
    ]);
  });
});
