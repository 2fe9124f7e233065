/** The facilitator and advisor write their own questions too (the facilitator reads all of theirs). */
import type { SessionView } from '../../../shared/projection.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { WriteForm } from '../components/WriteForm.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function WritePanel({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  return (
    <div className="write-panel">
      <WriteForm view={view} submit={run} />
      <ErrorLine error={error} />
    </div>
  );
}
