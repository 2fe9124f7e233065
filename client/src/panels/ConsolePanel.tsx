/** The facilitator's console (and the advisor's view of it, with the private note channel). */
import { useState, type FormEvent } from 'react';
import { nanoid } from 'nanoid';
import { LIMITS } from '../../../shared/limits.js';
import type { SessionView } from '../../../shared/projection.js';
import { STAGES } from '../../../shared/process/stages.js';
import type { Welcome } from '../../../shared/protocol.js';
import { ItemText } from '../components/ItemText.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function ConsolePanel({ session, view, you }: { session: LiveSession; view: SessionView; you: Welcome['you'] }) {
  const { run, error } = useCommand(session);
  const stage = STAGES[view.stageIndex]!;
  const step = view.step ? stage.round.find((s) => s.id === view.step) : null;
  const drives = you.role === 'facilitator' || stage.lead === you.role;
  const facilitator = you.role === 'facilitator';
  const items = view.items.filter((i) => i.stageId === stage.id);
  const authors = new Map<string, number>();
  for (const i of items) authors.set(i.authorName ?? '?', (authors.get(i.authorName ?? '?') ?? 0) + 1);
  const running = view.stageTimer.runningSince !== null;
  const open = view.status === 'open';

  return (
    <div className="console">
      <section aria-labelledby="cues-h" className="card">
        <h2 id="cues-h">Cues</h2>
        <p className="prompt">{stage.prompt}</p>
        <ul>{[...stage.cues, ...(step?.cues ?? [])].map((c) => <li key={c}>{c}</li>)}</ul>
      </section>

      {drives && open && (
        <section aria-labelledby="controls-h" className="card">
          <h2 id="controls-h">Controls</h2>
          <div className="button-row">
            {!view.stageTimer.started ? (
              <button className="primary" onClick={() => run({ type: 'timer.start' })}>Start the clock</button>
            ) : running ? (
              <button onClick={() => run({ type: 'timer.pause' })}>Pause</button>
            ) : (
              <button className="primary" onClick={() => run({ type: 'timer.resume' })}>Resume</button>
            )}
            <button onClick={() => run({ type: 'timer.extend', scope: view.step ? 'step' : 'stage', minutes: 1 })}>+1 min</button>
          </div>
          {view.step && (
            <div className="button-row">
              <button onClick={() => run({ type: 'step.back' })}>Previous step</button>
              <button onClick={() => run({ type: 'step.advance' })}>Next step</button>
              <button onClick={() => run({ type: 'step.skip' })}>Skip step</button>
            </div>
          )}
          <div className="button-row">
            <button onClick={() => run({ type: 'stage.back' })}>Previous stage</button>
            <button className="primary" onClick={() => run({ type: 'stage.advance' })}>Next stage</button>
            <button onClick={() => run({ type: 'stage.skip' })}>Skip stage</button>
          </div>
          {error && <p role="alert" className="error">{error}</p>}
        </section>
      )}

      {stage.items && (
        <section aria-labelledby="items-h" className="card wide">
          <h2 id="items-h">Items this stage ({items.length})</h2>
          <p className="muted">{[...authors].map(([name, n]) => `${name}: ${n}`).join(' · ') || 'Nothing written yet.'}</p>
          <ol className="items">
            {items.map((item) => (
              <li key={item.id} className={item.readOutAt ? 'read' : ''}>
                <ItemText item={item} />
                {item.strongest && <span className="tag strong">strongest</span>}
                {item.chosen && <span className="tag chosen">chosen</span>}
                {facilitator && open && (
                  <span className="item-actions">
                    <button onClick={() => run({ type: 'item.readOut', itemId: item.id, read: !item.readOutAt })}>
                      {item.readOutAt ? 'Unmark read' : 'Read out'}
                    </button>
                    {item.readOutAt && (
                      <button onClick={() => run({ type: 'item.choose', itemId: item.id, chosen: !item.chosen })}>
                        {item.chosen ? 'Unchoose' : 'Worker chooses'}
                      </button>
                    )}
                  </span>
                )}
              </li>
            ))}
          </ol>
          {facilitator && open && (
            <button onClick={() => run({ type: 'stage.handOver' })} disabled={view.handedOver[stage.id] !== undefined}>
              {view.handedOver[stage.id] !== undefined ? 'Handed over' : 'Hand over to the caseworker'}
            </button>
          )}
        </section>
      )}

      <RecordSection session={session} view={view} facilitator={facilitator} />
      <AdvisorChannel session={session} view={view} advisor={you.role === 'advisor'} />

      {facilitator && (
        <section aria-labelledby="session-h" className="card">
          <h2 id="session-h">Session</h2>
          <p>Join code: <strong className="code">{view.joinCode ?? (view.locked ? 'locked' : 'closed')}</strong></p>
          <div className="button-row">
            {open && <button onClick={() => run({ type: 'session.lock', locked: !view.locked })}>{view.locked ? 'Unlock joining' : 'Lock joining'}</button>}
            {open && <button onClick={() => run({ type: 'session.setAttribution', on: !view.settings.attribution })}>
              {view.settings.attribution ? 'Turn attribution off' : 'Show authors'}
            </button>}
            {open && <button onClick={() => window.confirm('End the session? Every item is handed over and nothing more can be added.') && run({ type: 'session.end' })}>End session</button>}
            <button className="danger" onClick={() => window.confirm('Purge this session? Everything the group wrote is deleted for good.') && run({ type: 'session.purge' })}>Purge</button>
          </div>
        </section>
      )}
    </div>
  );
}

