import { stageSpec } from '../../../shared/process/stages.js';
import type { ItemView } from '../../../shared/projection.js';

/** An item's text with its element (harm's behaviour/severity/..., rough danger/goal) as a tag. */
export function ItemText({ item }: { item: ItemView }) {
  const element = item.element
    ? stageSpec(item.stageId).items?.elements?.find((e) => e.id === item.element)?.label
    : null;
  return (
    <span className="item-text">
      {element && <span className="tag">{element}</span>}
      {item.text}
      {item.authorName && !item.mine && <span className="author"> · {item.authorName}</span>}
    </span>
  );
}

/** An item as a button's accessible name carries it ("Choose: Who helps at bedtime?"): its first words. */
export const itemName = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
