/**
 * The record of the consultation (REC-*), for the two parties who keep it: the facilitator writes
 * actions and decisions during map, hand-over and review while the caseworker sees them live;
 * after the end both agree it with their typed names, add later additions, and see when
 * groupmap deletes it. The case reference is here and nowhere the room can see it (REC-3).
 */

import copy from 'copy-to-clipboard';
import { nanoid } from 'nanoid';
import { type FormEvent, useState } from 'react';
import { LIMITS } from '../../../shared/limits.js';
import type { Pack } from '../../../shared/pack.js';
import { packAvailable } from '../../../shared/permissions.js';
import { stageChooses, stageSpec } from '../../../shared/process/stages.js';
import { type ItemView, type SessionView, viewDeletionTime } from '../../../shared/projection.js';
import {
  AGREEING_ROLES,
  agreedByBoth,
  agreedSince,
  type ConsultationRecord,
  DAY_MS,
  EMPTY_RECORD,
  GOAL_MET_ANSWERS,
  GOAL_MET_LABELS,
  type RecordAction,
  type RecordDecision,
} from '../../../shared/record.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { dateTime, longDate } from '../components/when.js';
import { useCommand } from '../session/useCommand.js';
import type { LiveSession } from '../session/useSession.js';

type Party = 'facilitator' | 'caseworker';
type Run = ReturnType<typeof useCommand>['run'];

export function SupervisionRecord({
  session,
  view,
  party,
  inDrawer = false,
}: {
  session: LiveSession;
  view: SessionView;
  party: Party;
  /** In a drawer titled "Supervision record": the status alone, not the title again. */
  inDrawer?: boolean;
}) {
  const { run, error } = useCommand(session);
  const record = view.record ?? EMPTY_RECORD;
  const since = agreedSince(record);
  const facilitator = party === 'facilitator';
  const status = (
    <span className={`tag ${agreedByBoth(record) ? 'chosen' : 'alert'}`}>
      {agreedByBoth(record) ? 'Agreed' : 'Draft'}
    </span>
  );
  return (
    <section
      className={`supervision-record${inDrawer ? '' : ' card'}`}
      {...(inDrawer ? { 'aria-label': 'Supervision record' } : { 'aria-labelledby': 'record-of-h' })}
    >
      {inDrawer ? (
        <p>
          {status}{' '}
          {agreedByBoth(record) ? 'Agreed by both.' : 'You and the caseworker agree it once the session has ended.'}
        </p>
      ) : (
        <h2 id="record-of-h">Supervision record {status}</h2>
      )}
      <Details record={record} run={run} locked={since !== null} />
      <Actions view={view} record={record} run={run} editable={facilitator} />
      <Decisions record={record} run={run} editable={facilitator} />
      {view.status === 'ended' && <Agreement view={view} record={record} run={run} role={party} />}
      <RetentionLine view={view} record={record} run={run} facilitator={facilitator} />
      <CaseFileSummary view={view} token={session.token} />
      <ErrorLine error={error} />
    </section>
  );
}

/** The case reference and whether the goal was met: a draft's fields, fixed once agreed. */
function Details({ record, run, locked }: { record: ConsultationRecord; run: Run; locked: boolean }) {
  const [caseReference, setCaseReference] = useState(record.caseReference);
  const [words, setWords] = useState(record.goalMetWords);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run({ type: 'record.setDetails', caseReference, goalMetWords: words });
  };
  return (
    <form onSubmit={save} className="stack compact">
      <label>
        Case reference (person or case ID): only the facilitator and the caseworker see it
        <input
          value={caseReference}
          onChange={(e) => setCaseReference(e.target.value)}
          maxLength={LIMITS.caseReferenceChars}
          disabled={locked}
          autoComplete="off"
        />
      </label>
      <fieldset className="yes-no">
        <legend>Was the worker's goal met?</legend>
        {GOAL_MET_ANSWERS.map((answer) => (
          <button
            key={answer}
            type="button"
            aria-pressed={record.goalMet === answer}
            disabled={locked}
            onClick={() => run({ type: 'record.setDetails', goalMet: answer })}
          >
            {GOAL_MET_LABELS[answer]}
          </button>
        ))}
      </fieldset>
      <label>
        In the worker's words
        <input
          value={words}
          onChange={(e) => setWords(e.target.value)}
          maxLength={LIMITS.noteChars}
          disabled={locked}
        />
      </label>
      {!locked && <button type="submit">Save</button>}
    </form>
  );
}

