/** A practice lead creates a session: case pseudonym, their name, whether the group is new. */
import { type FormEvent, useEffect, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import { estimatedSessionMinutes, TIMED_KEYS, timedLengths } from '../../../shared/process/stages.js';
import type { CreateSessionResponse, Invitation, ServerSettings, SignInStatus } from '../../../shared/protocol.js';
import { ROLE_LABELS } from '../../../shared/roles.js';
import { createSession, serverSettings, signInStatus, signOut } from '../api.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { Invitations } from '../components/Invitations.js';
import { usePageTitle } from '../pageTitle.js';
import { heldSessions, rememberSession, saveInvitations, saveToken } from '../session/tokens.js';

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

/** What the server's sign-in callback came back with (`/?sign-in=…`), in words. */
function signInOutcome(outcome: string | null, provider: string): string | null {
  switch (outcome) {
    case 'refused':
      return `You signed in with ${provider}, but your account is not one that may start sessions here. Ask your IT team to add you to the group for supervision leads.`;
    case 'cancelled':
      return 'Sign-in was cancelled.';
    case 'failed':
      return 'Sign-in did not finish (it may have taken too long). Try again.';
    case 'unavailable':
      return 'The sign-in service cannot be reached just now. Try again in a few minutes: sessions already running are not affected.';
    default:
      return null;
  }
}

/** The sign-in callback's outcome, read once and taken out of the address bar. */
function takeSignInOutcome(): string | null {
  const params = new URLSearchParams(window.location.search);
  const outcome = params.get('sign-in');
  if (outcome) window.history.replaceState(null, '', '/');
  return outcome;
}

export function StartPage() {
  const [title, setTitle] = useState('');
  const [name, setName] = useState('');
  const [newToMethod, setNewToMethod] = useState(false);
  const [durations, setDurations] = useState<Record<string, number>>(rememberedDurations);
  const [wordsAndPictures, setWordsAndPictures] = useState<('danger' | 'safety-goals')[]>([]);
  const [signIn, setSignIn] = useState<SignInStatus | null>(null);
  const [outcome] = useState(takeSignInOutcome);
  useEffect(() => {
    void signInStatus().then((status) => {
      setSignIn(status);
      // The name the group will see, filled in from the sign-in; the facilitator can shorten it.
      if (status?.user) setName((typed) => typed || status.user!.name.slice(0, LIMITS.nameChars));
    });
  }, []);
  useEffect(() => {
    localStorage.setItem(DEFAULTS_KEY, JSON.stringify(durations));
  }, [durations]);
  const total = estimatedSessionMinutes({ durations, wordsAndPictures });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreateSessionResponse | null>(null);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [held] = useState(heldSessions);
  usePageTitle(created ? `Session ready: ${title}` : 'Start a session');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await createSession({ title, facilitatorName: name, newToMethod, durations, wordsAndPictures });
      saveToken(res.sessionId, res.facilitatorToken, 'facilitator');
      saveInvitations(res.sessionId, res.invitations);
      rememberSession({ sessionId: res.sessionId, title, role: 'facilitator', at: Date.now() });
      setInvitations(res.invitations);
      setCreated(res);
    } catch (err) {
      setError((err as Error).message);
      // A sign-in that ended while the form was open: show the way back in.
      if (signIn?.required) void signInStatus().then(setSignIn);
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    await signOut();
    setSignIn(await signInStatus());
  }

  if (created) {
    return (
      <main className="page narrow">
        <h1>Session ready: {title}</h1>
        <p>
          Send each person their own link now, or later: the console shows them again under <strong>Session</strong> →
          Links.
        </p>
        <Invitations
          sessionId={created.sessionId}
          token={created.facilitatorToken}
          invitations={invitations}
          joinCode={created.participants.code}
          joinUrl={created.participants.joinUrl}
          facilitatorUrl={created.facilitatorUrl}
          onRenewed={setInvitations}
        />
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
      {held.length > 0 && (
        <section className="card" aria-labelledby="held-h">
          <h2 id="held-h">Return to your session</h2>
          <ul className="held-sessions">
            {held.map((h) => (
              <li key={h.sessionId}>
                <a href={`/s/${h.sessionId}`}>
                  {h.title} <span className="muted">({ROLE_LABELS[h.role].toLowerCase()})</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <HowItWorks />
      {signIn?.required && !signIn.user ? (
        <section className="card sign-in" aria-labelledby="sign-in-h">
          <h2 id="sign-in-h">Sign in to start a session</h2>
          <p>
            Practice leads sign in with {signIn.provider} to start a session. Everyone else joins with the code or their
            link, with no account.
          </p>
          <ErrorLine error={signInOutcome(outcome, signIn.provider ?? 'your account') ?? error} />
          <a className="button primary" href="/auth/sign-in">
            Sign in with {signIn.provider}
          </a>
        </section>
      ) : (
        startForm()
      )}
    </main>
  );

  /** The form itself: a plain function, not a component, so typing never remounts it. */
  function startForm() {
    return (
      <>
        {signIn?.user && (
          <p className="signed-in">
            Signed in as <strong>{signIn.user.name}</strong>{' '}
            <button type="button" className="link" onClick={() => void leave()}>
              Sign out
            </button>
          </p>
        )}
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
              The lengths the seed gives. Reading out, choosing, handing over and check-ins are not timed: they count
              up. Your lengths are remembered in this browser.
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
      </>
    );
  }
}

/** A few lines for someone who has never run one: how it goes, who is who, what is kept. */
function HowItWorks() {
  const [settings, setSettings] = useState<ServerSettings | null>(null);
  useEffect(() => {
    void serverSettings().then(setSettings);
  }, []);
  return (
    <details className="how-it-works">
      <summary>How a session runs</summary>
      <ol>
        <li>You create the session and send the links: one for the shared screen, the caseworker and the advisor.</li>
        <li>
          The group joins on their phones with the code or QR on the screen. You run the twelve stages from your laptop;
          the screen follows.
        </li>
        <li>
          In question stages everyone writes alone, you read the questions out, the caseworker chooses, and the choices
          go on the map.
        </li>
        <li>At the end you and the caseworker agree the record; the caseworker downloads it and the question pack.</li>
      </ol>
      <dl className="roles">
        <dt>Facilitator</dt>
        <dd>Runs the process and the board; writes actions and decisions.</dd>
        <dt>Caseworker</dt>
        <dd>Brings the case, chooses the questions, takes the record away.</dd>
        <dt>Advisor</dt>
        <dd>Leads the stages the process gives them, and can note things to the facilitator privately.</dd>
        <dt>Participants</dt>
        <dd>Write questions on their phones; they see only their own.</dd>
        <dt>Shared screen</dt>
        <dd>The projector: shows the stage, the read-out questions and the board. Nothing is typed there.</dd>
      </dl>
      <p>
        What is kept: the session, the board and the record, on this server only.{' '}
        {settings
          ? `They are deleted ${settings.retentionDays} days after the session ends; once you and the caseworker have agreed the record you can keep it longer, up to ${settings.maxRetentionDays} days.`
          : 'They are deleted a set number of days after the session ends.'}{' '}
        You can delete a session at any time. Use a pseudonym or initials for the case, never the family's names.
      </p>
    </details>
  );
}
