/**
 * The genogram kit: one tap per person or relationship, so a family goes on the board in three
 * minutes. People are tldraw shapes grouped with their label (standard genogram symbols: square
 * male, circle female, diamond unknown or other, triangle pregnancy, a cross for deceased, a
 * double outline for the index child). Relationships join the selected people: couple lines
 * (married solid, together dashed, separated /, divorced //), children hanging from a couple,
 * adopted (dashed) and foster (dotted) lines, and a household boundary around a selection.
 */
import { useEffect, useState } from 'react';
import { Box, createShapeId, type Editor, react, type TLShapeId, type TLShapePartial, toRichText } from 'tldraw';
import { BOARD, TEMPLATE_IDS } from '../../../shared/board/layout.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { genogramView } from './genogramView.js';

type Sex = 'male' | 'female' | 'unknown';
const SYMBOL = 60;
const GEO: Record<Sex | 'pregnancy', string> = {
  male: 'rectangle',
  female: 'ellipse',
  unknown: 'diamond',
  pregnancy: 'triangle',
};

function lineShape(
  points: Array<{ x: number; y: number }>,
  dash: 'solid' | 'dashed' | 'dotted',
  meta: Record<string, string>,
): TLShapePartial {
  const x0 = points[0]!.x;
  const y0 = points[0]!.y;
  const entries = points.map((p, i) => {
    const id = `a${i + 1}`;
    return [id, { id, index: id, x: p.x - x0, y: p.y - y0 }];
  });
  return {
    id: createShapeId(),
    type: 'line',
    x: x0,
    y: y0,
    meta,
    props: { dash, size: 's', color: 'black', points: Object.fromEntries(entries) },
  } as TLShapePartial;
}

/** Page-space centre, top and symbol bottom of a selected person (or any shape). */
function anchor(editor: Editor, id: TLShapeId) {
  const b = editor.getShapePageBounds(id)!;
  // A person is a group: its first shape is the symbol, which lines attach to (not the label).
  const symbolId = editor.getSortedChildIdsForParent(id).find((c) => editor.getShape(c)?.type === 'geo');
  const s = symbolId ? editor.getShapePageBounds(symbolId)! : b;
  return { id, cx: s.midX, top: s.minY, bottom: s.maxY, b };
}

/** Whether a person's symbol and label overlap any other person's on the page. */
function overlapsAnotherPerson(editor: Editor, id: TLShapeId): boolean {
  const own = editor.getShapePageBounds(id)!;
  return editor
    .getCurrentPageShapes()
    .some((s) => s.id !== id && s.meta.genogram === 'person' && editor.getShapePageBounds(s.id)?.collides(own));
}

/** Couple lines run below the partners' name labels. */
const COUPLE_DROP = 50;

/** Where new people go: a grid inside the genogram area, 8 to a row. */
const SLOT = { columns: 6, dx: 230, dy: 220, inset: 60 };

