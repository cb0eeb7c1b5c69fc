// `parley copy-to-postgres`: moves a SQLite server (running or stopped) to PostgreSQL.
//   1. snapshot the SQLite database (copy/snapshot.ts): the copy is of that moment;
//   2. bring the target's schema up to date (the PostgreSQL engine's migrations) and
//      refuse one holding chat data unless `replace`;
//   3. media files and the signing secret into the cluster's shared folder
//      (copy/media-copy.ts), before the rows, so a database that names a file never
//      comes without it;
//   4. the rows in one transaction (copy/copy-tables.ts): lock or empty the target,
//      copy (each message with its search words), move the sequences, commit;
//   5. check (copy/check.ts): every table's count and digest on both sides, every media
//      file's size and SHA-256 in the shared folder.
// `checkCopy` runs step 5 alone (--check-only): a copy made earlier, checked again.
import pg from 'pg'
import { resolve } from 'node:path'
import { migratePostgres } from '../storage/postgres/migrate'
import { clientConfig } from '../storage/postgres/pool'
import { checkMedia, checkTables, tablesMatch, type MediaCheck, type TableCheck } from './check'
import { copyTables } from './copy-tables'
import { attachmentFilePath, copyMedia, describeMedia, type MediaFile } from './media-copy'
import { stderrSink, type ProgressSink } from './progress'
import { moveSequences } from './sequences'
import { takeSnapshot, type Snapshot } from './snapshot'
import { checkTargetEmpty, claimTarget } from './target-guard'
import { readTargetSchema } from './target-schema'

export interface CopyOptions {
  /** The SQLite server's data folder (parley.db, media/). */
  dataDir: string
  databaseUrl: string
  /** The folder the cluster's nodes share (serve --media): the server's media/ and secret.key are copied into it. */
  sharedDir: string
  /** Delete the target's chat data first (in the copy's transaction). */
  replace?: boolean
  /** Progress lines (default: stderr). */
  progress?: ProgressSink
}

export interface CopyReport {
  snapshotAt: Date
  tables: TableCheck[]
  media: MediaCheck
  /** Null for a check alone. */
  mediaCopy: { copied: number; alreadyThere: number } | null
  /** Chunked uploads in progress at the snapshot: not copied, their senders start them again. */
  uploadsSkipped: number
  /** Attachments whose file is not in the source media folder (deleted after the snapshot, or lost before). */
  missingFiles: string[]
  ok: boolean
}

/** A bulk load leaves the planner without statistics for the tables it filled. */
const ANALYZED = 'messages, reactions, message_mentions, message_actions, users, conversations, participants, attachments'

export async function copyToPostgres(options: CopyOptions): Promise<CopyReport> {
  const sink = options.progress ?? stderrSink
  const replace = options.replace ?? false
  return withSource(options, async (snapshot, client, sharedDir) => {
    await migratePostgres(client)
    const schema = await readTargetSchema(client)
    await checkTargetEmpty(client, replace)
    const media = await copyMedia(resolve(options.dataDir), sharedDir, sink)
    await client.query('BEGIN')
    try {
      await claimTarget(client, replace)
      await copyTables(snapshot.db, client, schema, sink)
      await moveSequences(client, snapshot.db)
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    }
    await client.query(`ANALYZE ${ANALYZED}`)
    const { copied, alreadyThere } = media
    return { ...(await check(snapshot, client, media.files, sharedDir, sink)), mediaCopy: { copied, alreadyThere } }
  })
}

export async function checkCopy(options: CopyOptions): Promise<CopyReport> {
  const sink = options.progress ?? stderrSink
  return withSource(options, async (snapshot, client, sharedDir) => {
    await readTargetSchema(client)
    const files = await describeMedia(resolve(options.dataDir), sink)
    return { ...(await check(snapshot, client, files, sharedDir, sink)), mediaCopy: null }
  })
}

async function withSource<T>(options: CopyOptions, work: (snapshot: Snapshot, client: pg.Client, sharedDir: string) => Promise<T>): Promise<T> {
  const snapshot = await takeSnapshot(resolve(options.dataDir))
  const client = new pg.Client(clientConfig(options.databaseUrl))
  try {
    await client.connect()
    return await work(snapshot, client, resolve(options.sharedDir))
  } finally {
    await client.end().catch(() => undefined)
    snapshot.close()
  }
}

async function check(snapshot: Snapshot, client: pg.ClientBase, files: MediaFile[], sharedDir: string, sink: ProgressSink): Promise<Omit<CopyReport, 'mediaCopy'>> {
  const tables = await checkTables(snapshot.db, client, sink)
  const media = await checkMedia(files, sharedDir, sink)
  const present = new Set(files.map((file) => file.path))
  const storedPaths = snapshot.db.prepare('SELECT stored_path FROM attachments ORDER BY id').pluck().all() as string[]
  return {
    snapshotAt: snapshot.takenAt,
    tables,
    media,
    uploadsSkipped: Number(snapshot.db.prepare('SELECT count(*) FROM uploads').pluck().get()),
    missingFiles: storedPaths.filter((path) => !present.has(attachmentFilePath(path))),
    ok: tables.every(tablesMatch) && media.mismatched.length === 0,
  }
}
