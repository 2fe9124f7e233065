/**
 * The facilitator's cockpit, and the advisor's view of it: the whole meeting on one laptop
 * screen, without scrolling the page. The board is the main area; the rail beside it holds where
 * the meeting is, the clock, the one next action, the cue lines and the items of this stage;
 * everything else is in the session drawer and the agenda. Keys: N, B, P, +, −, R, G and ?.
 */
import { useCallback, useState } from 'react';
import type { Editor } from 'tldraw';
import { canEditBoard, drivesStage, packAvailable } from '../../../shared/permissions.js';
import type { SessionView } from '../../../shared/projection.js';
import type { Welcome } from '../../../shared/protocol.js';
import { unseenNotesFor } from '../../../shared/state.js';
import { BoardSlot } from '../board/BoardSlot.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { AdvisorChannel } from '../console/AdvisorChannel.js';
import { Cues } from '../console/Cues.js';
import { SupervisionRecord } from '../console/SupervisionRecord.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';
import { AdvisorAlert } from './AdvisorAlert.js';
import { Agenda } from './Agenda.js';
import { type Action, backAction, clockAction, extendAction, nextToRead, primaryAction } from './actions.js';
import { Dialog } from './Dialog.js';
import { ItemRows } from './ItemRows.js';
import { NowPanel } from './NowPanel.js';
import { ScreenControl } from './ScreenControl.js';
import { SessionDrawer } from './SessionDrawer.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { StageTools } from './StageTools.js';
import { useShortcuts } from './shortcuts.js';

/** Where actions are agreed (map, hand-over) and decisions recorded (the review): the record is one press away. */
const RECORD_STEPS: ReadonlySet<string> = new Set(['map', 'hand-over']);

export function Cockpit({
  session,
  view,
  you,
  banner,
}: {
  session: LiveSession;
  view: SessionView;
  you: Welcome['you'];
  banner: string | undefined;
}) {
  const { run, error } = useCommand(session);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [dialog, setDialog] = useState<'agenda' | 'session' | 'record' | 'help' | null>(null);
  const facilitator = you.role === 'facilitator';
  const drives = drivesStage(you.role, view);
  const participants = view.members.filter((m) => m.role === 'participant').length;
  const unseen = unseenNotesFor(view.advisorNotes, 'facilitator').length;

  const act = useCallback(
    (action: Action | null) => {
      if (!action) return;
      if (action.confirm && !window.confirm(action.confirm)) return;
      void run(action.command);
    },
    [run],
  );
  const driving = drives
    ? {
        next: () => act(primaryAction(view)),
        back: () => act(backAction(view)),
        clock: () => act(clockAction(view)),
        more: () => act(extendAction(view, 1)),
        less: () => act(extendAction(view, -1)),
        readNext: () => {
          const item = nextToRead(view);
          if (item) void run({ type: 'item.readOut', itemId: item.id });
        },
      }
    : {};
  useShortcuts({ ...driving, board: () => editor?.focus(), help: () => setDialog('help') }, dialog === null);

  return (
    <div className={`cockpit role-${you.role}`}>
      <header className="cockpit-top">
        <button type="button" onClick={() => setDialog('agenda')} aria-haspopup="dialog">
          Agenda
        </button>
        <p className="cockpit-title">
          <span className="title">{view.title}</span>
          <span className="muted">
            {' '}
            · {you.name} ({facilitator ? 'facilitator' : 'advisor'})
          </span>
        </p>
        {banner && (
          <p role="status" className="banner">
            {banner}
          </p>
        )}
        {facilitator && unseen > 0 && (
          <span className="tag alert" aria-hidden="true">
            {unseen} from the advisor
          </span>
        )}
        {facilitator && view.status === 'open' && (
          <button type="button" onClick={() => setDialog('record')} aria-haspopup="dialog">
            Record
          </button>
        )}
        <button type="button" onClick={() => setDialog('session')} aria-haspopup="dialog">
          Session
        </button>
        <button
          type="button"
          onClick={() => setDialog('help')}
          aria-haspopup="dialog"
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="?"
        >
          ?
        </button>
      </header>
      <aside className="rail" aria-label="This stage">
        {facilitator && <AdvisorAlert view={view} run={run} />}
        {!facilitator && (
          <div className="rail-block">
            <AdvisorChannel session={session} view={view} advisor />
          </div>
        )}
        <NowPanel session={session} view={view} drives={drives} act={act} />
        {facilitator && participants > 10 && (
          <p className="cue-warning" role="status">
            {participants} participants have joined. The process is designed for groups of 4 to 10: consider a smaller
            group, or keep the read-out to one each.
          </p>
        )}
        <ErrorLine error={error} />
        {/* Only this part scrolls: where the meeting is and the next action stay in view. */}
        <div className="rail-scroll" key={`${view.stageId}:${view.step}`}>
          {/* After the end the meeting's controls are done: the rail is the record to finish and agree. */}
          {facilitator && view.status === 'ended' && (
            <SupervisionRecord session={session} view={view} party="facilitator" />
          )}
          {facilitator &&
            view.status === 'open' &&
            (RECORD_STEPS.has(view.step ?? '') || view.stageId === 'review') && (
              <button type="button" className="record-open" onClick={() => setDialog('record')}>
                Actions and decisions for the record
              </button>
            )}
          <Cues view={view} />
          <StageTools session={session} view={view} role={you.role} />
          <ItemRows view={view} drives={drives} facilitator={facilitator} run={run} />
        </div>
      </aside>
      <main className="cockpit-board" aria-label="Board">
        {facilitator && <ScreenControl view={view} editor={editor} run={run} />}
        {!facilitator && !view.advisorCanEdit && (
          <p className="board-note muted">View only: the facilitator can let you edit.</p>
        )}
        {session.token && (
          <BoardSlot
            sessionId={view.sessionId}
            token={session.token}
            canEdit={canEditBoard(you.role, view)}
            user={{ id: you.id, name: you.name }}
            licenseKey={session.tldrawLicenseKey}
            stageId={view.stageId}
            step={view.step}
            onEditor={setEditor}
            {...(facilitator && packAvailable(view)
              ? { exportKey: `${Object.keys(view.handedOver).length}:${view.status}` }
              : {})}
          />
        )}
      </main>
      <Agenda
        open={dialog === 'agenda'}
        onClose={() => setDialog(null)}
        view={view}
        session={session}
        run={run}
        canJump={facilitator}
      />
      <SessionDrawer
        open={dialog === 'session'}
        onClose={() => setDialog(null)}
        session={session}
        view={view}
        facilitator={facilitator}
      />
      {facilitator && (
        <Dialog open={dialog === 'record'} onClose={() => setDialog(null)} title="Supervision record" side>
          <SupervisionRecord session={session} view={view} party="facilitator" inDrawer />
        </Dialog>
      )}
      <ShortcutHelp open={dialog === 'help'} onClose={() => setDialog(null)} />
    </div>
  );
}
