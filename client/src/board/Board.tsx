/**
 * The shared whiteboard: tldraw, synced through this server's own tldraw room for the session
 * (`@tldraw/sync`'s useSync against /board/:sessionId). Loaded lazily: phones never fetch it.
 * Rights are enforced on the server; here the editor is also set read-only so the UI says so.
 * Assets (icons, fonts, translations) are served from this app, never from tldraw's CDN.
 */
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { useSync } from '@tldraw/sync';
import { useEffect, useMemo, useState } from 'react';
import { type Editor, type TLAssetStore, type TLShapeId, Tldraw } from 'tldraw';
import { TEMPLATE_IDS } from '../../../shared/board/layout.js';
import 'tldraw/tldraw.css';
import { GenogramKit } from './GenogramKit.js';
import { useBoardImageExport } from './useBoardImageExport.js';

const assetUrls = getAssetUrlsByImport();

/** Images and files stay out of a confidential session: nothing is uploaded anywhere. */
const assets: TLAssetStore = {
  upload: async () => {
    throw new Error('Images cannot be added to this board.');
  },
  resolve: (asset) => asset.props.src,
};

export interface BoardProps {
  sessionId: string;
  token: string;
  canEdit: boolean;
  /** The projector: no tldraw UI, the whole board kept in view. */
  display?: boolean;
  licenseKey: string;
  /** The facilitator's board saves an image of itself for the pack when items are handed over. */
  exportKey?: string;
  /** Editors' boards frame the genogram during the genogram stage, and the whole map on every other stage change. */
  stageId?: string;
}

export default function Board({ sessionId, token, canEdit, display, licenseKey, exportKey, stageId }: BoardProps) {
  const uri = useMemo(() => {
    const origin = window.location.origin.replace(/^http/, 'ws');
    return `${origin}/board/${sessionId}?token=${encodeURIComponent(token)}`;
  }, [sessionId, token]);
  const store = useSync({ uri, assets });
  const [editor, setEditor] = useState<Editor | null>(null);

  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !canEdit });
  }, [editor, canEdit]);

  // The projector keeps the whole board in view as it grows.
  useEffect(() => {
    if (!editor || !display) return;
    const fitBoard = () => editor.zoomToFit({ animation: { duration: 0 } });
    fitBoard();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = editor.store.listen(
      () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(fitBoard, 300);
      },
      { scope: 'document', source: 'remote' },
    );
    window.addEventListener('resize', fitBoard);
    return () => {
      stop();
      window.removeEventListener('resize', fitBoard);
      if (timer) clearTimeout(timer);
    };
  }, [editor, display]);

  useEffect(() => {
    if (!editor || display || !stageId) return;
    const genogram = stageId === 'genogram' ? editor.getShapePageBounds(TEMPLATE_IDS.genogram as TLShapeId) : undefined;
    if (genogram) editor.zoomToBounds(genogram, { animation: { duration: 300 }, inset: 24 });
    else editor.zoomToFit({ animation: { duration: 300 } });
  }, [editor, display, stageId]);

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
      {canEdit && editor && !display && <GenogramKit editor={editor} />}
      <div className="board-canvas">
        <Tldraw
          store={store}
          licenseKey={licenseKey || undefined}
          assetUrls={assetUrls}
          hideUi={display}
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
