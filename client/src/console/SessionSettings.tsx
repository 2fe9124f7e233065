/** Joining, attribution, advisor editing, end and purge: the facilitator's switches. */
import { formatJoinCode } from '../../../shared/joinCode.js';
import type { SessionView } from '../../../shared/projection.js';
import { ROLE_LABELS, type Role } from '../../../shared/roles.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

/** What removing someone does, in the confirmation: at once, for good, and what stays. */
function removeQuestion(name: string, role: Role): string {
  const again =
    role === 'participant'
      ? 'Lock joining too if they should not come back with the code.'
      : 'Their invitation link still works: make new links if they should not come back.';
  return `Take ${name} out of the session? Their device is disconnected at once; what they wrote stays, by "Former member". ${again}`;
}

export function SessionSettings({ session, view }: { session: LiveSession; view: SessionView }) {
  const { run, error } = useCommand(session);
  const open = view.status === 'open';
  return (
    <section aria-labelledby="session-h" className="card">
      <h2 id="session-h">Joining and switches</h2>
      <p>
        Join code:{' '}
        <strong className="code">
          {view.joinCode ? formatJoinCode(view.joinCode) : view.locked ? 'locked' : 'closed'}
        </strong>
      </p>
      <details>
        <summary>{view.members.length} in the session</summary>
        <ul>
          {view.members.map((m) => (
            <li key={m.id} className="member-row">
              <span>
                {m.name} <span className="muted">({ROLE_LABELS[m.role]})</span>
              </span>
              {open && m.role !== 'facilitator' && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${m.name}`}
                  onClick={() =>
                    window.confirm(removeQuestion(m.name, m.role)) && run({ type: 'member.remove', memberId: m.id })
                  }
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      </details>
      {open && (
        <div className="button-row">
          <button type="button" onClick={() => run({ type: 'session.lock', locked: !view.locked })}>
            {view.locked ? 'Unlock joining' : 'Lock joining'}
          </button>
          <button
            type="button"
            aria-pressed={view.settings.attribution}
            onClick={() => run({ type: 'session.setAttribution', on: !view.settings.attribution })}
          >
            {view.settings.attribution ? 'Authors shown' : 'Authors hidden'}
          </button>
          <button
            type="button"
            aria-pressed={view.advisorCanEdit}
            onClick={() => run({ type: 'session.setAdvisorEditing', on: !view.advisorCanEdit })}
          >
            {view.advisorCanEdit ? 'Advisor may edit the board' : 'Board: facilitator only'}
          </button>
        </div>
      )}
      <div className="button-row">
        {open && (
          <button
            type="button"
            onClick={() =>
              window.confirm('End the session? Every item goes to the caseworker and nothing more can be added.') &&
              run({ type: 'session.end' })
            }
          >
            End session
          </button>
        )}
        <button
          type="button"
          className="danger"
          onClick={() =>
            window.confirm('Purge this session? Everything the group wrote is deleted for good.') &&
            run({ type: 'session.purge' })
          }
        >
          Purge session
        </button>
      </div>
      <ErrorLine error={error} />
    </section>
  );
}
