/**
 * The shared whiteboard: tldraw, synced through this server's own tldraw room for the session
 * (`@tldraw/sync`'s useSync against /board/:sessionId). Loaded lazily: phones never fetch it.
 * Rights are enforced on the server; here the editor is also set read-only so the UI says so.
 * Assets (icons, fonts, translations) are served from this app, never from tldraw's CDN.
 *
 * Keyboard: tldraw's shortcuts (r for rectangle, Delete, ...) must only act while the board has
 * focus. The board never takes focus by itself, and gives it up as soon as anything outside it
 * is pressed or focused, so a key meant for the cockpit never reaches a selected family member.
 */

import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { useSync } from '@tldraw/sync';
import { useEffect, useMemo, useState } from 'react';
import {
  atom,
  CollaboratorBrushOverlayUtil,
  CollaboratorHintOverlayUtil,
  CollaboratorScribbleOverlayUtil,
  CollaboratorShapeIndicatorOverlayUtil,
  createUserId,
  type Editor,
  getDefaultUserPresence,
  type TLAssetStore,
  type TLComponents,
  type TLPresenceStateInfo,
  type TLStore,
  type TLUser,
  Tldraw,
  UserRecordType,
} from 'tldraw';
import type { BoardTicketResponse } from '../../../shared/protocol.js';
import type { ProjectorBoard } from '../../../shared/state.js';
import 'tldraw/tldraw.css';
import { GenogramKit } from './GenogramKit.js';
import { frameForStep } from './genogramView.js';
import { useBoardImageExport } from './useBoardImageExport.js';
import { useProjectorCamera } from './useProjectorCamera.js';
import { useViewportSize } from './useViewportSize.js';

const assetUrls = getAssetUrlsByImport();

/** Images and files stay out of a confidential session: nothing is uploaded anywhere. */
const assets: TLAssetStore = {
  upload: async () => {
    throw new Error('Images cannot be added to this board.');
  },
  resolve: (asset) => asset.props.src,
};

/** The projector shows the board, never who is looking at it: no cursors, selections or hints of others. */
class HiddenBrush extends CollaboratorBrushOverlayUtil {
  override isActive() {
    return false;
  }
}
class HiddenHint extends CollaboratorHintOverlayUtil {
  override isActive() {
    return false;
  }
}
class HiddenScribble extends CollaboratorScribbleOverlayUtil {
  override isActive() {
    return false;
  }
}
class HiddenIndicator extends CollaboratorShapeIndicatorOverlayUtil {
  override isActive() {
    return false;
  }
}
const DISPLAY_OVERLAYS = [HiddenBrush, HiddenHint, HiddenScribble, HiddenIndicator];

/**
 * The projector's presence: there (tldraw sends an editor's view to others only while someone
 * else is in the room, and the projector follows that view), but long inactive, so no editor's
 * board shows a "Screen" cursor.
 */
const watcherPresence = (store: TLStore, user: TLUser): TLPresenceStateInfo | null => {
  const presence = getDefaultUserPresence(store, user);
  return presence && { ...presence, lastActivityTimestamp: 1 };
};
const DISPLAY_COMPONENTS: TLComponents = { CollaboratorCursor: null };
/**
 * Editors' boards without tldraw's style panel: it sat over the right-hand side of the map (and of
 * a growing family) whenever anything was selected, and the kit and the server set every style the
 * process needs.
 */
const EDITOR_COMPONENTS: TLComponents = { StylePanel: null };

/** What the projector's board shows (see useProjectorCamera). */
export interface BoardDisplay {
  board: ProjectorBoard;
  /** The facilitator's member id, to follow their view. */
  followMemberId: string | null;
  stageId: string;
  /** Whether the screen shows the board now (it stays connected while hidden). */
  visible: boolean;
}

export interface BoardProps {
  sessionId: string;
  token: string;
  canEdit: boolean;
  /** This person, for presence: the projector follows the facilitator by it. */
  user: { id: string; name: string };
  /** The projector: no tldraw UI, no one else's cursor, the region the facilitator chose. */
  display?: BoardDisplay;
  licenseKey: string;
  /** The facilitator's board saves an image of itself for the pack when items are handed over. */
  exportKey?: string;
  /** Editors' boards frame what the stage and step work on (see frameForStep). */
  stageId?: string;
  step?: string | null;
  /** The editor, once mounted (the cockpit's shortcuts and "show this on the screen" use it). */
  onEditor?: (editor: Editor | null) => void;
}

