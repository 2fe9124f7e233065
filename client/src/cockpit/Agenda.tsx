/**
 * The agenda: all twelve stages with their planned and elapsed times, and a way to any of them
 * (with a confirmation, since the room moves with it).
 */
import { STAGES } from '../../../shared/process/stages.js';
import type { SessionView } from '../../../shared/projection.js';
import type { LiveSession } from '../session/useSession.js';
import { agenda, formatElapsed } from './agenda.js';
import { Dialog } from './Dialog.js';

const STATE_LABELS = { done: 'done', current: 'now', skipped: 'skipped', ahead: '' } as const;

export function Agenda({
  open,
  onClose,
  view,
  session,
  run,
  canJump,
}: {
  open: boolean;
  onClose: () => void;
  view: SessionView;
  session: LiveSession;
  run: (command: { type: 'stage.goTo'; stageId: (typeof STAGES)[number]['id'] }) => Promise<boolean>;
  canJump: boolean;
}) {
  const rows = agenda(view, session.serverNow());
  const plannedTotal = rows.reduce((sum, r) => sum + r.plannedMinutes, 0);
  const elapsedTotal = rows.reduce((sum, r) => sum + r.elapsedMs, 0);
  return (
    <Dialog open={open} onClose={onClose} title="Agenda">
      <table className="agenda">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Planned</th>
            <th scope="col">Spent</th>
            <th scope="col">
              <span className="visually-hidden">Go</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const stage = STAGES[row.index]!;
            return (
              <tr
                key={stage.id}
                className={`agenda-${row.state}`}
                aria-current={row.state === 'current' ? 'step' : undefined}
              >
                <th scope="row">
                  {stage.number}. {stage.title}
                  {STATE_LABELS[row.state] && <span className="tag">{STATE_LABELS[row.state]}</span>}
                </th>
                <td>{row.plannedMinutes} min</td>
                <td>{row.elapsedMs > 0 ? formatElapsed(row.elapsedMs) : '–'}</td>
                <td>
                  {canJump && row.state !== 'current' && view.status === 'open' && (
                    <button
                      type="button"
                      className="small"
                      onClick={async () => {
                        if (
                          !window.confirm(
                            `Go to stage ${stage.number}, ${stage.title}? Every screen in the room moves with you.`,
                          )
                        )
                          return;
                        if (await run({ type: 'stage.goTo', stageId: stage.id })) onClose();
                      }}
                    >
                      Go to {stage.number}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">In all</th>
            <td>{plannedTotal} min</td>
            <td>{formatElapsed(elapsedTotal)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </Dialog>
  );
}
