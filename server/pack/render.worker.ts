/**
 * The pack renderer's thread (see renderer.ts): renders one pack at a time, in the order asked,
 * and answers with the file's bytes or the error's message.
 */
import { parentPort } from 'node:worker_threads';
import { renderPack } from './render.js';
import type { RenderReply, RenderRequest } from './renderer.js';

const port = parentPort!;

port.on('message', (request: RenderRequest) => {
  // A Buffer crosses threads as a plain Uint8Array: pdfkit and docx want a Buffer.
  const image = request.boardImage ? Buffer.from(request.boardImage.buffer, request.boardImage.byteOffset, request.boardImage.byteLength) : null;
  renderPack(request.pack, request.format, image).then(
    (bytes) => {
      // A fresh copy owns its memory (a Buffer may be a slice of a shared pool), so it can be moved, not copied.
      const owned = new Uint8Array(bytes);
      port.postMessage({ id: request.id, ok: true, bytes: owned } satisfies RenderReply, [owned.buffer]);
    },
    (err: Error) => port.postMessage({ id: request.id, ok: false, message: err.message } satisfies RenderReply),
  );
});
