/**
 * `npm run backup [-- <directory>]`: a consistent copy of the store, safe while the server runs.
 *
 * Each file is copied with SQLite's online backup API, which reads a consistent snapshot of the
 * database and its WAL together. Copying `groupmap.db` on its own (cp, rsync, a disk snapshot of
 * that file) is not a backup: the newest commits live in `groupmap.db-wal` until a checkpoint,
 * and a copy without them silently lacks acknowledged work. Each copy is checked (PRAGMA
 * quick_check) before the script says it is done. Without a directory, the copy goes to
 * `<GROUPMAP_DATA_DIR>/../groupmap-backups/<time>`.
 *
 * The two files are copied one after the other: the boards may be a moment newer than the log.
 * Restore by stopping the server and pointing GROUPMAP_DATA_DIR at the copy (or copying both files
 * in place of the old ones and their -wal and -shm files).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../server/config.js';
import { BOARDS_FILE } from '../server/store/boardTables.js';
import { quickCheckProblems } from '../server/store/schema.js';

const FILES = ['groupmap.db', BOARDS_FILE];

async function backup(dataDir: string, target: string): Promise<void> {
  if (!fs.existsSync(path.join(dataDir, 'groupmap.db'))) throw new Error(`no store in ${dataDir}`);
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) throw new Error(`${target} is not empty`);
  // The copy holds case content: only its owner may read it.
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const file of FILES) {
    const source = path.join(dataDir, file);
    if (!fs.existsSync(source)) continue;
    const started = Date.now();
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(path.join(target, file));
    } finally {
      db.close();
    }
    // One self-contained file each (no -wal beside it), checked; the server turns WAL on again when it opens it.
    const copy = new Database(path.join(target, file));
    copy.pragma('journal_mode = DELETE');
    const problems = quickCheckProblems(copy);
    copy.close();
    if (problems > 0) throw new Error(`the copy of ${file} fails its check (${problems} problems): try again`);
    fs.chmodSync(path.join(target, file), 0o600);
    const mb = (fs.statSync(path.join(target, file)).size / 1024 / 1024).toFixed(1);
    console.log(`${file}: ${mb} MB copied and checked in ${Date.now() - started} ms`);
  }
  console.log(`backup in ${target}`);
}

try {
  const { dataDir } = loadConfig();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.resolve(process.argv[2] ?? path.join(dataDir, '..', 'groupmap-backups', stamp));
  await backup(dataDir, target);
} catch (err) {
  console.error(`groupmap backup failed: ${err instanceof ConfigError ? err.message : (err as Error).message}`);
  process.exit(1);
}
