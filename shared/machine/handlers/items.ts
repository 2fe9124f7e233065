/** Items: the questions and statements people write, read out, and the caseworker takes away. */
import type { CommandOf } from '../../commands.js';
import { fail } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import {
  STAGES,
  type StageSpec,
  stageChooses,
  stageIndex,
  stageMarksStrongest,
  stageSpec,
} from '../../process/stages.js';
import { currentStage, type Item, isWritingOpen, type SessionState } from '../../state.js';
import { actorId, type Handler } from '../context.js';

function validElement(spec: StageSpec, element: string | null): string | null {
  const elements = spec.items?.elements;
  if (!elements) {
    if (element !== null) fail('INVALID', `${spec.title} items have no element`);
    return null;
  }
  if (element === null) return fail('INVALID', `choose one of: ${elements.map((e) => e.id).join(', ')}`);
  if (!elements.some((e) => e.id === element)) {
    return fail('INVALID', `element must be one of: ${elements.map((e) => e.id).join(', ')}`);
  }
  return element;
}

/** Only what's-working-well questions are marked as relationship questions (A6-WW-2). */
function validRelationship(spec: StageSpec, relationship: boolean): boolean {
  if (relationship && !spec.items?.relationshipQuestions)
    fail('INVALID', `${spec.title} items are not marked as relationship questions`);
  return relationship;
}

function getItem(state: SessionState, itemId: string): Item {
  const item = state.items[itemId];
  if (!item || item.withdrawn) return fail('NOT_FOUND', 'no such item');
  return item;
}

function ownItem(state: SessionState, itemId: string, memberId: string): Item {
  const item = getItem(state, itemId);
  if (item.authorId !== memberId) return fail('FORBIDDEN', 'only the author may change an item');
  return item;
}

function putItem(state: SessionState, item: Item): SessionState {
  return { ...state, items: { ...state.items, [item.id]: item } };
}

/** Edits and withdrawals only while the item's stage is current, writing is open, and it is unread. */
function requireEditable(state: SessionState, item: Item): void {
  if (currentStage(state).id !== item.stageId || !isWritingOpen(state))
    fail('CLOSED', 'writing has closed for this stage');
  if (item.readOutAt !== null) fail('CLOSED', 'this item has been read out');
}

export const itemSubmit: Handler<CommandOf<'item.submit'>> = (state, cmd, ctx) => {
  const memberId = actorId(ctx);
  const existing = state.items[cmd.itemId];
  if (existing) {
    // A retry of a delivered submission: applied once, acknowledged again.
    if (existing.authorId === memberId && existing.stageId === cmd.stageId) return state;
    return fail('CONFLICT', 'that item id is already in use');
  }
  const spec = stageSpec(cmd.stageId);
  if (!spec.items) return fail('WRONG_STAGE', `${spec.title} does not collect items`);
  const role = ctx.actor.kind === 'member' ? ctx.actor.role : null;
  if (!role || !spec.items.writers.includes(role))
    return fail('FORBIDDEN', `a ${role} does not write in ${spec.title}`);
  const index = stageIndex(cmd.stageId);
  // Items written before the stage closed may arrive late (an offline phone): accept them for
  // any stage already reached, so nothing written is lost; refuse stages not yet reached.
  if (index > state.furthestStageIndex) return fail('WRONG_STAGE', `${spec.title} has not started`);
  const late = !(index === state.stageIndex && isWritingOpen(state));
  const mine = Object.values(state.items).filter((i) => i.authorId === memberId && i.stageId === cmd.stageId);
  if (mine.length >= LIMITS.itemsPerAuthorPerStage)
    return fail('LIMIT', 'you have written the most items this stage allows');
  const item: Item = {
    id: cmd.itemId,
    authorId: memberId,
    stageId: cmd.stageId,
    kind: spec.items.kind,
    element: validElement(spec, cmd.element),
    text: cmd.text,
    strongest: false,
    readOutAt: null,
    chosen: false,
    chosenAt: null,
    withdrawn: false,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    late,
    ...(validRelationship(spec, cmd.relationship) ? { relationship: true } : {}),
  };
  return putItem(state, item);
};

export const itemEdit: Handler<CommandOf<'item.edit'>> = (state, cmd, ctx) => {
  const item = ownItem(state, cmd.itemId, actorId(ctx));
  requireEditable(state, item);
  const spec = stageSpec(item.stageId);
  const element = cmd.element === undefined ? item.element : validElement(spec, cmd.element);
  const relationship =
    cmd.relationship === undefined ? item.relationship === true : validRelationship(spec, cmd.relationship);
  if (item.text === cmd.text && item.element === element && (item.relationship === true) === relationship) return state;
  const edits = (item.edits ?? 0) + 1;
  if (edits > LIMITS.editsPerItem)
    fail('LIMIT', `this item has been changed ${LIMITS.editsPerItem} times: withdraw it and write it again`);
  const { relationship: _was, ...rest } = item;
  return putItem(state, {
    ...rest,
    text: cmd.text,
    element,
    ...(relationship ? { relationship: true } : {}),
    edits,
    updatedAt: ctx.now,
  });
};