function RecordSection({ session, view, facilitator }: { session: LiveSession; view: SessionView; facilitator: boolean }) {
  const { run, error } = useCommand(session);
  const [goal, setGoal] = useState(view.workerGoal);
  const [words, setWords] = useState('');
  async function addWords(e: FormEvent) {
    e.preventDefault();
    if (await run({ type: 'exactWords.add', noteId: nanoid(16), text: words })) setWords('');
  }
  const editable = facilitator && view.status === 'open';
  return (
    <section aria-labelledby="record-h" className="card">
      <h2 id="record-h">Worker's goal and words</h2>
      <label>
        Worker's goal for this consultation
        <textarea value={goal} onChange={(e) => setGoal(e.target.value)} onBlur={() => goal !== view.workerGoal && run({ type: 'goal.set', text: goal })} readOnly={!editable} maxLength={LIMITS.goalChars} rows={2} />
      </label>
      {editable && (
        <form onSubmit={addWords} className="inline">
          <label>
            Exact words
            <input value={words} onChange={(e) => setWords(e.target.value)} maxLength={LIMITS.noteChars} />
          </label>
          <button disabled={!words.trim()}>Add</button>
        </form>
      )}
      <ul>{(view.exactWords ?? []).map((n) => <li key={n.id}>“{n.text}”</li>)}</ul>
      <h3>Ratings</h3>
      <ul>{(view.ratings ?? []).map((r) => <li key={r.id}>{r.scale}{r.keyPlayer ? ` (${r.keyPlayer})` : ''}: {r.value}/10</li>)}</ul>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}

function AdvisorChannel({ session, view, advisor }: { session: LiveSession; view: SessionView; advisor: boolean }) {
  const { run, error } = useCommand(session);
  const [text, setText] = useState('');
  async function send(e: FormEvent) {
    e.preventDefault();
    if (await run({ type: 'advisorNote.send', noteId: nanoid(16), text })) setText('');
  }
  return (
    <section aria-labelledby="advisor-h" className="card">
      <h2 id="advisor-h">Advisor's notes (private)</h2>
      <ul>{(view.advisorNotes ?? []).map((n) => <li key={n.id}>{n.text}</li>)}</ul>
      {advisor && view.status === 'open' && (
        <form onSubmit={send} className="inline">
          <label>
            Note to the facilitator
            <input value={text} onChange={(e) => setText(e.target.value)} maxLength={LIMITS.advisorNoteChars} />
          </label>
          <button disabled={!text.trim()}>Send</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
