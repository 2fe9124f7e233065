/**
 * What an editor's board frames as the meeting moves (and so what the screen shows while it
 * follows the facilitator): the family in the genogram stage; the family and the worker's exact
 * words beside it in the free description; "What needs to happen?" while the worker chooses; the
 * map's three columns while mapping; null for the whole board.
 */
export function frameForStep(editor: Editor, stageId: string, step: string | null): Box | null {
  if (stageId === 'genogram') return genogramView(editor);
  if (stageId === 'description') {
    const family = editor.getShapePageBounds(TEMPLATE_IDS.genogram as TLShapeId);
    const strip = editor.getShapePageBounds(TEMPLATE_IDS.notesStrip as TLShapeId);
    return family && strip ? Box.Common([family, new Box(strip.x, strip.y, strip.w, family.h)]) : null;
  }
  // Room for the frames' titles, which sit above them.
  if (step === 'choose')
    return editor.getShapePageBounds(TEMPLATE_IDS.needs as TLShapeId)?.expandBy(TITLE_ROOM) ?? null;
  if (step === 'map') {
    const columns = [TEMPLATE_IDS.worried, TEMPLATE_IDS.working, TEMPLATE_IDS.needs]
      .map((id) => editor.getShapePageBounds(id as TLShapeId))
      .filter((b): b is Box => b !== undefined);
    return columns.length > 0 ? Box.Common(columns).expandBy(TITLE_ROOM) : null;
  }
  return null;
}

/**
 * The part of the board a genogram is read from: the family drawn so far with room around it, or
 * the start of the genogram area while it is empty, never smaller than a few people's worth, so
 * the names are large on the facilitator's board and larger still on the screen that follows it.
 */
import { Box, type Editor, type TLShapeId } from 'tldraw';
import { BOARD, TEMPLATE_IDS } from '../../../shared/board/layout.js';

const MIN = { w: 900, h: 420 };
const TITLE_ROOM = 40;
const MARGIN = 60;

export function genogramView(editor: Editor): Box {
  const area =
    editor.getShapePageBounds(TEMPLATE_IDS.genogram as TLShapeId) ??
    new Box(BOARD.genogram.x, BOARD.genogram.y, BOARD.genogram.w, BOARD.genogram.h);
  const drawn = editor
    .getCurrentPageShapes()
    .filter((s) => typeof s.meta.genogram === 'string')
    .map((s) => editor.getShapePageBounds(s.id))
    .filter((b): b is Box => b !== undefined);
  const family = drawn.length > 0 ? Box.Common(drawn).expandBy(MARGIN) : new Box(area.x, area.y, MIN.w, MIN.h);
  const w = Math.max(MIN.w, family.w);
  const h = Math.max(MIN.h, family.h);
  // Grown about the family's top-left corner, where the kit starts placing people.
  return new Box(family.x, family.y, w, h);
}
