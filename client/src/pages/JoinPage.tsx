/**
 * Joining: participants type the code (or arrive from the QR); invited roles arrive by link. An
 * invitation's page says whom it is for and for which case before anyone joins; the screen's link
 * joins at once, with no name to type. Coming back by the same code or link (a rescan, Back, a
 * reopened tab) goes back in as the same person.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { normalizeJoinCode } from '../../../shared/joinCode.js';
import { LIMITS } from '../../../shared/limits.js';
import type { InvitationResponse, JoinResponse } from '../../../shared/protocol.js';
import { ROLE_LABELS } from '../../../shared/roles.js';
import { describeInvitation, joinSession } from '../api.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { usePageTitle } from '../pageTitle.js';
import {
  rememberInvite,
  rememberJoinCode,
  rememberSession,
  saveToken,
  sessionForInvite,
  sessionForJoinCode,
} from '../session/tokens.js';

/** The projector's member name: nobody types at a projector. */
const SCREEN_NAME = 'Shared screen';

/**
 * One join per code or link at a time in this page: a double tap, or a second run of the screen's
 * automatic join, waits for the first instead of adding a second person.
 */
const joining = new Map<string, Promise<JoinResponse>>();
function joinOnce(key: string, body: Parameters<typeof joinSession>[0]): Promise<JoinResponse> {
  let pending = joining.get(key);
  if (!pending) {
    pending = joinSession(body);
    joining.set(key, pending);
    pending.catch(() => joining.delete(key)); // a refusal may be tried again
  }
  return pending;
}

/** Replace, not push: Back from the session must not land on a join form that would add a second person. */
const enter = (sessionId: string) => window.location.replace(`/s/${sessionId}`);

export function JoinPage(props: { code?: string; invite?: string }) {
  const known = props.invite
    ? sessionForInvite(props.invite)
    : props.code
      ? sessionForJoinCode(normalizeJoinCode(props.code))
      : null;
  useEffect(() => {
    if (known) enter(known);
  }, [known]);
  if (known) return null;
  return props.invite ? <InviteJoin invite={props.invite} /> : <CodeJoin code={props.code ?? ''} />;
}

function CodeJoin(props: { code: string }) {
  const [code, setCode] = useState(props.code);
  return (
    <JoinForm
      heading="Join the session"
      lede="Write your questions on this phone; the shared screen shows the session."
      codeField={{ code, setCode }}
      join={async (name) => {
        const normalized = normalizeJoinCode(code);
        // The same code typed again in this browser: back in as the same person.
        const known = sessionForJoinCode(normalized);
        if (known) return enter(known);
        const res = await joinOnce(`code:${normalized}`, { code, name });
        if (saveToken(res.sessionId, res.token, res.role) === 'browser') rememberJoinCode(normalized, res.sessionId);
        enter(res.sessionId);
      }}
    />
  );
}

/** Joins by an invitation and enters; the browser remembers the link only for a person it holds itself. */
async function joinByInvite(invite: string, name: string, title: string): Promise<void> {
  const res = await joinOnce(`invite:${invite}`, { invite, name });
  if (saveToken(res.sessionId, res.token, res.role) === 'browser') {
    rememberInvite(invite, res.sessionId);
    rememberSession({ sessionId: res.sessionId, title, role: res.role, at: Date.now() });
  }
  enter(res.sessionId);
}

function InviteJoin({ invite }: { invite: string }) {
  const [info, setInfo] = useState<InvitationResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    describeInvitation(invite).then(
      (res) => {
        if (!live) return;
        setInfo(res);
        if (res.role === 'screen' && res.status === 'open')
          joinByInvite(invite, SCREEN_NAME, res.title).catch((err: Error) => live && setError(err.message));
      },
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [invite]);

  if (error || !info) {
    return (
      <main className="page narrow">
        <h1>Join the session</h1>
        {error ? <ErrorLine error={error} /> : <p role="status">Opening the invitation…</p>}
      </main>
    );
  }
  if (info.role === 'screen') {
    return (
      <main className="page narrow">
        <h1>{info.title}: shared screen</h1>
        <p role="status">{info.status === 'open' ? 'Opening the shared screen…' : 'This session has ended.'}</p>
      </main>
    );
  }
  const role = ROLE_LABELS[info.role].toLowerCase();
  return (
    <JoinForm
      heading={`Join ${info.title} as the ${role}`}
      lede={
        info.status === 'ended'
          ? 'The session has ended; you can still see and agree the record.'
          : `This link is yours: it makes you the session's ${role}.`
      }
      join={(name) => joinByInvite(invite, name, info.title)}
    />
  );
}

function JoinForm(props: {
  heading: string;
  lede: string;
  codeField?: { code: string; setCode: (code: string) => void };
  join: (name: string) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(props.heading);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.join(name);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <h1>{props.heading}</h1>
      <p>{props.lede}</p>
      <form onSubmit={submit} className="stack">
        {props.codeField && (
          <label>
            Code from the shared screen
            <input
              value={props.codeField.code}
              onChange={(e) => props.codeField!.setCode(e.target.value)}
              autoCapitalize="characters"
              autoComplete="off"
              required
              maxLength={12}
              className="code-input"
            />
          </label>
        )}
        <label>
          Your name or initials
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={LIMITS.nameChars}
            required
            autoComplete="nickname"
          />
        </label>
        <ErrorLine error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Join
        </button>
      </form>
    </main>
  );
}