export default function Board({
  sessionId,
  token,
  canEdit,
  user,
  display,
  licenseKey,
  exportKey,
  stageId,
  step,
  onEditor,
}: BoardProps) {
  // tldraw asks for the address before every attempt to connect: each gets a fresh ticket.
  const uri = useMemo(() => () => boardAddress(sessionId, token), [sessionId, token]);
  const users = useMemo(
    () => ({
      currentUser: atom(
        'groupmap user',
        UserRecordType.create({ id: createUserId(user.id), name: user.name, color: '#0b5cad' }),
      ),
    }),
    [user.id, user.name],
  );
  const store = useSync({ uri, assets, users, ...(display ? { getUserPresence: watcherPresence } : {}) });
  const [editor, setEditor] = useState<Editor | null>(null);

  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !canEdit });
  }, [editor, canEdit]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  // The board has the keyboard while it is being used, and lets go of it as soon as anything
  // outside it is pressed or focused (tldraw's own "preserve focus" behaviour, kept always on).
  useEffect(() => {
    if (!editor) return;
    const container = editor.getContainer();
    const track = (e: Event) => {
      const inside = e.target instanceof Node && container.contains(e.target);
      const focused = editor.getInstanceState().isFocused;
      if (inside && !focused) editor.focus();
      else if (!inside && focused) editor.blur();
    };
    document.addEventListener('pointerdown', track, true);
    document.addEventListener('focusin', track, true);
    return () => {
      document.removeEventListener('pointerdown', track, true);
      document.removeEventListener('focusin', track, true);
    };
  }, [editor]);

  useProjectorCamera(editor, display);

  const viewportSize = useViewportSize(editor);
  useEffect(() => {
    if (!editor || display || !stageId || !viewportSize) return;
    // A shape selected in the last stage would keep tldraw's style panel open over the map.
    editor.selectNone();
    const region = frameForStep(editor, stageId, step ?? null);
    if (region) editor.zoomToBounds(region, { animation: { duration: 300 }, inset: 16 });
    else editor.zoomToFit({ animation: { duration: 300 } });
  }, [editor, display, stageId, step, viewportSize]);

  useBoardImageExport(editor, sessionId, token, exportKey);

  return (
    <section
      className={`board ${display ? 'board-display' : ''}`}
      data-board-status={store.status}
      aria-label="Whiteboard"
    >
      {store.status === 'error' && (
        <p role="alert" className="error">
          The board could not connect: {store.error.message}
        </p>
      )}
      {canEdit && editor && !display && <GenogramKit editor={editor} stageId={stageId} />}
      <div className="board-canvas">
        <Tldraw
          store={store}
          licenseKey={licenseKey || undefined}
          assetUrls={assetUrls}
          hideUi={!!display}
          autoFocus={false}
          components={display ? DISPLAY_COMPONENTS : EDITOR_COMPONENTS}
          {...(display ? { overlayUtils: DISPLAY_OVERLAYS } : {})}
          onMount={(e) => {
            setEditor(e);
            e.updateInstanceState({ isReadonly: !canEdit });
            e.zoomToFit({ animation: { duration: 0 } });
          }}
        />
      </div>
    </section>
  );
}

/**
 * The board socket's address with a single-use ticket, traded for the personal token over HTTP
 * (the token never rides in a URL, where proxies log it). If the trade fails (offline, say), an
 * address without a ticket: the server refuses it and tldraw tries again later, asking anew.
 */
async function boardAddress(sessionId: string, token: string): Promise<string> {
  const base = `${window.location.origin.replace(/^http/, 'ws')}/board/${sessionId}`;
  try {
    const res = await fetch(`/api/sessions/${sessionId}/board-ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) return base;
    const { ticket } = (await res.json()) as BoardTicketResponse;
    return `${base}?ticket=${encodeURIComponent(ticket)}`;
  } catch {
    return base;
  }
}