export function GenogramKit({ editor, stageId }: { editor: Editor; stageId?: string | undefined }) {
  const [name, setName] = useState('');
  const [age, setAge] = useState('');
  const [deceased, setDeceased] = useState(false);
  const [index, setIndex] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // Open in the genogram stage; folded to a narrow tab in the others, for the odd person added later.
  const [open, setOpen] = useState(stageId === 'genogram');
  useEffect(() => setOpen(stageId === 'genogram'), [stageId]);

  // A message is about the selection it was given for: it goes when the selection or the stage changes.
  useEffect(() => {
    let first = true;
    return react('genogram kit selection', () => {
      editor.getSelectedShapeIds();
      if (first) first = false;
      else setMessage(null);
    });
  }, [editor]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new stage is the reason to clear the message
  useEffect(() => setMessage(null), [stageId]);

  /** The first grid slot no shape occupies, so quick clicks never stack two people on one spot. */
  function nextSlot() {
    const frame = editor.getShapePageBounds(TEMPLATE_IDS.genogram as TLShapeId);
    const x0 = frame?.minX ?? BOARD.genogram.x;
    const y0 = frame?.minY ?? BOARD.genogram.y;
    const taken = editor
      .getCurrentPageShapes()
      .filter((s) => typeof s.meta.genogram === 'string')
      .map((s) => editor.getShapePageBounds(s.id))
      .filter((b): b is Box => b !== undefined);
    for (let n = 0; ; n++) {
      const slot = {
        x: x0 + SLOT.inset + (n % SLOT.columns) * SLOT.dx,
        y: y0 + SLOT.inset + Math.floor(n / SLOT.columns) * SLOT.dy,
      };
      const area = new Box(slot.x - 10, slot.y - 10, SYMBOL + 20, SYMBOL + 20);
      if (!taken.some((b) => b.collides(area))) return slot;
    }
  }

  function addPerson(kind: Sex | 'pregnancy') {
    const { x, y } = nextSlot();
    const ids: TLShapeId[] = [];
    const make = (shape: TLShapePartial) => {
      editor.createShape(shape);
      ids.push(shape.id);
    };
    const size = kind === 'pregnancy' ? 44 : SYMBOL;
    const offset = (SYMBOL - size) / 2;
    make({
      id: createShapeId(),
      type: 'geo',
      x: x + offset,
      y: y + offset,
      props: { geo: GEO[kind], w: size, h: size, fill: index ? 'semi' : 'none', color: 'black', size: 's' },
    } as TLShapePartial);
    if (index && kind !== 'pregnancy') {
      make({
        id: createShapeId(),
        type: 'geo',
        x: x - 7,
        y: y - 7,
        props: { geo: GEO[kind], w: SYMBOL + 14, h: SYMBOL + 14, fill: 'none', color: 'black', size: 's' },
      } as TLShapePartial);
    }
    if (deceased) {
      make(
        lineShape(
          [
            { x, y },
            { x: x + SYMBOL, y: y + SYMBOL },
          ],
          'solid',
          { genogram: 'mark' },
        ),
      );
      make(
        lineShape(
          [
            { x: x + SYMBOL, y },
            { x, y: y + SYMBOL },
          ],
          'solid',
          { genogram: 'mark' },
        ),
      );
    }
    const label = [name.trim(), age.trim() && (kind === 'pregnancy' ? age.trim() : `${age.trim()}`)]
      .filter(Boolean)
      .join(', ');
    if (label) {
      // Beside the symbol, low down: couple and child lines leave the symbol's bottom centre clear.
      make({
        id: createShapeId(),
        type: 'text',
        x: x + SYMBOL + 8,
        y: y + SYMBOL - 34,
        props: { richText: toRichText(label), size: 'm', autoSize: true },
      } as TLShapePartial);
    }
    // One shape (no name, no marks) is the person itself; more are grouped. The group is found
    // from the symbol, not the selection, which may still hold whoever was selected before.
    if (ids.length > 1) editor.groupShapes(ids);
    const symbol = editor.getShape(ids[0]!)!;
    const parent = editor.getShape(symbol.parentId as TLShapeId);
    const group = ids.length > 1 && parent?.type === 'group' ? parent : symbol;
    editor.updateShape({ id: group.id, type: group.type, meta: { genogram: 'person', sex: kind, deceased, index } });
    editor.select(group.id);
    // The family stays in view, with room around it, as it grows (and so on the screen that
    // follows this view).
    keepInView([group.id]);
    setName('');
    setAge('');
    setDeceased(false);
    setIndex(false);
    setMessage(null);
  }

  const selected = () => editor.getSelectedShapeIds();

  /** Whoever the kit just placed stays in sight, for the facilitator and the screen that follows them. */
  function keepInView(ids: TLShapeId[]) {
    const view = editor.getViewportPageBounds();
    const hidden = ids.some((id) => {
      const b = editor.getShapePageBounds(id);
      return b !== undefined && !view.contains(b.clone().expandBy(40));
    });
    if (hidden) editor.zoomToBounds(genogramView(editor), { animation: { duration: 200 }, inset: 16 });
  }

  function couple(kind: 'married' | 'together' | 'separated' | 'divorced') {
    const ids = selected();
    if (ids.length !== 2) return setMessage('Select the two partners first (shift-click).');
    const [a, b] = ids.map((id) => anchor(editor, id)).sort((p, q) => p.cx - q.cx) as [
      ReturnType<typeof anchor>,
      ReturnType<typeof anchor>,
    ];
    const y = Math.max(a.bottom, b.bottom) + COUPLE_DROP;
    const created: TLShapeId[] = [];
    const line = lineShape(
      [
        { x: a.cx, y: a.bottom },
        { x: a.cx, y },
        { x: b.cx, y },
        { x: b.cx, y: b.bottom },
      ],
      kind === 'together' ? 'dashed' : 'solid',
      { genogram: 'couple', kind },
    );
    editor.createShape(line);
    created.push(line.id);
    const slashes = kind === 'separated' ? 1 : kind === 'divorced' ? 2 : 0;
    for (let i = 0; i < slashes; i++) {
      const mx = (a.cx + b.cx) / 2 - 6 + i * 12;
      const slash = lineShape(
        [
          { x: mx - 6, y: y + 10 },
          { x: mx + 6, y: y - 10 },
        ],
        'solid',
        { genogram: 'mark' },
      );
      editor.createShape(slash);
      created.push(slash.id);
    }
    if (created.length > 1) editor.groupShapes(created);
    setMessage(null);
  }

  /**
   * Select the couple's line (or both parents) and one or more children, then choose how they
   * belong. Children already hanging from that couple are left as they are, so the couple can stay
   * selected for the next child: after each, the couple (or both parents) is selected again.
   */
  function child(kind: 'birth' | 'adopted' | 'foster') {
    const shapes = selected().map((id) => editor.getShape(id)!);
    const people = shapes.filter((s) => s.meta.genogram === 'person');
    const coupleShape = shapes.find(
      (s) =>
        s.meta.genogram === 'couple' ||
        editor.getSortedChildIdsForParent(s.id).some((c) => editor.getShape(c)?.meta.genogram === 'couple'),
    );
    let from: { x: number; y: number };
    let parents: TLShapeId[];
    let children: typeof people;
    if (coupleShape && people.length >= 1) {
      const b = editor.getShapePageBounds(coupleShape.id)!;
      from = { x: b.midX, y: b.maxY - (coupleShape.meta.genogram === 'couple' ? 0 : 10) };
      parents = [coupleShape.id];
      children = people;
    } else if (people.length >= 3) {
      // The parents are the two selected first (tldraw keeps selection order); the rest are children.
      const [p1, p2] = people.slice(0, 2).map((p) => anchor(editor, p.id)) as [
        ReturnType<typeof anchor>,
        ReturnType<typeof anchor>,
      ];
      from = { x: (p1.cx + p2.cx) / 2, y: Math.max(p1.bottom, p2.bottom) + COUPLE_DROP };
      parents = [p1.id, p2.id];
      children = people.slice(2);
    } else {
      return setMessage('Select the couple line and the child, or both parents and the child.');
    }
    const parentKey = parents.join(',');
    const linked = new Set(
      editor
        .getCurrentPageShapes()
        .filter((s) => s.meta.genogram === 'child' && s.meta.parents === parentKey)
        .map((s) => String(s.meta.child)),
    );
    for (const person of children) {
      if (linked.has(person.id)) continue;
      let kid = anchor(editor, person.id);
      // Children hang below their parents: a child still on the parents' row moves down first.
      if (kid.top < from.y + 40) {
        editor.nudgeShapes([kid.id], { x: 0, y: from.y + 70 - kid.top });
        // A brother or sister moved down before may stand there: step right until the place is free.
        for (let tries = 0; tries < 20 && overlapsAnotherPerson(editor, kid.id); tries++) {
          editor.nudgeShapes([kid.id], { x: SLOT.dx, y: 0 });
        }
        kid = anchor(editor, kid.id);
      }
      const midY = (from.y + kid.top) / 2;
      const dash = kind === 'birth' ? 'solid' : kind === 'adopted' ? 'dashed' : 'dotted';
      editor.createShape(
        lineShape([from, { x: from.x, y: midY }, { x: kid.cx, y: midY }, { x: kid.cx, y: kid.top }], dash, {
          genogram: 'child',
          kind,
          parents: parentKey,
          child: person.id,
        }),
      );
    }
    keepInView(children.map((c) => c.id));
    editor.select(...parents);
    setMessage(null);
  }

  function household() {
    const ids = selected();
    if (ids.length === 0) return setMessage('Select the people who live together.');
    const bounds = ids.map((id) => editor.getShapePageBounds(id)!);
    const minX = Math.min(...bounds.map((b) => b.minX)) - 25;
    // Room above the people for the boundary's own "Household" label.
    const minY = Math.min(...bounds.map((b) => b.minY)) - 60;
    const maxX = Math.max(...bounds.map((b) => b.maxX)) + 25;
    const maxY = Math.max(...bounds.map((b) => b.maxY)) + 25;
    const id = createShapeId();
    editor.createShape({
      id,
      type: 'geo',
      x: minX,
      y: minY,
      meta: { genogram: 'household' },
      props: {
        geo: 'rectangle',
        w: maxX - minX,
        h: maxY - minY,
        // Black dotted ink with a label: a blue dashed box reads as the editor's selection on paper.
        dash: 'dotted',
        fill: 'none',
        color: 'black',
        size: 's',
        richText: toRichText('Household'),
        align: 'start',
        verticalAlign: 'start',
      },
    } as TLShapePartial);
    editor.sendToBack([id]);
    setMessage(null);
  }

  if (!open) {
    return (
      <aside className="genogram-kit folded" aria-label="Genogram kit">
        <button type="button" aria-expanded="false" onClick={() => setOpen(true)}>
          Genogram kit
        </button>
      </aside>
    );
  }
  return (
    <aside className="genogram-kit" aria-label="Genogram kit">
      <div className="kit-head">
        <h3>Genogram</h3>
        {stageId !== 'genogram' && (
          <button type="button" className="small" aria-expanded="true" onClick={() => setOpen(false)}>
            Fold
          </button>
        )}
      </div>
      <div className="kit-fields">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={30} />
        </label>
        <label>
          Age
          <input value={age} onChange={(e) => setAge(e.target.value)} maxLength={12} inputMode="numeric" />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={deceased} onChange={(e) => setDeceased(e.target.checked)} /> Deceased
      </label>
      <label className="check">
        <input type="checkbox" checked={index} onChange={(e) => setIndex(e.target.checked)} /> Index child
      </label>
      <fieldset className="kit-buttons" aria-label="Add a person">
        <button type="button" onClick={() => addPerson('male')}>
          □ Male
        </button>
        <button type="button" onClick={() => addPerson('female')}>
          ○ Female
        </button>
        <button type="button" onClick={() => addPerson('unknown')}>
          ◇ Unknown / other
        </button>
        <button type="button" onClick={() => addPerson('pregnancy')}>
          △ Pregnancy
        </button>
      </fieldset>
      <p className="muted">Select two partners:</p>
      <fieldset className="kit-buttons" aria-label="Couple">
        <button type="button" onClick={() => couple('married')}>
          Married
        </button>
        <button type="button" onClick={() => couple('together')}>
          Together
        </button>
        <button type="button" onClick={() => couple('separated')}>
          {'Separated /'}
        </button>
        <button type="button" onClick={() => couple('divorced')}>
          {'Divorced //'}
        </button>
      </fieldset>
      <p className="muted">Select the couple line (or both parents), then the children:</p>
      <fieldset className="kit-buttons" aria-label="Child">
        <button type="button" onClick={() => child('birth')}>
          Child
        </button>
        <button type="button" onClick={() => child('adopted')}>
          Adopted
        </button>
        <button type="button" onClick={() => child('foster')}>
          Foster
        </button>
      </fieldset>
      <button type="button" onClick={household}>
        Household boundary
      </button>
      <ErrorLine error={message} />
    </aside>
  );
}
