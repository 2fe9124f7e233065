/**
 * The cockpit's keys. They never fire while someone types (an input, a text area, anything
 * editable), while the board has the keyboard (tldraw's own keys work there), with a modifier
 * held, or while a dialog is open.
 */
import { useEffect, useRef } from 'react';

export type ShortcutId = 'next' | 'back' | 'clock' | 'more' | 'less' | 'readNext' | 'board' | 'help';

export const SHORTCUTS: ReadonlyArray<{ id: ShortcutId; keys: readonly string[]; shown: string; what: string }> = [
  { id: 'next', keys: ['n'], shown: 'N', what: 'the next step or stage (the big button)' },
  { id: 'back', keys: ['b'], shown: 'B', what: 'one step back' },
  { id: 'clock', keys: ['p'], shown: 'P', what: 'pause or resume the clock' },
  { id: 'more', keys: ['+', '='], shown: '+', what: 'one minute more' },
  { id: 'less', keys: ['-'], shown: '−', what: 'one minute less' },
  { id: 'readNext', keys: ['r'], shown: 'R', what: 'read out the next item (strongest first)' },
  {
    id: 'board',
    keys: ['g'],
    shown: 'G',
    what: "go to the board; tldraw's own keys work there until you click outside it",
  },
  { id: 'help', keys: ['?'], shown: '?', what: 'show these keys' },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.id] as const)));

/** The shortcut a key press stands for, or null when it belongs to something else. */
export function shortcutFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): ShortcutId | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const target = e.target instanceof Element ? e.target : null;
  if (
    target?.closest(
      'input, textarea, select, [contenteditable=""], [contenteditable="true"], .tl-container, dialog[open]',
    )
  ) {
    return null;
  }
  return BY_KEY.get(e.key.toLowerCase()) ?? null;
}

/** Calls the handler for each shortcut pressed; `handlers` may change on every render. */
export function useShortcuts(handlers: Partial<Record<ShortcutId, () => void>>, enabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const id = shortcutFor(e);
      const handler = id ? latest.current[id] : undefined;
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
