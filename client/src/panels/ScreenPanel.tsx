/** The shared screen: display only. Large stage, prompt and timer; join QR and code; read-out items; the map. */
import { formatJoinCode } from '../../../shared/joinCode.js';
import { promptFor, STAGES, STEP_LABELS } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import { BoardSlot } from '../board/BoardSlot.js';
import { Countdown } from '../components/Countdown.js';
import { ItemText } from '../components/ItemText.js';
import { QrCode } from '../components/QrCode.js';
import type { LiveSession } from '../session/useSession.js';

const ROLES_EXPLAINED = [
  ['Facilitator', 'leads the process and is the only person who talks to the caseworker.'],
  ['Advisor', 'helps the facilitator and does not talk to the caseworker.'],
  ['Caseworker', 'brings the case and their best thinking, and takes every question away.'],
  ['Everyone else', 'stays out of the case content and writes their best questions.'],
] as const;

export function ScreenPanel({
  session,
  view,
  banner,
  publicUrl,
}: {
  session: LiveSession;
  view: SessionView;
  banner: string | undefined;
  publicUrl: string;
}) {
  const stage = STAGES[view.stageIndex]!;
  const read = view.items.filter((i) => i.stageId === stage.id).sort((a, b) => (a.readOutAt ?? 0) - (b.readOutAt ?? 0));
  const joinUrl = view.joinCode ? `${publicUrl}/join/${view.joinCode}` : null;
  return (
    <main className="screen">
      {banner && (
        <p role="status" className="banner">
          {banner}
        </p>
      )}
      <div className="screen-side">
        <div className="screen-top">
          <header>
            <p className="eyebrow">
              {view.title} · Stage {stage.number} of {STAGES.length}
              {view.step ? ` · ${STEP_LABELS[view.step]}` : ''}
            </p>
            <h1>{stage.title}</h1>
            <p className="prompt">{promptFor(stage, view.step)}</p>
            {view.status === 'ended' && <p className="prompt">The session has ended. Thank you.</p>}
          </header>
          <Countdown
            timer={view.stepTimer ?? view.stageTimer}
            serverNow={session.serverNow}
            label="Time remaining"
            large
          />
        </div>
        {stage.id === 'introductions' && view.settings.newToMethod && (
          <ul className="roles-explained">
            {ROLES_EXPLAINED.map(([role, what]) => (
              <li key={role}>
                <strong>{role}</strong> {what}
              </li>
            ))}
          </ul>
        )}
        {joinUrl && (
          <div className="join">
            <QrCode value={joinUrl} label={`QR code to join: ${joinUrl}`} size={220} />
            <p>
              Join on your phone
              <br />
              <strong className="code">{formatJoinCode(view.joinCode!)}</strong>
              <br />
              <span className="join-url">{publicUrl.replace(/^https?:\/\//, '')}/join</span>
            </p>
          </div>
        )}
        {read.length > 0 && (
          <section aria-labelledby="read-h">
            <h2 id="read-h" className="visually-hidden">
              Read out
            </h2>
            <ol className="items large">
              {read.map((item) => (
                <li key={item.id} className={item.chosen ? 'chosen' : ''}>
                  <ItemText item={item} />
                  {item.chosen && <span className="visually-hidden"> (chosen)</span>}
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
      <div className="board-area">
        {session.token && (
          <BoardSlot
            sessionId={view.sessionId}
            token={session.token}
            canEdit={false}
            display
            licenseKey={session.tldrawLicenseKey}
          />
        )}
      </div>
    </main>
  );
}
