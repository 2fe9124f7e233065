/** The caseworker: what has been read out, one tap to choose, the 0-10 answers, and what is handed over. */
import { nanoid } from 'nanoid';
import { STAGES, stageChooses, stageSpec } from '../../../shared/process/stages.js';
import type { ItemView, SessionView } from '../../../shared/projection.js';
import { SCALE_POINTS } from '../../../shared/state.js';
import { BoardSlot } from '../board/BoardSlot.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { ItemText, itemName } from '../components/ItemText.js';
import { PackDownloads } from '../components/PackDownloads.js';
import { SupervisionRecord } from '../console/SupervisionRecord.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

export function CaseworkerPanel({
  session,
  view,
  you,
}: {
  session: LiveSession;
  view: SessionView;
  you: { id: string; name: string };
}) {
  const { run, error } = useCommand(session);
  const stage = STAGES[view.stageIndex]!;
  const open = view.status === 'open';
  const current = view.items.filter((i) => i.stageId === stage.id).sort(byReadOut);
  // After the end every stage handed over is in one list; before it, the current stage has its own card.
  const handedOver = STAGES.filter(
    (s) =>
      (!open || s.id !== stage.id) && view.handedOver[s.id] !== undefined && view.items.some((i) => i.stageId === s.id),
  );
  const downloads = <PackDownloads view={view} token={session.token} />;
  const harm = stage.id === 'harm';
  const last = [...(view.ratings ?? [])].reverse().find((r) => r.scale === (harm ? 'harm-mapped' : 'usefulness'));

  const choose = (item: ItemView) => (
    <li key={item.id} className={item.chosen ? 'chosen' : ''}>
      <ItemText item={item} />
      {open && stageChooses(stageSpec(item.stageId)) && (
        <button
          type="button"
          aria-pressed={item.chosen}
          aria-label={`${item.chosen ? 'Chosen' : 'Choose'}: ${itemName(item.text)}`}
          className={item.chosen ? 'chosen' : ''}
          onClick={() => run({ type: 'item.choose', itemId: item.id, chosen: !item.chosen })}
        >
          {item.chosen ? '✓ Chosen' : 'Choose'}
        </button>
      )}
    </li>
  );

  return (
    <div className="console">
      {!open && downloads}
      <section className="card" aria-labelledby="cw-goal">
        <h2 id="cw-goal">Your goal for this consultation</h2>
        <p>{view.workerGoal || <span className="muted">Not recorded yet.</span>}</p>
        {(view.exactWords ?? []).length > 0 && (
          <>
            <h3>Your words, as noted</h3>
            <ul className="notes">
              {view.exactWords!.map((n) => (
                <li key={n.id}>
                  “{n.text}”{n.fromGroup && <span className="tag">noted by the group</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {open && (
        <section className="card" aria-labelledby="cw-scale">
          <h2 id="cw-scale">{harm ? 'How well is past harm already mapped?' : 'Where are you, 0 to 10?'}</h2>
          <p className="muted">
            {harm
              ? '10: past harm is mapped and does not need doing. 0: really unclear and needs attention.'
              : "10: I've got what I need from the consult already. 0: I'm no better off or any clearer than when we started."}
          </p>
          <fieldset className="scale" aria-label={harm ? 'Harm mapped from 0 to 10' : 'Usefulness from 0 to 10'}>
            {SCALE_POINTS.map((n) => (
              <button
                type="button"
                key={n}
                aria-pressed={last?.value === n && last.stageId === stage.id}
                onClick={() =>
                  run({
                    type: 'rating.record',
                    ratingId: nanoid(16),
                    scale: harm ? 'harm-mapped' : 'usefulness',
                    value: n,
                  })
                }
              >
                {n}
              </button>
            ))}
          </fieldset>
          {last && <p>Your last answer: {last.value}/10</p>}
        </section>
      )}
      {open && stage.items && (
        <section className="card wide" aria-labelledby="cw-items">
          <h2 id="cw-items">
            {view.handedOver[stage.id] !== undefined ? `${stage.title}: handed to you` : 'Read out so far'}
          </h2>
          {current.length === 0 ? (
            <p className="muted">
              {stageChooses(stage)
                ? 'Questions appear here as they are read out. Choose the ones that matter most to you.'
                : 'Everything appears here as it is read out; all of it is handed to you.'}
            </p>
          ) : (
            <ol className="items">{current.map(choose)}</ol>
          )}
        </section>
      )}
      {handedOver.length > 0 && (
        <section className="card wide" aria-labelledby="cw-handed">
          <h2 id="cw-handed">Every stage handed to you</h2>
          {handedOver.map((s) => (
            <details key={s.id}>
              <summary>
                {s.number}. {s.title} ({view.items.filter((i) => i.stageId === s.id).length})
              </summary>
              <ol className="items">
                {view.items
                  .filter((i) => i.stageId === s.id)
                  .sort(byReadOut)
                  .map(choose)}
              </ol>
            </details>
          ))}
        </section>
      )}
      <SupervisionRecord session={session} view={view} party="caseworker" />
      {open && downloads}
      {session.token && (
        <section className="card wide board-card" aria-labelledby="cw-board">
          <h2 id="cw-board">Board</h2>
          <BoardSlot
            sessionId={view.sessionId}
            token={session.token}
            canEdit={false}
            user={you}
            licenseKey={session.tldrawLicenseKey}
          />
        </section>
      )}
      <ErrorLine error={error} />
    </div>
  );
}

function byReadOut(a: ItemView, b: ItemView): number {
  return (
    (a.readOutAt ?? Number.MAX_SAFE_INTEGER) - (b.readOutAt ?? Number.MAX_SAFE_INTEGER) || a.createdAt - b.createdAt
  );
}
