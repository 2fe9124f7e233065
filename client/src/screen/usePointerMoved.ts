/** True for a few seconds after the mouse moves: the screen's one control shows only for whoever reaches for it. */
import { useEffect, useState } from 'react';

export function usePointerMoved(showForMs = 3000): boolean {
  const [moved, setMoved] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onMove = () => {
      setMoved(true);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setMoved(false), showForMs);
    };
    window.addEventListener('pointermove', onMove);
    return () => {
      window.removeEventListener('pointermove', onMove);
      if (timer) clearTimeout(timer);
    };
  }, [showForMs]);
  return moved;
}
