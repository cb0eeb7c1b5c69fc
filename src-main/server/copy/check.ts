// The check after a copy: every copied table's row count and digest (copy/table-digest.ts)
// computed from the snapshot and, independently, read back from PostgreSQL; every media
// file's size and SHA-256 read back from the target folder. Any difference is a mismatch
// and the command exits non-zero.
import type pg from 'pg'
import { join } from 'node:path'
import type { Db } from '../db/open-database'
import { canonicalRow, CopyDataError, type CanonicalRow } from './canonical'
import { fileDigest, type MediaFile } from './media-copy'
import { pgCount, pgRows } from './pg-rows'
import { progress, type ProgressSink } from './progress'
import { sqliteRows } from './sqlite-rows'
import { TableDigester, type TableDigest } from './table-digest'
import { COPIED_TABLES, type CopiedTable } from './tables'

export interface TableCheck {
  table: string
  source: TableDigest
  target: TableDigest
}

export interface MediaCheck {
  files: number
  bytes: number
  /** Relative paths whose size or SHA-256 differ in the target folder (or that are missing there). */
  mismatched: string[]
}

export function tablesMatch(check: TableCheck): boolean {
  return check.source.rows === check.target.rows && check.source.sha256 === check.target.sha256
}

export async function checkTables(db: Db, client: pg.ClientBase, sink: ProgressSink): Promise<TableCheck[]> {
  const checks: TableCheck[] = []
  // One snapshot of the target for every table: REPEATABLE READ sees the same state throughout.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  try {
    for (const table of COPIED_TABLES) {
      const source = new TableDigester()
      for (const values of sqliteRows(db, table, 'key')) source.add(canonicalRow(table, values))
      const target = await targetDigest(client, table, sink)
      checks.push({ table: table.name, source: source.digest(), target })
    }
  } finally {
    await client.query('COMMIT')
  }
  return checks
}

async function targetDigest(client: pg.ClientBase, table: CopiedTable, sink: ProgressSink): Promise<TableDigest> {
  const shown = progress(sink, `checking ${table.name}`, await pgCount(client, table), 'rows')
  const digester = new TableDigester()
  let read = 0
  for await (const values of pgRows(client, table)) {
    digester.add(targetRow(table, values))
    read += 1
    if (read % 10_000 === 0) shown.update(read)
  }
  shown.update(read)
  return digester.digest()
}

/** A target row no source row could equal (changed there by hand) makes its table differ, not the check fail. */
function targetRow(table: CopiedTable, values: unknown[]): CanonicalRow {
  try {
    return canonicalRow(table, values)
  } catch (error) {
    if (!(error instanceof CopyDataError)) throw error
    return [`not comparable: ${error.message}`]
  }
}

export async function checkMedia(files: readonly MediaFile[], targetRoot: string, sink: ProgressSink): Promise<MediaCheck> {
  const shown = progress(sink, 'checking files', files.length, 'files')
  const check: MediaCheck = { files: files.length, bytes: 0, mismatched: [] }
  for (const [index, file] of files.entries()) {
    const target = await fileDigest(join(targetRoot, ...file.path.split('/'))).catch(() => null)
    if (!target || target.size !== file.size || target.sha256 !== file.sha256) check.mismatched.push(file.path)
    check.bytes += file.size
    shown.update(index + 1)
  }
  return check
}
