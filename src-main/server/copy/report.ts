// The report printed after a copy or a check: what the snapshot is, a table of counts
// and digests from both sides, the media files, what was left out, and the verdict.
import { tablesMatch } from './check'
import type { CopyReport } from './copy-to-postgres'

/** Enough of a SHA-256 to tell two apart by eye; equality is decided on the whole digest. */
const SHOWN_HEX = 16

export function formatReport(report: CopyReport): string[] {
  const lines = [
    `Source: the SQLite database as of its snapshot at ${report.snapshotAt.toISOString()}.`,
    'Writes made after the snapshot are not included. For the final move: stop the SQLite server,',
    'then run this command again with --replace (it copies the rows again and only the new media files).',
    '',
  ]
  const rows = [
    ['table', 'SQLite rows', 'PostgreSQL rows', 'SQLite sha256', 'PostgreSQL sha256', ''],
    ...report.tables.map((check) => [
      check.table, count(check.source.rows), count(check.target.rows),
      check.source.sha256.slice(0, SHOWN_HEX), check.target.sha256.slice(0, SHOWN_HEX), tablesMatch(check) ? 'ok' : 'MISMATCH',
    ]),
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  for (const row of rows) lines.push(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd())
  lines.push('')
  const { media } = report
  const copied = report.mediaCopy ? ` (${count(report.mediaCopy.copied)} copied, ${count(report.mediaCopy.alreadyThere)} already there)` : ''
  lines.push(`Files (media and the signing secret): ${count(media.files)}, ${count(media.bytes)} bytes${copied}; size and sha256 checked in the shared folder: ${media.mismatched.length === 0 ? 'ok' : `${count(media.mismatched.length)} MISMATCH`}`)
  for (const path of media.mismatched.slice(0, 20)) lines.push(`  differs or missing: ${path}`)
  if (report.uploadsSkipped > 0) lines.push(`Not copied: ${count(report.uploadsSkipped)} chunked upload${report.uploadsSkipped === 1 ? '' : 's'} in progress (their senders' apps start them again).`)
  if (report.missingFiles.length > 0) {
    lines.push(`Warning: ${count(report.missingFiles.length)} attachments name a file that is not in the source media folder (deleted since the snapshot, or lost before it):`)
    for (const path of report.missingFiles.slice(0, 20)) lines.push(`  ${path}`)
  }
  lines.push(report.ok ? 'Check passed: every table and every media file match.' : 'Check FAILED: see MISMATCH above.')
  return lines
}

function count(value: number): string {
  return value.toLocaleString('en-US')
}
