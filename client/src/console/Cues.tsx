/** The seed's prompt lines for the stage and step: what to say next. */

import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';

export function Cues({ view }: { view: SessionView }) {
  const stage = STAGES[view.stageIndex]!;
  const step = view.step ? stage.round.find((s) => s.id === view.step) : undefined;
  const intro = stage.id === 'introductions' && !view.settings.newToMethod ? stage.cues.slice(3) : stage.cues;
  return (
    <section aria-labelledby="cues-h" className="card">
      <h2 id="cues-h">Cues</h2>
      <p className="prompt">{stage.prompt}</p>
      <ul>
        {intro.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {step && (
        <>
          <h3>This step</h3>
          <ul>
            {step.cues.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {stage.noCaseContent && <p className="muted">No case content in this stage.</p>}
    </section>
  );
}