/** REC-1: chosen next steps become actions with a lead and a due date. */
function Actions({
  view,
  record,
  run,
  editable,
}: {
  view: SessionView;
  record: ConsultationRecord;
  run: Run;
  editable: boolean;
}) {
  const chosen = view.items.filter((i) => i.chosen && stageChooses(stageSpec(i.stageId)));
  const withoutAction = chosen.filter((i) => !record.actions.some((a) => a.itemId === i.id));
  const since = agreedSince(record);
  return (
    <div className="record-part">
      <h3>Actions</h3>
      {record.actions.length === 0 ? (
        <p className="muted">No actions yet. Each chosen next step can become one, with its lead and a due date.</p>
      ) : (
        <table className="record-table">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Lead</th>
              <th scope="col">Due</th>
              {editable && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {record.actions.map((a) => (
              <ActionRow
                key={a.id}
                action={a}
                run={run}
                editable={editable && (since === null || a.at > since)}
                later={since !== null && a.at > since}
              />
            ))}
          </tbody>
        </table>
      )}
      {editable &&
        withoutAction.map((item) => (
          <ActionForm key={item.id} run={run} item={item} legend={`Make an action of: ${item.text}`} />
        ))}
      {editable && <ActionForm run={run} item={null} legend="Another action" />}
    </div>
  );
}

function ActionRow({
  action,
  run,
  editable,
  later,
}: {
  action: RecordAction;
  run: Run;
  editable: boolean;
  later: boolean;
}) {
  const [editing, setEditing] = useState(false);
  if (editing)
    return (
      <tr>
        <td colSpan={4}>
          <ActionForm
            run={run}
            item={null}
            existing={action}
            legend="Change the action"
            onDone={() => setEditing(false)}
          />
        </td>
      </tr>
    );
  return (
    <tr>
      <td>
        {action.text}
        {later && <span className="tag"> added after agreement</span>}
      </td>
      <td>{action.owner}</td>
      <td>{action.due}</td>
      {editable && (
        <td>
          <div className="entry-buttons">
            <button type="button" onClick={() => setEditing(true)} aria-label={`Change: ${action.text}`}>
              Change
            </button>
            <button
              type="button"
              onClick={() => run({ type: 'action.remove', actionId: action.id })}
              aria-label={`Remove: ${action.text}`}
            >
              Remove
            </button>
          </div>
        </td>
      )}
    </tr>
  );
}

function ActionForm({
  run,
  item,
  existing,
  legend,
  onDone,
}: {
  run: Run;
  item: ItemView | null;
  existing?: RecordAction;
  legend: string;
  onDone?: () => void;
}) {
  const [text, setText] = useState(existing?.text ?? item?.text ?? '');
  const [owner, setOwner] = useState(existing?.owner ?? '');
  const [due, setDue] = useState(existing?.due ?? '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run({
      type: 'action.set',
      actionId: existing?.id ?? nanoid(16),
      text,
      owner,
      due,
      itemId: existing?.itemId ?? item?.id ?? null,
    });
    if (ok && !existing) {
      setText(item?.text ?? '');
      setOwner('');
      setDue('');
    }
    if (ok) onDone?.();
  };
  return (
    <form onSubmit={submit} className="action-form">
      <fieldset>
        <legend>{legend}</legend>
        <label>
          Action (what, specifically)
          <input value={text} onChange={(e) => setText(e.target.value)} maxLength={LIMITS.actionChars} required />
        </label>
        <div className="row">
          <label>
            Lead
            <input value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={LIMITS.ownerChars} required />
          </label>
          <label>
            Due
            <input type="date" value={due} onChange={(e) => setDue(e.target.value)} required />
          </label>
          <button type="submit">{existing ? 'Save' : 'Add the action'}</button>
        </div>
      </fieldset>
    </form>
  );
}

/** REC-2: the course of action chosen, why, and any disagreement (kept off the child's record). */
function Decisions({ record, run, editable }: { record: ConsultationRecord; run: Run; editable: boolean }) {
  const [decision, setDecision] = useState('');
  const [rationale, setRationale] = useState('');
  const [disagreement, setDisagreement] = useState('');
  const since = agreedSince(record);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run({ type: 'decision.set', decisionId: nanoid(16), decision, rationale, disagreement })) {
      setDecision('');
      setRationale('');
      setDisagreement('');
    }
  };
  return (
    <div className="record-part">
      <h3>Decisions</h3>
      {record.decisions.length === 0 && <p className="muted">No decisions recorded.</p>}
      <ol className="decisions">
        {record.decisions.map((d) => (
          <DecisionEntry key={d.id} decision={d} run={run} removable={editable && (since === null || d.at > since)} />
        ))}
      </ol>
      {editable && (
        <form onSubmit={submit} className="stack compact">
          <label>
            Decision (the course of action chosen)
            <input
              value={decision}
              onChange={(e) => setDecision(e.target.value)}
              maxLength={LIMITS.decisionChars}
              required
            />
          </label>
          <label>
            Rationale
            <input
              value={rationale}
              onChange={(e) => setRationale(e.target.value)}
              maxLength={LIMITS.decisionChars}
              required
            />
          </label>
          <label>
            Any disagreement (stays off the child's record)
            <input
              value={disagreement}
              onChange={(e) => setDisagreement(e.target.value)}
              maxLength={LIMITS.decisionChars}
            />
          </label>
          <button type="submit">Record the decision</button>
        </form>
      )}
    </div>
  );
}

