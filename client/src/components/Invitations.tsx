/**
 * Every way into a session, for the facilitator to hand out and to find again: the advisor's, the
 * caseworker's and the screen's personal links, the participants' code, and the facilitator's own
 * link (to open the console on another device). Each has a copy button that works on a plain-http
 * LAN address too and says what it did, and a QR code on demand; the screen's link opens in a new
 * window, for the projector.
 */
import copy from 'copy-to-clipboard';
import { useState } from 'react';
import { formatJoinCode } from '../../../shared/joinCode.js';
import type { Invitation } from '../../../shared/protocol.js';
import { renewInvitations } from '../api.js';
import { saveInvitations } from '../session/tokens.js';
import { ErrorLine } from './ErrorLine.js';
import { QrCode } from './QrCode.js';

const ROLE_NAMES: Record<Invitation['role'], string> = {
  advisor: 'Advisor',
  caseworker: 'Caseworker',
  screen: 'Shared screen (projector)',
};
const ORDER: Invitation['role'][] = ['screen', 'caseworker', 'advisor'];

interface LinkRow {
  key: string;
  label: string;
  url: string;
  note?: string;
}

export function Invitations({
  sessionId,
  token,
  invitations,
  joinCode,
  joinUrl,
  facilitatorUrl,
  onRenewed,
}: {
  sessionId: string;
  /** The facilitator's token, for making new links. */
  token: string;
  /** The links this browser holds, or null when it never had them (another device, cleared storage). */
  invitations: Invitation[] | null;
  joinCode: string | null;
  joinUrl: string;
  facilitatorUrl: string;
  onRenewed: (invitations: Invitation[]) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows: LinkRow[] = [
    ...[...(invitations ?? [])]
      .sort((a, b) => ORDER.indexOf(a.role) - ORDER.indexOf(b.role))
      .map((i) => ({ key: i.role, label: ROLE_NAMES[i.role], url: i.url })),
    ...(joinCode
      ? [
          {
            key: 'participants',
            label: 'Participants',
            url: joinUrl,
            note: `or the code ${formatJoinCode(joinCode)} at ${new URL(joinUrl).origin}/join`,
          },
        ]
      : []),
    {
      key: 'facilitator',
      label: 'You (facilitator)',
      url: facilitatorUrl,
      note: 'Your own link, to open the console on another device. Keep it to yourself.',
    },
  ];

  async function renew() {
    const replacing = invitations !== null;
    if (replacing && !window.confirm('Make new links? The links sent before stop working; people already in stay.'))
      return;
    setBusy(true);
    setError(null);
    try {
      const res = await renewInvitations(sessionId, token);
      saveInvitations(sessionId, res.invitations);
      onRenewed(res.invitations);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="invitations">
      <p>Links are personal: anyone holding one joins in that role.</p>
      <ul className="links">
        {rows.map((row) => (
          <LinkItem key={row.key} row={row} screen={row.key === 'screen'} />
        ))}
      </ul>
      {invitations === null && (
        <p className="muted">
          This browser does not hold the advisor's, caseworker's and screen's links. Make new ones to send them again.
        </p>
      )}
      <ErrorLine error={error} />
      <button type="button" onClick={() => void renew()} disabled={busy}>
        {invitations === null ? 'Make the invitation links' : 'Make new invitation links'}
      </button>
    </div>
  );
}

function LinkItem({ row, screen }: { row: LinkRow; screen: boolean }) {
  const [said, setSaid] = useState('');
  const [showQr, setShowQr] = useState(false);
  return (
    <li>
      <span className="label" id={`link-${row.key}`}>
        {row.label}
      </span>
      <input readOnly value={row.url} aria-labelledby={`link-${row.key}`} onFocus={(e) => e.currentTarget.select()} />
      <span className="button-row">
        <button
          type="button"
          aria-label={`Copy the ${row.label.toLowerCase()} link`}
          onClick={async () => {
            // copy-to-clipboard falls back to the selection where navigator.clipboard is missing (plain http).
            setSaid((await copy(row.url)) ? 'Copied.' : 'Select the link and copy it.');
          }}
        >
          Copy
        </button>
        <button type="button" aria-expanded={showQr} onClick={() => setShowQr(!showQr)}>
          QR code
        </button>
        {screen && (
          <button type="button" onClick={() => window.open(row.url, '_blank', 'noopener')}>
            Open the shared screen in a new window
          </button>
        )}
      </span>
      <span role="status" className="copied">
        {said}
      </span>
      {row.note && <small>{row.note}</small>}
      {showQr && <QrCode value={row.url} label={`QR code for the ${row.label.toLowerCase()} link`} size={200} />}
    </li>
  );
}
