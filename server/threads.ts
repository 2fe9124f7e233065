/**
 * Worker threads that run this server's TypeScript. The server runs through tsx; a worker thread
 * starts without its parent's module loader, so the thread registers tsx before importing its
 * entry. Used by the store's checkpointer and the pack renderer.
 */
import { Worker } from 'node:worker_threads';

export function startTsWorker(entry: URL, workerData?: unknown): Worker {
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
