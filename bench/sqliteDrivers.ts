/**
 * better-sqlite3 against Node's built-in node:sqlite, on the store's own work: the group commit of
 * the command log (with and without an fsync per commit), the per-command credential lookup, a
 * board's records written after a change, and a restart's read of every session's log.
 * Run: `node --import tsx bench/sqliteDrivers.ts` (each driver in turn, twice, interleaved).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import BetterSqlite3 from 'better-sqlite3';

interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Driver {
  name: string;
  version: string;
  open(file: string): { exec(sql: string): void; prepare(sql: string): Statement; close(): void };
}

const drivers: Driver[] = [
  {
    name: 'better-sqlite3',
    version: new BetterSqlite3(':memory:').prepare('SELECT sqlite_version() AS v').pluck().get() as string,
    open: (file) => {
      const db = new BetterSqlite3(file);
      return {
        exec: (sql) => void db.exec(sql),
        prepare: (sql) => db.prepare(sql) as unknown as Statement,
        close: () => db.close(),
      };
    },
  },
  {
    name: 'node:sqlite',
    version: (new DatabaseSync(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    open: (file) => {
      const db = new DatabaseSync(file);
      return {
        exec: (sql) => db.exec(sql),
        prepare: (sql) => db.prepare(sql) as unknown as Statement,
        close: () => db.close(),
      };
    },
  },
];

const SCHEMA = `
CREATE TABLE commands (session_id TEXT NOT NULL, seq INTEGER NOT NULL, command_id TEXT NOT NULL, actor_id TEXT, at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX commands_dedupe ON commands (session_id, actor_id, command_id);
CREATE TABLE credentials (hash TEXT PRIMARY KEY, session_id TEXT NOT NULL, role TEXT NOT NULL, member_id TEXT) WITHOUT ROWID;
CREATE TABLE board_records (session_id TEXT NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL, last_changed_clock INTEGER NOT NULL, PRIMARY KEY (session_id, id)) WITHOUT ROWID;
`;

const body = JSON.stringify({
  type: 'item.submit',
  id: 'c'.repeat(12),
  itemId: 'i'.repeat(12),
  stageId: 'working-well',
  text: 'Who helps at bedtime when Dad is on nights? '.repeat(3),
});
const record = JSON.stringify({
  id: 'shape:x',
  typeName: 'shape',
  type: 'note',
  x: 10,
  y: 20,
  props: {
    richText: {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'Question: what would the grandmother say is working well at bedtime?' }],
        },
      ],
    },
  },
});

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const r2 = (n: number) => Math.round(n * 100) / 100;

function measure(count: number, op: (i: number) => void) {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    op(i);
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  return { perSecond: Math.round(count / (total / 1000)), p50Ms: r2(pct(times, 50)), p99Ms: r2(pct(times, 99)) };
}

function run(driver: Driver) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groupmap-sqlite-'));
  const db = driver.open(path.join(dir, 'bench.db'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(SCHEMA);
  const insert = db.prepare(
    'INSERT INTO commands (session_id, seq, command_id, actor_id, at, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const credential = db.prepare('SELECT session_id, role, member_id FROM credentials WHERE hash = ?');
  const addCredential = db.prepare('INSERT INTO credentials (hash, session_id, role, member_id) VALUES (?, ?, ?, ?)');
  const putRecord = db.prepare(
    'INSERT OR REPLACE INTO board_records (session_id, id, state, last_changed_clock) VALUES (?, ?, ?, ?)',
  );
  const tail = db.prepare('SELECT seq, actor_id, at, body FROM commands WHERE session_id = ? AND seq > ? ORDER BY seq');
  let seq = 0;
  const commit = (rows: number) => {
    db.exec('BEGIN');
    for (let k = 0; k < rows; k++) {
      seq++;
      insert.run(`s${seq % 200}`, seq, `cmd${seq}`, `m${seq % 12}`, Date.now(), body);
    }
    db.exec('COMMIT');
  };
  db.exec('PRAGMA synchronous = FULL');
  const commitFull1 = measure(2000, () => commit(1));
  const commitFull10 = measure(1000, () => commit(10));
  db.exec('PRAGMA synchronous = NORMAL');
  const commitNormal10 = measure(3000, () => commit(10));
  db.exec('BEGIN');
  for (let i = 0; i < 10_000; i++) addCredential.run(`hash${i}`.padEnd(64, 'x'), `s${i % 200}`, 'participant', `m${i}`);
  db.exec('COMMIT');
  const lookup = measure(50_000, (i) => credential.get(`hash${(i * 7919) % 10_000}`.padEnd(64, 'x')));
  const boardFlush = measure(3000, (i) => {
    db.exec('BEGIN');
    for (let k = 0; k < 20; k++) putRecord.run(`s${i % 100}`, `shape:${k}`, record, i);
    db.exec('COMMIT');
  });
  const restart = measure(20, () => {
    for (let s = 0; s < 200; s++) tail.all(`s${s}`, 0);
  });
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    driver: driver.name,
    sqlite: driver.version,
    commitFull1,
    commitFull10,
    commitNormal10,
    lookup,
    boardFlush,
    restartReadAll: restart,
  };
}

const results = [];
for (let round = 0; round < 2; round++)
  for (const d of round === 0 ? drivers : [...drivers].reverse()) results.push(run(d));
for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
