/** The facilitator's console, and the advisor's view of it with the private note channel. */

import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import type { Welcome } from '../../../shared/protocol.js';
import { BoardSlot } from '../board/BoardSlot.js';
import { PackDownloads } from '../components/PackDownloads.js';
import { AdvisorChannel } from '../console/AdvisorChannel.js';
import { Controls } from '../console/Controls.js';
import { Cues } from '../console/Cues.js';
import { Ratings } from '../console/Ratings.js';
import { Record } from '../console/Record.js';
import { SessionSettings } from '../console/SessionSettings.js';
import { StageItems } from '../console/StageItems.js';
import { WritePanel } from '../console/WritePanel.js';
import type { LiveSession } from '../session/useSession.js';

export function ConsolePanel({ session, view, you }: { session: LiveSession; view: SessionView; you: Welcome['you'] }) {
  const stage = STAGES[view.stageIndex]!;
  const facilitator = you.role === 'facilitator';
  const drives = facilitator || stage.lead === you.role;
  const open = view.status === 'open';
  return (
    <div className="console">
      <Cues view={view} />
      {drives && open && <Controls session={session} view={view} />}
      {!facilitator && <AdvisorChannel session={session} view={view} advisor />}
      {facilitator && <AdvisorChannel session={session} view={view} advisor={false} />}
      <StageItems session={session} view={view} canRead={drives} />
      {open && stage.items?.writers.includes(you.role) && <WritePanel session={session} view={view} />}
      <Record session={session} view={view} editable={facilitator && open} />
      <Ratings session={session} view={view} editable={facilitator && open} />
      {session.token && (
        <section className="card wide board-card" aria-labelledby="board-h">
          <h2 id="board-h">
            Board{!facilitator && !view.advisorCanEdit ? ' (view only: the facilitator can let you edit)' : ''}
          </h2>
          <BoardSlot
            sessionId={view.sessionId}
            token={session.token}
            canEdit={facilitator || view.advisorCanEdit}
            licenseKey={session.tldrawLicenseKey}
            stageId={view.stageId}
            {...(facilitator && (view.status === 'ended' || Object.keys(view.handedOver).length > 0)
              ? { exportKey: `${Object.keys(view.handedOver).length}:${view.status}` }
              : {})}
          />
        </section>
      )}
      {facilitator && <PackDownloads view={view} token={session.token} />}
      {facilitator && <SessionSettings session={session} view={view} />}
    </div>
  );
}
