// Invite codes: created by the host, each good for exactly one registration. Claiming is a
// single conditional UPDATE, so two registrations racing for one code cannot both win.
import { randomInt } from 'node:crypto'
import type { InviteCode } from '../../../src-shared/ipc/contract'
import type { Db } from '../db/open-database'

interface InviteRow {
  code: string
  created_at: string
  used_at: string | null
  used_by: number | null
  used_by_email: string | null
}

export type ClaimResult = 'claimed' | 'used' | 'unknown'

// Crockford-style alphabet: no 0/O, 1/I/L, U; readable aloud and typed on a phone.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
const GROUPS = 3
const GROUP_LENGTH = 4

export function generateInviteCode(): string {
  const groups: string[] = []
  for (let g = 0; g < GROUPS; g += 1) {
    let group = ''
    for (let i = 0; i < GROUP_LENGTH; i += 1) group += ALPHABET[randomInt(ALPHABET.length)]
    groups.push(group)
  }
  return groups.join('-')
}

/** What people type: case, spaces and dashes do not matter. */
export function normalizeInviteCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, '')
  if (compact.length !== GROUPS * GROUP_LENGTH) return compact
  return compact.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-')
}

export class InvitesRepo {
  private readonly insert
  private readonly all
  private readonly byCode
  private readonly claimUnused
  private readonly markUser
  private readonly release
  private readonly drop

  constructor(db: Db) {
    this.insert = db.prepare<[string, string]>('INSERT INTO invites (code, created_at) VALUES (?, ?)')
    this.all = db.prepare<[], InviteRow>(
      `SELECT i.*, u.email AS used_by_email FROM invites i LEFT JOIN users u ON u.id = i.used_by ORDER BY i.created_at DESC, i.code`,
    )
    this.byCode = db.prepare<[string], InviteRow>(
      'SELECT i.*, u.email AS used_by_email FROM invites i LEFT JOIN users u ON u.id = i.used_by WHERE i.code = ?',
    )
    this.claimUnused = db.prepare<[string, string]>('UPDATE invites SET used_at = ? WHERE code = ? AND used_at IS NULL')
    this.markUser = db.prepare<[number, string]>('UPDATE invites SET used_by = ? WHERE code = ?')
    this.release = db.prepare<[string]>('UPDATE invites SET used_at = NULL WHERE code = ? AND used_by IS NULL')
    this.drop = db.prepare<[string]>('DELETE FROM invites WHERE code = ? AND used_at IS NULL')
  }

  create(): InviteCode {
    // 30^12 codes: a collision is practically impossible, but the primary key would catch it.
    for (;;) {
      const code = generateInviteCode()
      const createdAt = new Date().toISOString()
      try {
        this.insert.run(code, createdAt)
        return { code, createdAt, usedAt: null, usedBy: null }
      } catch (error) {
        if (!/UNIQUE|PRIMARY KEY/i.test(String(error))) throw error
      }
    }
  }

  list(): InviteCode[] {
    return this.all.all().map(toInvite)
  }

  /** Marks the code used, if it was unused: one conditional update, so a code is never spent twice. */
  claim(input: string): ClaimResult {
    const code = normalizeInviteCode(input)
    if (this.claimUnused.run(new Date().toISOString(), code).changes === 1) return 'claimed'
    return this.byCode.get(code) ? 'used' : 'unknown'
  }

  /** Records who registered with a claimed code (after the user row exists). */
  recordUser(input: string, userId: number): void {
    this.markUser.run(userId, normalizeInviteCode(input))
  }

  /** Gives a claimed code back when no account came of it. */
  unclaim(input: string): void {
    this.release.run(normalizeInviteCode(input))
  }

  /** Deletes an unused code; false when there is no unused code like it. */
  revoke(input: string): boolean {
    return this.drop.run(normalizeInviteCode(input)).changes === 1
  }
}

function toInvite(row: InviteRow): InviteCode {
  return {
    code: row.code,
    createdAt: row.created_at,
    usedAt: row.used_at,
    usedBy: row.used_by_email,
  }
}
