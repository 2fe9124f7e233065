/** The shared screen: display only. Large stage, prompt and timer; the join code; read-out items. */
import { formatJoinCode } from '../../../shared/joinCode.js';
import type { SessionView } from '../../../shared/projection.js';
import { STAGES, STEP_LABELS } from '../../../shared/process/stages.js';
import { Countdown } from '../components/Countdown.js';
import { ItemText } from '../components/ItemText.js';
import type { LiveSession } from '../session/useSession.js';

export function ScreenPanel({ session, view, banner }: { session: LiveSession; view: SessionView; banner: string | undefined }) {
  const stage = STAGES[view.stageIndex]!;
  const read = view.items.filter((i) => i.stageId === stage.id);
  return (
    <div className="screen">
      {banner && <p role="status" className="banner">{banner}</p>}
      <header>
        <p className="eyebrow">{view.title} · Stage {stage.number} of {STAGES.length}{view.step ? ` · ${STEP_LABELS[view.step]}` : ''}</p>
        <h1>{stage.title}</h1>
        <p className="prompt">{stage.prompt}</p>
      </header>
      <Countdown timer={view.stepTimer ?? view.stageTimer} serverNow={session.serverNow} label="Time remaining" large />
      {view.joinCode && (
        <p className="join">Join on your phone: <strong className="code">{formatJoinCode(view.joinCode)}</strong> at {window.location.host}/join</p>
      )}
      {read.length > 0 && (
        <ol className="items large">
          {read.map((item) => <li key={item.id} className={item.chosen ? 'chosen' : ''}><ItemText item={item} /></li>)}
        </ol>
      )}
    </div>
  );
}
