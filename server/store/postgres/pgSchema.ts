/**
 * The PostgreSQL store's tables: the same log, snapshots, credentials, audit trail, tombstones and
 * boards as the SQLite files, in one database, plus what nodes sharing it need: each session's
 * fencing epoch and owning node (pgOwnership.ts) and its deletion time, so the retention sweep
 * finds expired sessions without loading them.
 *
 * Nodes may start together: the first takes a transaction-scoped advisory lock and creates or
 * migrates the tables; the others wait for it and find them ready.
 */
import type pg from 'pg';

export const PG_SCHEMA_VERSION = 1;
/** The advisory lock that serializes schema changes across nodes (any constant unique to groupmap). */
const SCHEMA_LOCK = 0x67_72_6f_75_70; // "group"

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id text PRIMARY KEY,
  join_code text NOT NULL UNIQUE,
  status text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  seq integer NOT NULL,
  snapshot_seq integer NOT NULL,
  snapshot text NOT NULL,
  -- The fencing token: one higher at each claim; every write checks it (pgOwnership.ts).
  epoch bigint NOT NULL DEFAULT 0,
  owner text,
  delete_after bigint
);
CREATE INDEX IF NOT EXISTS sessions_delete_after ON sessions (delete_after);
CREATE TABLE IF NOT EXISTS commands (
  session_id text NOT NULL,
  seq integer NOT NULL,
  command_id text NOT NULL,
  actor_id text,
  actor_role text,
  at bigint NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (session_id, seq)
);
CREATE UNIQUE INDEX IF NOT EXISTS commands_dedupe ON commands (session_id, actor_id, command_id);
CREATE TABLE IF NOT EXISTS credentials (
  hash text PRIMARY KEY,
  session_id text NOT NULL,
  kind text NOT NULL,
  role text NOT NULL,
  member_id text
);
CREATE INDEX IF NOT EXISTS credentials_session ON credentials (session_id);
CREATE TABLE IF NOT EXISTS audit (
  id bigserial PRIMARY KEY,
  session_id text NOT NULL,
  at bigint NOT NULL,
  event text NOT NULL,
  role text,
  member_id text,
  detail text
);
CREATE INDEX IF NOT EXISTS audit_session ON audit (session_id);
CREATE TABLE IF NOT EXISTS tombstones (
  key text PRIMARY KEY,
  session_id text NOT NULL,
  kind text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS tombstones_session ON tombstones (session_id);
CREATE TABLE IF NOT EXISTS boards (
  session_id text PRIMARY KEY,
  document_clock bigint NOT NULL,
  schema text NOT NULL,
  updated_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS board_records (
  session_id text NOT NULL,
  id text NOT NULL,
  state text NOT NULL,
  last_changed_clock bigint NOT NULL,
  PRIMARY KEY (session_id, id)
);
CREATE TABLE IF NOT EXISTS board_images (
  session_id text NOT NULL,
  part text NOT NULL,
  png bytea NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (session_id, part)
);
`;

/** Creates the tables, or checks that the database's are this version; a newer database is refused. */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await client.query(SCHEMA);
    const { rows } = await client.query<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'");
    const version = rows[0] ? Number(rows[0].value) : null;
    if (version !== null && version > PG_SCHEMA_VERSION)
      throw new Error(
        `the database was written by a newer groupmap (layout ${version}; this one knows ${PG_SCHEMA_VERSION})`,
      );
    if (version === null)
      await client.query("INSERT INTO meta (key, value) VALUES ('schema_version', $1)", [String(PG_SCHEMA_VERSION)]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
