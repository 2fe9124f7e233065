/**
 * The shared screen: display only, laid out for the back of a room of ten, at 1280x720 and at
 * 1920x1080, one layout per moment of the meeting:
 * - lobby (stage 1 while joining is open): the QR code and join code large, and who has joined;
 * - writing: the prompt, the clock, and how many items are written so far (never what);
 * - read-out, and choosing: the items read out, large, the newest always on screen, the ones
 *   the worker chooses marked as they choose them (ReadOutList);
 * - board (genogram, free description, mapping): the board is the screen, showing what the
 *   facilitator chose (their view, the whole map, or a region they kept);
 * - prompt (anything else: the goal, a hand-over, a check-in): the prompt and the clock, large;
 * - ended: a closing screen, no clock.
 * While joining is open after the lobby, the code stays in a corner. The screen keeps itself
 * awake, and a corner button puts it full screen.
 */
import { formatJoinCode } from '../../../shared/joinCode.js';
import { promptFor, STAGES, STEP_LABELS } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import { BoardSlot } from '../board/BoardSlot.js';
import { Countdown } from '../components/Countdown.js';
import { QrCode } from '../components/QrCode.js';
import { ReadOutList } from '../screen/ReadOutList.js';
import { usePointerMoved } from '../screen/usePointerMoved.js';
import { useWakeLock } from '../screen/useWakeLock.js';
import type { LiveSession } from '../session/useSession.js';

const ROLES_EXPLAINED = [
  ['Facilitator', 'leads the process and is the only person who talks to the caseworker.'],
  ['Advisor', 'helps the facilitator and does not talk to the caseworker.'],
  ['Caseworker', 'brings the case and their best thinking, and takes every question away.'],
  ['Everyone else', 'stays out of the case content and writes their best questions.'],
] as const;

type Layout = 'lobby' | 'writing' | 'reading' | 'board' | 'prompt' | 'ended';

function layoutFor(view: SessionView): Layout {
  const stage = STAGES[view.stageIndex]!;
  if (view.status !== 'open') return 'ended';
  if (stage.id === 'introductions' && view.joinCode) return 'lobby';
  if (stage.id === 'genogram' || stage.id === 'description' || view.step === 'map') return 'board';
  if (view.step === 'read' || view.step === 'choose') return 'reading';
  if (view.writingOpen) return 'writing';
  return 'prompt';
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}

export function ScreenPanel({
  session,
  view,
  banner,
  publicUrl,
  you,
}: {
  session: LiveSession;
  view: SessionView;
  banner: string | undefined;
  publicUrl: string;
  you: { id: string; name: string };
}) {
  useWakeLock();
  const pointerMoved = usePointerMoved();
  const stage = STAGES[view.stageIndex]!;
  const layout = layoutFor(view);
  const joinUrl = view.joinCode ? `${publicUrl}/join/${view.joinCode}` : null;
  const host = publicUrl.replace(/^https?:\/\//, '');
  const read = view.items
    .filter((i) => i.stageId === stage.id && i.readOutAt !== null)
    .sort((a, b) => (a.readOutAt ?? 0) - (b.readOutAt ?? 0));
  const facilitator = view.members.find((m) => m.role === 'facilitator');
  const timer = view.stepTimer ?? view.stageTimer;
  const boardShown = layout === 'board';

  const header = (
    <header className="screen-head">
      <div>
        <p className="eyebrow">
          {view.title} · Stage {stage.number} of {STAGES.length}
          {view.step ? ` · ${STEP_LABELS[view.step]}` : ''}
        </p>
        <h1>{stage.title}</h1>
        <p className="prompt">{promptFor(stage, view.step, view.reviewTopic)}</p>
      </div>
      <div className="screen-head-side">
        {joinUrl && layout !== 'lobby' && (
          <p className="corner-code">
            Join at {host}/join · <strong className="code">{formatJoinCode(view.joinCode!)}</strong>
          </p>
        )}
        <Countdown
          timer={timer}
          serverNow={session.serverNow}
          label="Time remaining"
          elapsedLabel="Time so far"
          large={layout !== 'board'}
        />
      </div>
    </header>
  );

  return (
    <main className={`screen layout-${layout}`}>
      {banner && (
        <p role="status" className="banner">
          {banner}
        </p>
      )}
      <div className={`screen-chrome ${pointerMoved ? 'shown' : ''}`}>
        <button type="button" className="fullscreen" onClick={toggleFullscreen}>
          Full screen
        </button>
      </div>
      {layout === 'ended' ? (
        <div className="screen-main closing">
          <p className="eyebrow">{view.title}</p>
          <h1>Thank you</h1>
          <p className="prompt">The session has ended. Thank you.</p>
          <p className="muted">The caseworker has every question the group wrote.</p>
        </div>
      ) : layout === 'lobby' ? (
        <div className="screen-main lobby">
          {header}
          <div className="lobby-join">
            {joinUrl && <QrCode value={joinUrl} label={`QR code to join: ${joinUrl}`} size={320} />}
            <div className="lobby-code">
              <p>Join on your phone</p>
              <strong className="code">{formatJoinCode(view.joinCode!)}</strong>
              <p className="join-url">{host}/join</p>
              <p className="joined">
                {view.members.filter((m) => m.role !== 'screen').length} here:{' '}
                {view.members
                  .filter((m) => m.role !== 'screen')
                  .map((m) => firstName(m.name))
                  .join(', ')}
              </p>
            </div>
          </div>
          {view.settings.newToMethod && (
            <ul className="roles-explained">
              {ROLES_EXPLAINED.map(([role, what]) => (
                <li key={role}>
                  <strong>{role}</strong> {what}
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <div className="screen-main">
          {header}
          {layout === 'writing' && (
            <p className="written" aria-live="polite">
              {view.writtenCount === 1 ? '1 written so far' : `${view.writtenCount ?? 0} written so far`}
            </p>
          )}
          {layout === 'reading' &&
            (read.length > 0 ? <ReadOutList items={read} /> : <p className="written">Listen for the read-out.</p>)}
        </div>
      )}
      {session.token && layout !== 'ended' && (
        <div className="board-area" hidden={!boardShown}>
          <BoardSlot
            sessionId={view.sessionId}
            token={session.token}
            canEdit={false}
            user={you}
            display={{
              board: view.projectorBoard,
              followMemberId: facilitator?.id ?? null,
              stageId: view.stageId,
              visible: boardShown,
            }}
            licenseKey={session.tldrawLicenseKey}
          />
        </div>
      )}
    </main>
  );
}
