/** The map's parts: the facilitator sends items and the worker's exact words to them (MAP-2). */
import type { CommandOf } from '../../commands.js';
import { fail } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { mapPartSpec } from '../../process/map.js';
import type { Placement } from '../../state.js';
import type { Handler } from '../context.js';

export const mapPlace: Handler<CommandOf<'map.place'>> = (state, cmd, ctx) => {
  const placements = state.placements ?? [];
  const same = (p: Placement) => p.part === cmd.part && JSON.stringify(p.source) === JSON.stringify(cmd.source);
  const existing = placements.find((p) => p.id === cmd.placementId);
  if (existing) {
    // A retry: applied once. The same id for something else is a client's mistake.
    if (same(existing)) return state;
    return fail('CONFLICT', 'that placement id is already in use');
  }
  const part = mapPartSpec(cmd.part);
  if (!part.takesNotes) return fail('INVALID', `the ${part.title.toLowerCase()} is drawn from its own record`);
  if (cmd.source.kind === 'item') {
    const item = state.items[cmd.source.itemId];
    if (!item || item.withdrawn) return fail('NOT_FOUND', 'no such item');
    // The review of the group process is about the process: it never reaches the case map (A6-PROC-2).
    if (item.stageId === 'process-review') return fail('WRONG_STAGE', 'process-review points never go on the case map');
  } else {
    const noteId = cmd.source.noteId;
    if (!state.exactWords.some((n) => n.id === noteId)) return fail('NOT_FOUND', 'no such exact-words note');
  }
  if (placements.some(same)) return state; // already in that part
  if (placements.length >= LIMITS.placements) return fail('LIMIT', 'the map has too many placed notes');
  const placement: Placement = { id: cmd.placementId, part: cmd.part, source: cmd.source, at: ctx.now };
  return { ...state, placements: [...placements, placement] };
};

export const mapRemove: Handler<CommandOf<'map.remove'>> = (state, cmd) => {
  const placements = state.placements ?? [];
  if (!placements.some((p) => p.id === cmd.placementId)) return state; // gone already: idempotent
  return { ...state, placements: placements.filter((p) => p.id !== cmd.placementId) };
};
