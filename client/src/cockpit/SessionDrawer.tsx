/**
 * Everything the meeting does not need every minute, one click away: every link again, who is
 * here and joining,
 * the switches, the record so far (goal, exact words, ratings, the advisor's notes, other
 * stages' items), the pack, and ending or purging the session.
 */
import { useState } from 'react';
import type { SessionView } from '../../../shared/projection.js';
import type { Invitation } from '../../../shared/protocol.js';
import { Invitations } from '../components/Invitations.js';
import { PackDownloads } from '../components/PackDownloads.js';
import { AdvisorChannel } from '../console/AdvisorChannel.js';
import { RatingsTable } from '../console/Ratings.js';
import { Record } from '../console/Record.js';
import { SessionSettings } from '../console/SessionSettings.js';
import { StageItems } from '../console/StageItems.js';
import { loadInvitations } from '../session/tokens.js';
import type { LiveSession } from '../session/useSession.js';
import { CHIME_KEY } from './AdvisorAlert.js';
import { Dialog } from './Dialog.js';

export function SessionDrawer({
  open,
  onClose,
  session,
  view,
  facilitator,
}: {
  open: boolean;
  onClose: () => void;
  session: LiveSession;
  view: SessionView;
  facilitator: boolean;
}) {
  const [chimeOn, setChimeOn] = useState(() => window.localStorage.getItem(CHIME_KEY) === 'on');
  return (
    <Dialog open={open} onClose={onClose} title="Session" side>
      {facilitator && <Links session={session} view={view} />}
      {facilitator && <SessionSettings session={session} view={view} />}
      {facilitator && (
        <label className="check">
          <input
            type="checkbox"
            checked={chimeOn}
            onChange={(e) => {
              window.localStorage.setItem(CHIME_KEY, e.target.checked ? 'on' : 'off');
              setChimeOn(e.target.checked);
            }}
          />
          Chime when the advisor sends a note
        </label>
      )}
      {facilitator && <PackDownloads view={view} token={session.token} />}
      <Record session={session} view={view} editable={facilitator && view.status === 'open'} />
      <section className="card" aria-labelledby="ratings-h">
        <h2 id="ratings-h">Check-ins and scales</h2>
        <RatingsTable view={view} />
      </section>
      <div className="card">
        <AdvisorChannel session={session} view={view} advisor={!facilitator} />
      </div>
      <StageItems view={view} />
    </Dialog>
  );
}

/** Every invitation again, at any time: the facilitator never loses the links (see Invitations). */
function Links({ session, view }: { session: LiveSession; view: SessionView }) {
  const [invitations, setInvitations] = useState<Invitation[] | null>(() => loadInvitations(view.sessionId));
  const base = session.publicUrl;
  return (
    <section className="card" aria-labelledby="links-h">
      <h2 id="links-h">Links</h2>
      <Invitations
        sessionId={view.sessionId}
        token={session.token ?? ''}
        invitations={invitations}
        joinCode={view.joinCode}
        joinUrl={view.joinCode ? `${base}/join/${view.joinCode}` : `${base}/join`}
        facilitatorUrl={`${base}/s/${view.sessionId}#token=${session.token}`}
        onRenewed={setInvitations}
      />
    </section>
  );
}
