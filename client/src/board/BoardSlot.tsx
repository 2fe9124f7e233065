/** Where a view shows the board: loads tldraw only when a view that has a board is opened. */
import { lazy, Suspense } from 'react';
import type { BoardProps } from './Board.js';

const Board = lazy(() => import('./Board.js'));

export function BoardSlot(props: BoardProps) {
  return (
    <Suspense fallback={<p className="muted board-loading">Loading the board…</p>}>
      <Board {...props} />
    </Suspense>
  );
}
