/** The seed's prompt lines for the stage and step: what to say next. Folds away when the facilitator knows them. */

import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';

export function Cues({ view }: { view: SessionView }) {
  const stage = STAGES[view.stageIndex]!;
  const step = view.step ? stage.round.find((s) => s.id === view.step) : undefined;
  const intro = stage.id === 'introductions' && !view.settings.newToMethod ? stage.cues.slice(3) : stage.cues;
  return (
    <details className="cues" open>
      <summary>Cues</summary>
      <div className="cues-body">
        <p className="prompt">{stage.prompt}</p>
        {step && (
          <ul className="step-cues" aria-label="This step">
            {step.cues.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        )}
        <ul aria-label="This stage">
          {intro.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        {stage.noCaseContent && <p className="muted">No case content in this stage.</p>}
      </div>
    </details>
  );
}
