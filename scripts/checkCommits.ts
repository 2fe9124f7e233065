/**
 * Commit messages as the project keeps them (part of `npm run lint`): a subject of at most 72
 * characters, a blank line, and a body that says why. Checked for every commit since the rule
 * began (FIRST_CHECKED's parent), so the history from before stands as it was. Merge commits are
 * exempt. In a clone too shallow to reach that commit, the commits it has are checked.
 *   node --import tsx scripts/checkCommits.ts
 */
import { execFileSync } from 'node:child_process';

const SUBJECT_MAX = 72;
/** The last commit before the rule (2026-11-24). */
const BEFORE_THE_RULE = '445af0b4293f30801d1d2017e57fd5c504eb8177';

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' });

export function problems(message: string): string[] {
  const [subject = '', blank, ...body] = message.replace(/\n+$/, '').split('\n');
  const found: string[] = [];
  if (subject.length > SUBJECT_MAX) found.push(`subject is ${subject.length} characters (at most ${SUBJECT_MAX})`);
  if (subject.trim() === '') found.push('subject is empty');
  if (blank !== undefined && blank.trim() !== '') found.push('no blank line between subject and body');
  else if (body.join('').trim() === '') found.push('no body saying why');
  return found;
}

function commitsToCheck(): string[] {
  let reachable = true;
  try {
    execFileSync('git', ['cat-file', '-e', `${BEFORE_THE_RULE}^{commit}`], { stdio: 'ignore' });
  } catch {
    reachable = false;
  }
  const range = reachable ? [`${BEFORE_THE_RULE}..HEAD`] : ['HEAD'];
  return git('rev-list', '--no-merges', ...range)
    .split('\n')
    .filter(Boolean);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  let bad = 0;
  const commits = commitsToCheck();
  for (const sha of commits) {
    const found = problems(git('log', '-1', '--format=%B', sha));
    if (found.length === 0) continue;
    bad++;
    process.stderr.write(`${sha.slice(0, 8)} ${git('log', '-1', '--format=%s', sha).trim()}\n  ${found.join('; ')}\n`);
  }
  if (bad > 0) {
    process.stderr.write(
      `${bad} of ${commits.length} commits need a subject of at most ${SUBJECT_MAX} characters and a body saying why.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`commit messages: ${commits.length} checked, all with a short subject and a body\n`);
}
