// Unfinished uploads do not live forever: a partial untouched for `maxAgeMs` is deleted
// with its bytes, and a .part file with no row (a crash between the two deletes) goes too.
import { readdir } from 'node:fs/promises'
import type { Logger } from '../logger'
import { partPath, removePart } from './part-file'
import type { UploadsStore } from '../storage/storage'

export const DEFAULT_UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000

export interface SweepInput {
  repo: UploadsStore
  uploadsDir: string
  maxAgeMs: number
  now: Date
  /** Uploads open on a socket right now are never swept. */
  isActive(uploadId: string): boolean
  log: Logger
}

/** Returns how many partial uploads were removed. */
export async function sweepUploads(input: SweepInput): Promise<number> {
  const { repo, uploadsDir, isActive } = input
  let removed = 0
  const cutoff = new Date(input.now.getTime() - input.maxAgeMs).toISOString()
  // Rows go first: once they are gone no stale upload can be resumed any more; only the
  // file deletions are still under way.
  const stale = (await repo.staleSince(cutoff)).filter((record) => !isActive(record.id))
  for (const record of stale) await repo.delete(record.id)
  for (const record of stale) {
    await removePart(partPath(uploadsDir, record.id))
    removed += 1
  }
  // Listing first, rows second: a file listed here had its row inserted before it was
  // created, so a live upload is always in the row set read afterwards.
  const files = await readdir(uploadsDir)
  const ids = await repo.allIds()
  for (const name of files) {
    if (!name.endsWith('.part')) continue
    const id = name.slice(0, -'.part'.length)
    if (ids.has(id) || isActive(id)) continue
    await removePart(partPath(uploadsDir, id))
    removed += 1
  }
  if (removed > 0) input.log.info({ removed }, 'expired partial uploads removed')
  return removed
}
