/** Joining: participants type the code (or arrive from the QR); invited roles arrive by link. */
import { type FormEvent, useState } from 'react';
import { normalizeJoinCode } from '../../../shared/joinCode.js';
import { LIMITS } from '../../../shared/limits.js';
import { joinSession } from '../api.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { rememberJoinCode, saveToken, sessionForJoinCode } from '../session/tokens.js';

export function JoinPage(props: { code?: string; invite?: string }) {
  const known = props.code ? sessionForJoinCode(normalizeJoinCode(props.code)) : null;
  if (known) {
    window.location.replace(`/s/${known}`);
    return null;
  }
  return <JoinForm {...props} />;
}

function JoinForm(props: { code?: string; invite?: string }) {
  const [code, setCode] = useState(props.code ?? '');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await joinSession(props.invite ? { invite: props.invite, name } : { code, name });
      saveToken(res.sessionId, res.token, res.role);
      if (!props.invite) rememberJoinCode(normalizeJoinCode(code), res.sessionId);
      window.location.assign(`/s/${res.sessionId}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <h1>Join the session</h1>
      <form onSubmit={submit} className="stack">
        {!props.invite && (
          <label>
            Code from the shared screen
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
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
