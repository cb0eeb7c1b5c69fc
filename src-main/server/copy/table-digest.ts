// A table's fingerprint for the check: its row count and the SHA-256 of its rows in key
// order, each row the JSON array of its canonical values (copy/canonical.ts) and a newline.
// Both engines feed the same rows in the same order, so equal digests mean equal tables.
import { createHash } from 'node:crypto'
import type { CanonicalRow } from './canonical'

export interface TableDigest {
  rows: number
  sha256: string
}

export class TableDigester {
  private readonly hash = createHash('sha256')
  private rows = 0

  add(row: CanonicalRow): void {
    this.hash.update(`${JSON.stringify(row)}\n`)
    this.rows += 1
  }

  digest(): TableDigest {
    return { rows: this.rows, sha256: this.hash.digest('hex') }
  }
}
