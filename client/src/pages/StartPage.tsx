/** A practice lead creates a session: case pseudonym, their name, whether the group is new. */
import { type FormEvent, useState } from 'react';
import { formatJoinCode } from '../../../shared/joinCode.js';
import { LIMITS } from '../../../shared/limits.js';
import { STAGES, type StageId } from '../../../shared/process/stages.js';
import type { CreateSessionResponse } from '../../../shared/protocol.js';
import { createSession } from '../api.js';
import { saveToken } from '../session/tokens.js';

const ROLE_NAMES = { advisor: 'Advisor', caseworker: 'Caseworker', screen: 'Shared screen (projector)' } as const;

export function StartPage() {
  const [title, setTitle] = useState('');
  const [name, setName] = useState('');
  const [newToMethod, setNewToMethod] = useState(false);
  const [durations, setDurations] = useState<Partial<Record<StageId, number>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreateSessionResponse | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await createSession({ title, facilitatorName: name, newToMethod, durations });
      saveToken(res.sessionId, res.facilitatorToken);
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
        <details>
          <summary>Stage times</summary>
          <p className="muted">
            The seed's times. For question stages this is the writing time; the read, choose and map steps keep theirs.
          </p>
          <div className="durations">
            {STAGES.map((stage) => {
              const base = stage.round.length ? stage.round.find((s) => s.id === 'write')?.minutes : stage.minutes;
              if (base === undefined) return null;
              return (
                <label key={stage.id} className="duration">
                  <span>
                    {stage.number}. {stage.title}
                    {stage.round.length ? ' (writing)' : ''}
                  </span>
                  <input
                    type="number"
                    min={0.5}
                    max={LIMITS.maxStageMinutes}
                    step={0.5}
                    value={durations[stage.id] ?? base}
                    onChange={(e) => setDurations({ ...durations, [stage.id]: Number(e.target.value) })}
                    aria-describedby="minutes-unit"
                  />
                </label>
              );
            })}
          </div>
          <p id="minutes-unit" className="muted">
            Minutes.
          </p>
        </details>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Create session
        </button>
      </form>
    </main>
  );
}