export const itemWithdraw: Handler<CommandOf<'item.withdraw'>> = (state, cmd, ctx) => {
  const memberId = actorId(ctx);
  const existing = state.items[cmd.itemId];
  if (existing?.withdrawn && existing.authorId === memberId) return state; // retried withdrawal
  const item = ownItem(state, cmd.itemId, memberId);
  requireEditable(state, item);
  // The text goes: a withdrawn item must not reach the pack or linger in snapshots.
  return putItem(state, { ...item, text: '', withdrawn: true, strongest: false, updatedAt: ctx.now });
};

export const itemMarkStrongest: Handler<CommandOf<'item.markStrongest'>> = (state, cmd, ctx) => {
  const memberId = actorId(ctx);
  const item = ownItem(state, cmd.itemId, memberId);
  if (item.strongest === cmd.strongest) return state;
  if (currentStage(state).id !== item.stageId) return fail('CLOSED', 'this stage is over');
  const spec = stageSpec(item.stageId);
  // A6-DANGER-3, A6-SG-4, A6-ROUGH-2: there is nothing to pick where everyone (or some) read theirs.
  if (cmd.strongest && !stageMarksStrongest(spec))
    return fail('WRONG_STAGE', `in ${spec.title} nobody picks their strongest: everyone reads theirs`);
  // A6-WW-3: the facilitator reads all of theirs, so marks as many as they wrote.
  if (cmd.strongest && ctx.actor.kind === 'member' && ctx.actor.role !== 'facilitator') {
    const marked = Object.values(state.items).filter(
      (i) => i.authorId === memberId && i.stageId === item.stageId && i.strongest && !i.withdrawn,
    );
    if (marked.length >= LIMITS.strongestPerAuthorPerStage) {
      return fail('LIMIT', `mark at most ${LIMITS.strongestPerAuthorPerStage} as your strongest: unmark one first`);
    }
  }
  return putItem(state, { ...item, strongest: cmd.strongest, updatedAt: ctx.now });
};

export const itemReadOut: Handler<CommandOf<'item.readOut'>> = (state, cmd, ctx) => {
  const item = getItem(state, cmd.itemId);
  if (item.stageId !== currentStage(state).id)
    return fail('WRONG_STAGE', 'only items of the current stage are read out');
  if ((item.readOutAt !== null) === cmd.read) return state;
  return putItem(state, { ...item, readOutAt: cmd.read ? ctx.now : null, chosen: cmd.read ? item.chosen : false });
};

export const itemChoose: Handler<CommandOf<'item.choose'>> = (state, cmd, ctx) => {
  const item = getItem(state, cmd.itemId);
  const spec = stageSpec(item.stageId);
  if (!stageChooses(spec)) {
    // A6-DANGER-4, A6-SG-5, A6-ROUGH-1, A6-PROC-2: taken away whole, or never case content.
    const why =
      spec.id === 'process-review'
        ? 'process-review points are about the process, never the case: they are not chosen'
        : `${spec.title} go to the worker as a whole set: the worker does not choose among them`;
    return fail('WRONG_STAGE', why);
  }
  if (item.readOutAt === null && state.handedOver[item.stageId] === undefined) {
    return fail('WRONG_STAGE', 'the caseworker chooses from items that have been read out');
  }
  if (item.chosen === cmd.chosen) return state;
  return putItem(state, { ...item, chosen: cmd.chosen, chosenAt: cmd.chosen ? ctx.now : null });
};

export const stageHandOver: Handler<CommandOf<'stage.handOver'>> = (state, _cmd, { now }) => {
  const stage = currentStage(state);
  if (!stage.items) return fail('WRONG_STAGE', `${stage.title} has no items to hand over`);
  if (state.handedOver[stage.id] !== undefined) return state;
  return { ...state, handedOver: { ...state.handedOver, [stage.id]: now } };
};

/** At the end of the session every stage that collected items is handed over. */
export function handOverEverything(state: SessionState, now: number): SessionState {
  const handedOver = { ...state.handedOver };
  STAGES.forEach((spec, index) => {
    if (spec.items && index <= state.furthestStageIndex && handedOver[spec.id] === undefined) handedOver[spec.id] = now;
  });
  return { ...state, handedOver };
}
