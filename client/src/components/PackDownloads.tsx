/** Download the supervision record with the question pack (caseworker and facilitator; the server refuses everyone else). */
import { useState } from 'react';
import { packAvailable } from '../../../shared/permissions.js';
import { type SessionView, viewDeletionTime } from '../../../shared/projection.js';
import { agreedByBoth } from '../../../shared/record.js';
import { ErrorLine } from './ErrorLine.js';
import { longDate } from './when.js';

const FORMATS = [
  { format: 'pdf', label: 'PDF (to print)' },
  { format: 'docx', label: 'Word (for case recording)' },
  { format: 'md', label: 'Markdown' },
  { format: 'json', label: 'JSON' },
] as const;

export function PackDownloads({ view, token }: { view: SessionView; token: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const available = packAvailable(view);
  // The facilitator's and the caseworker's views carry the retention (REC-7).
  const deletes = viewDeletionTime(view);
  async function download(format: string) {
    setBusy(format);
    setError(null);
    try {
      const res = await fetch(`/api/sessions/${view.sessionId}/pack.${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok)
        throw new Error(
          ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ??
            `the server answered ${res.status}`,
        );
      const name =
        /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `supervision-record.${format}`;
      const url = URL.createObjectURL(await res.blob());
      const a = Object.assign(document.createElement('a'), { href: url, download: name });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }
  return (
    <section className="card" aria-labelledby="pack-h">
      <h2 id="pack-h">Download the record and question pack</h2>
      {available ? (
        <>
          <p className="muted">
            The record of the consultation, the case-file summary, and everything handed over so far with your choices
            first.{' '}
            {view.record && agreedByBoth(view.record)
              ? 'Agreed by both of you.'
              : 'Marked DRAFT until both of you have agreed it.'}{' '}
            Authors are {view.settings.attribution ? 'shown' : 'left out'}.
          </p>
          {deletes !== null && (
            <p>
              Deleted from groupmap on <strong>{longDate(deletes)}</strong>: download the record before then.
            </p>
          )}
          <div className="button-row">
            {FORMATS.map((f) => (
              <button type="button" key={f.format} onClick={() => void download(f.format)} disabled={busy !== null}>
                {busy === f.format ? 'Preparing…' : f.label}
              </button>
            ))}
          </div>
        </>
      ) : (
        <p className="muted">Available once the facilitator hands over the first questions.</p>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