function DecisionEntry({ decision, run, removable }: { decision: RecordDecision; run: Run; removable: boolean }) {
  return (
    <li>
      <strong>{decision.decision}</strong>
      <br />
      Rationale: {decision.rationale}
      {decision.disagreement && (
        <>
          <br />
          Disagreement: {decision.disagreement}
        </>
      )}
      {removable && (
        <button
          type="button"
          className="link"
          onClick={() => run({ type: 'decision.remove', decisionId: decision.id })}
          aria-label={`Remove the decision: ${decision.decision}`}
        >
          Remove
        </button>
      )}
    </li>
  );
}

/** REC-6: each party agrees with their typed name; afterwards, only later additions. */
function Agreement({
  view,
  record,
  run,
  role,
}: {
  view: SessionView;
  record: ConsultationRecord;
  run: Run;
  role: Party;
}) {
  const me = view.members.find((m) => m.role === role);
  const [name, setName] = useState('');
  const [addition, setAddition] = useState('');
  const mine = record.agreements.find((a) => a.role === role);
  const addLater = async (e: FormEvent) => {
    e.preventDefault();
    if (await run({ type: 'record.addition', additionId: nanoid(16), text: addition })) setAddition('');
  };
  return (
    <div className="record-part">
      <h3>Agreement</h3>
      <ul className="plain">
        {AGREEING_ROLES.map((r) => {
          const a = record.agreements.find((x) => x.role === r);
          return <li key={r}>{a ? `Agreed by ${a.name} (${r}), ${dateTime(a.at)}` : `Not yet agreed by the ${r}.`}</li>;
        })}
      </ul>
      {!mine && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void run({ type: 'record.agree', name });
          }}
        >
          <label>
            Type your name to agree this record
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={me?.name}
              maxLength={LIMITS.nameChars}
              required
            />
          </label>
          <button type="submit" className="primary">
            I agree this record
          </button>
        </form>
      )}
      {record.additions.length > 0 && (
        <>
          <h4>Later additions</h4>
          <ul className="plain">
            {record.additions.map((a) => (
              <li key={a.id}>
                {dateTime(a.at)} ({a.role}): {a.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {record.agreements.length > 0 && (
        <form onSubmit={addLater} className="stack compact">
          <label>
            Add something after agreement (shown as a later addition)
            <input
              value={addition}
              onChange={(e) => setAddition(e.target.value)}
              maxLength={LIMITS.noteChars}
              required
            />
          </label>
          <button type="submit">Add</button>
        </form>
      )}
    </div>
  );
}

/** REC-7: when groupmap deletes the session; the facilitator may keep it longer once agreed. */
function RetentionLine({
  view,
  record,
  run,
  facilitator,
}: {
  view: SessionView;
  record: ConsultationRecord;
  run: Run;
  facilitator: boolean;
}) {
  const retention = view.retention;
  if (!retention) return null;
  const deletes = viewDeletionTime(view);
  if (deletes === null)
    return <p className="muted">Kept {retention.days} days after the session ends, then deleted.</p>;
  const daysLeft = Math.max(0, Math.ceil((deletes - Date.now()) / DAY_MS));
  return (
    <p className="retention">
      groupmap deletes this session on <strong>{longDate(deletes)}</strong> ({daysLeft} days). Download the record
      before then.
      {facilitator && agreedByBoth(record) && (
        <button type="button" onClick={() => run({ type: 'retention.extend', days: 14 })}>
          Keep 14 days longer
        </button>
      )}
    </p>
  );
}

/** REC-5: the summary for the child's record as plain text, fetched as the server builds it, to copy. */
function CaseFileSummary({ view, token }: { view: SessionView; token: string | null }) {
  const [text, setText] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const available = packAvailable(view);
  if (!available || !token) return null;
  const load = async () => {
    setStatus('Preparing…');
    const res = await fetch(`/api/sessions/${view.sessionId}/pack.json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) return setStatus(`The summary could not be prepared (the server answered ${res.status}).`);
    setText(((await res.json()) as Pack).caseFileSummary);
    setStatus('');
  };
  return (
    <div className="record-part">
      <h3>Case-file summary for the child's record</h3>
      <div className="button-row">
        <button type="button" onClick={() => void load()}>
          {text === null ? 'Show the summary' : 'Refresh the summary'}
        </button>
        {text !== null && (
          <button
            type="button"
            onClick={async () =>
              setStatus((await copy(text)) ? 'Copied. Paste it into the case record.' : 'Select the text and copy it.')
            }
          >
            Copy the summary
          </button>
        )}
      </div>
      <p role="status" className="muted">
        {status}
      </p>
      {text !== null && (
        <label className="stack compact">
          The summary, as it will be pasted
          <textarea className="case-summary" readOnly value={text} rows={12} />
        </label>
      )}
    </div>
  );
}
