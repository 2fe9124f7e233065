/**
 * The items read out, as large as the screen allows, and never one of them clipped: the list
 * shrinks its type down to a floor the back of a room still reads (3.4% of the screen's height:
 * 37 px at 1080p, 24 px at 720p), and past that it is cut into pages that the screen turns by
 * itself. The page with the newest item is shown whenever one is read out.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ItemView } from '../../../shared/projection.js';
import { ItemText } from '../components/ItemText.js';

/** Type sizes to try, largest first, in vh. */
const SIZES = [4.6, 4, 3.4];
const TURN_PAGE_MS = 10_000;

interface Layout {
  size: number;
  /** Item indexes on each page, in order. */
  pages: number[][];
}

export function ReadOutList({ items }: { items: ItemView[] }) {
  const box = useRef<HTMLDivElement>(null);
  const ruler = useRef<HTMLOListElement>(null);
  const [layout, setLayout] = useState<Layout>({ size: SIZES[0]!, pages: [items.map((_, i) => i)] });
  const [page, setPage] = useState(0);
  const key = items.map((i) => `${i.id}:${i.text.length}:${i.chosen}`).join('|');

  // Measure every item at each size in a hidden copy of the list; keep the largest size at which
  // everything fits, or pack the smallest into pages, the newest page full.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the items' content, which the ruler renders
  useLayoutEffect(() => {
    const measure = () => {
      const available = box.current?.clientHeight ?? 0;
      const list = ruler.current;
      if (!list || available === 0) return;
      let chosen: Layout | null = null;
      for (const size of SIZES) {
        list.style.fontSize = `${size}vh`;
        const heights = [...list.children].map((li) => (li as HTMLElement).offsetHeight);
        const gap = Number.parseFloat(getComputedStyle(list).rowGap) || 0;
        const total = heights.reduce((sum, h) => sum + h + gap, 0);
        if (total <= available) {
          chosen = { size, pages: [items.map((_, i) => i)] };
          break;
        }
        if (size === SIZES.at(-1)) {
          const pages: number[][] = [];
          let current: number[] = [];
          let used = 0;
          for (let i = heights.length - 1; i >= 0; i--) {
            const h = heights[i]! + gap;
            if (current.length > 0 && used + h > available) {
              pages.unshift(current);
              current = [];
              used = 0;
            }
            current.unshift(i);
            used += h;
          }
          if (current.length > 0) pages.unshift(current);
          chosen = { size, pages };
        }
      }
      if (chosen) {
        setLayout(chosen);
        setPage(chosen.pages.length - 1);
      }
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [key]);

  // More than one page: turn them, coming back round to the newest.
  useEffect(() => {
    if (layout.pages.length < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % layout.pages.length), TURN_PAGE_MS);
    return () => clearInterval(timer);
  }, [layout]);

  const shown = layout.pages[Math.min(page, layout.pages.length - 1)] ?? [];
  return (
    <div className="read-out" ref={box}>
      <ol className="read-out-list" style={{ fontSize: `${layout.size}vh` }} aria-label="Read out">
        {shown.map((i) => {
          const item = items[i]!;
          return (
            <li key={item.id} value={i + 1} className={item.chosen ? 'chosen' : ''}>
              <ItemText item={item} />
              {item.chosen && <span className="chosen-mark"> ★ chosen</span>}
            </li>
          );
        })}
      </ol>
      {layout.pages.length > 1 && (
        <p className="read-out-page">
          Page {page + 1} of {layout.pages.length}
        </p>
      )}
      <ol className="read-out-list ruler" ref={ruler} aria-hidden="true">
        {items.map((item, i) => (
          <li key={item.id} value={i + 1}>
            <ItemText item={item} />
            {item.chosen && <span className="chosen-mark"> ★ chosen</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
