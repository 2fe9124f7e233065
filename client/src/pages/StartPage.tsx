/** A practice lead creates a session: case pseudonym, their name, whether the group is new. */
import { type FormEvent, useEffect, useState } from 'react';
import { formatJoinCode } from '../../../shared/joinCode.js';
import { LIMITS } from '../../../shared/limits.js';
import { estimatedSessionMinutes, TIMED_KEYS, timedLengths } from '../../../shared/process/stages.js';
import type { CreateSessionResponse } from '../../../shared/protocol.js';
import { createSession } from '../api.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { saveToken } from '../session/tokens.js';

/** The facilitator's own lengths are remembered in this browser, as their defaults (PRD-TIME-2). */
const DEFAULTS_KEY = 'groupmap.durations';

function rememberedDurations(): Record<string, number> {
  try {
    const saved = JSON.parse(localStorage.getItem(DEFAULTS_KEY) ?? '{}') as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(saved).filter(
        (e): e is [string, number] =>
          TIMED_KEYS.includes(e[0]) && typeof e[1] === 'number' && e[1] >= 0.5 && e[1] <= LIMITS.maxStageMinutes,
      ),
    );
  } catch {
    return {};
  }
}

const ROLE_NAMES = { advisor: 'Advisor', caseworker: 'Caseworker', screen: 'Shared screen (projector)' } as const;

export function StartPage() {
  const [title, setTitle] = useState('');
  const [name, setName] = useState('');
  const [newToMethod, setNewToMethod] = useState(false);
  const [durations, setDurations] = useState<Record<string, number>>(rememberedDurations);
  const [wordsAndPictures, setWordsAndPictures] = useState<('danger' | 'safety-goals')[]>([]);
  useEffect(() => {
    localStorage.setItem(DEFAULTS_KEY, JSON.stringify(durations));
  }, [durations]);
  const total = estimatedSessionMinutes({ durations, wordsAndPictures });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreateSessionResponse | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await createSession({ title, facilitatorName: name, newToMethod, durations, wordsAndPictures });
      saveToken(res.sessionId, res.facilitatorToken, 'facilitator');
      setCreated(res);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <main className="page narrow">
        <h1>Session ready</h1>
        <p>Send each person their own link. Links are personal: anyone holding one joins in that role.</p>
        <ul className="links">
          {created.invitations.map((inv) => (
            <li key={inv.role}>
              <span className="label">{ROLE_NAMES[inv.role]}</span>
              <input
                readOnly
                value={inv.url}
                aria-label={`${ROLE_NAMES[inv.role]} link`}
                onFocus={(e) => e.currentTarget.select()}
              />
              <button type="button" onClick={() => void navigator.clipboard?.writeText(inv.url)}>
                Copy
              </button>
            </li>
          ))}
          <li>
            <span className="label">Participants</span>
            <span>
              code <strong className="code">{formatJoinCode(created.participants.code)}</strong> at{' '}
              {created.participants.joinUrl}
            </span>
          </li>
        </ul>
        <a className="button primary" href={`/s/${created.sessionId}`}>
          Open the facilitator console
        </a>
      </main>
    );
  }

  return (
    <main className="page narrow">
      <h1>groupmap</h1>
      <p className="lede">
        Signs of Safety group supervision, run on a shared screen, with questions written on phones.
      </p>
      <form onSubmit={submit} className="stack">
        <label>
          Case pseudonym or initials
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={LIMITS.titleChars}
            required
            placeholder="e.g. Family K, or T.K."
          />
          <small>Never the family's real names: this title appears on the projector and on the pack.</small>
        </label>
        <label>
          Your name (facilitator)
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={LIMITS.nameChars} required />
        </label>
        <label className="check">
          <input type="checkbox" checked={newToMethod} onChange={(e) => setNewToMethod(e.target.checked)} />
          The group is new to this method (introductions explain the process and the roles)
        </label>
        <fieldset className="check-group">
          <legend>Words and pictures</legend>
          {(['danger', 'safety-goals'] as const).map((stage) => (
            <label className="check" key={stage}>
              <input
                type="checkbox"
                checked={wordsAndPictures.includes(stage)}
                onChange={(e) =>
                  setWordsAndPictures(
                    e.target.checked ? [...wordsAndPictures, stage] : wordsAndPictures.filter((s) => s !== stage),
                  )
                }
              />
              {stage === 'danger'
                ? 'Danger statements in words and pictures (about 10 minutes to write)'
                : 'Safety goals in words and pictures'}
            </label>
          ))}
        </fieldset>
        <p className="estimate">
          About <strong>{Math.round(total)} minutes</strong> in all: the seed's timed steps plus typical times for the
          steps it leaves open, which count up.
        </p>
        <details>
          <summary>Timed steps</summary>
          <p className="muted">
            The lengths the seed gives. Reading out, choosing, handing over and check-ins are not timed: they count up.
            Your lengths are remembered in this browser.
          </p>
          <div className="durations">
            {timedLengths().map((length) => (
              <label key={length.key} className="duration">
                <span>{length.label}</span>
                <input
                  type="number"
                  min={0.5}
                  max={LIMITS.maxStageMinutes}
                  step={0.5}
                  value={durations[length.key] ?? length.minutes}
                  onChange={(e) => setDurations({ ...durations, [length.key]: Number(e.target.value) })}
                  aria-describedby="minutes-unit"
                />
              </label>
            ))}
          </div>
          <p id="minutes-unit" className="muted">
            Minutes.
          </p>
          <button type="button" className="link" onClick={() => setDurations({})}>
            Back to the seed's lengths
          </button>
        </details>
        <ErrorLine error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Create session
        </button>
      </form>
    </main>
  );
}
