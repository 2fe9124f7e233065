/**
 * The pack renderer's thread (see renderer.ts): renders one pack at a time, in the order asked,
 * and answers with the file's bytes or the error's message.
 */
import { parentPort } from 'node:worker_threads';
import { asBuffers } from '../threads.js';
import { renderPack } from './render.js';
import type { RenderReply, RenderRequest } from './renderer.js';

const port = parentPort!;

port.on('message', (request: RenderRequest) => {
  renderPack(request.pack, request.format, asBuffers(request.boardImages)).then(
    (bytes) => port.postMessage({ id: request.id, ok: true, bytes } satisfies RenderReply),
    (err: Error) => port.postMessage({ id: request.id, ok: false, message: err.message } satisfies RenderReply),
  );
});
