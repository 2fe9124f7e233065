/** One session, seen through the role of whoever holds the token. */
import { lazy, Suspense, useEffect } from 'react';
import { STAGES, STEP_LABELS } from '../../../shared/process/stages.js';
import { ROLE_LABELS } from '../../../shared/roles.js';
import { Countdown } from '../components/Countdown.js';
import { usePageTitle } from '../pageTitle.js';
import { ParticipantPanel } from '../panels/ParticipantPanel.js';
import { ENDED } from '../session/connection.js';
import { prefetchRoomViews } from '../session/prefetch.js';
import { forgetSession, loadToken, rememberedRole } from '../session/tokens.js';
import { type ConnectionState, useSession } from '../session/useSession.js';

// Phones load only the participant panel; the room's views (and later the board) load on demand.
const Cockpit = lazy(() => import('../cockpit/Cockpit.js').then((m) => ({ default: m.Cockpit })));
const CaseworkerPanel = lazy(() =>
  import('../panels/CaseworkerPanel.js').then((m) => ({ default: m.CaseworkerPanel })),
);
const ScreenPanel = lazy(() => import('../panels/ScreenPanel.js').then((m) => ({ default: m.ScreenPanel })));

const BANNERS: Partial<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  reconnecting: 'Connection lost: reconnecting. Anything you send is kept and delivered when it returns.',
  refused: 'This link or device is not (or no longer) part of a session.',
  gone: 'This session has been purged.',
  removed: 'The facilitator has taken you out of this session. Ask them if you think this is a mistake.',
};

/** What the page says when there is no session to show. */
const HEADINGS: Partial<Record<ConnectionState, string>> = {
  refused: 'Not in a session',
  gone: 'Session deleted',
  removed: 'You are no longer in this session',
};

export function SessionPage({ sessionId }: { sessionId: string }) {
  const session = useSession(sessionId, loadToken(sessionId));
  const { view, you, connection } = session;
  // A purged session, or a token the server no longer knows: this browser lets go of it (token,
  // links, the start page's "return to"), so nothing of the case lingers here.
  useEffect(() => {
    if (ENDED.has(connection)) forgetSession(sessionId);
  }, [connection, sessionId]);
  // From the role this browser joined as, before the connection is up; then from the server's word.
  prefetchRoomViews(you?.role ?? rememberedRole(sessionId));
  usePageTitle(
    !view
      ? 'Session'
      : view.status === 'ended'
        ? `${view.title}: ended`
        : `${view.title}: ${STAGES[view.stageIndex]!.title}`,
  );
  const banner = BANNERS[connection];

  // Purged or removed: nothing of the session stays on this screen.
  if (!view || !you || ENDED.has(connection)) {
    return (
      <main className="page narrow">
        <h1>{HEADINGS[connection] ?? 'Opening the session'}</h1>
        <p role="status" className="banner">
          {banner ?? 'Loading…'}
        </p>
        {(connection === 'refused' || connection === 'removed') && (
          <p>
            <a href="/join">Join a session with a code</a>
          </p>
        )}
      </main>
    );
  }
  const stage = STAGES[view.stageIndex]!;
  if (you.role === 'screen') {
    return (
      <Suspense fallback={null}>
        <ScreenPanel session={session} view={view} banner={banner} publicUrl={session.publicUrl} you={you} />
      </Suspense>
    );
  }
  if (you.role === 'facilitator' || you.role === 'advisor') {
    return (
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <Cockpit session={session} view={view} you={you} banner={banner} />
      </Suspense>
    );
  }
  return (
    <div className={`session role-${you.role}`}>
      {banner && (
        <p role="status" className="banner">
          {banner}
        </p>
      )}
      <header className="session-header">
        <div>
          <p className="eyebrow">
            {view.title} · {ROLE_LABELS[you.role]} {you.name}
          </p>
          {view.status === 'ended' ? (
            <h1>The session has ended</h1>
          ) : (
            <h1>
              {stage.number}. {stage.title}
              {view.step && <span className="step"> · {STEP_LABELS[view.step]}</span>}
            </h1>
          )}
        </div>
        {view.status === 'open' && (
          <div className="timers">
            {view.stepTimer && (
              <Countdown
                timer={view.stepTimer}
                serverNow={session.serverNow}
                label="Step time"
                caption={view.step === 'write' ? 'Writing time left' : `${STEP_LABELS[view.step!]}: time left`}
                elapsedLabel={view.step === 'write' ? 'Writing time' : `${STEP_LABELS[view.step!]}: time so far`}
              />
            )}
            {/* A phone shows the clock of what its person is doing; the stage's is the facilitator's. */}
            {(you.role === 'caseworker' || !view.stepTimer) && (
              <Countdown
                timer={view.stageTimer}
                serverNow={session.serverNow}
                label="Stage time"
                caption="Stage time left"
                elapsedLabel="Stage time so far"
              />
            )}
          </div>
        )}
      </header>
      <main className="session-main">
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {you.role === 'caseworker' && <CaseworkerPanel session={session} view={view} you={you} />}
          {you.role === 'participant' && <ParticipantPanel session={session} view={view} />}
        </Suspense>
      </main>
    </div>
  );
}
