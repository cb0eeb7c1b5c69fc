// LAN invite codes (InvitesStore): lan/invites-repo.ts on PostgreSQL. Claiming is one
// conditional UPDATE, so two registrations racing for a code (on any nodes) cannot both win.
import type { InviteCode } from '../../../../src-shared/ipc/contract'
import { generateInviteCode, normalizeInviteCode } from '../../lan/invites-repo'
import type { ClaimResult, InvitesStore } from '../storage'
import type { Queryable } from './queryable'

interface InviteRow {
  code: string
  created_at: string
  used_at: string | null
  used_by_email: string | null
}

const SELECT_INVITE = 'SELECT i.code, i.created_at, i.used_at, u.email AS used_by_email FROM invites i LEFT JOIN users u ON u.id = i.used_by'

export class PgInvites implements InvitesStore {
  constructor(private readonly db: Queryable) {}

  async create(): Promise<InviteCode> {
    // 30^12 codes: a collision is practically impossible, but the primary key would catch it.
    for (;;) {
      const code = generateInviteCode()
      const createdAt = new Date().toISOString()
      const { rowCount } = await this.db.query('INSERT INTO invites (code, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [code, createdAt])
      if (rowCount === 1) return { code, createdAt, usedAt: null, usedBy: null }
    }
  }

  async list(): Promise<InviteCode[]> {
    const { rows } = await this.db.query<InviteRow>(`${SELECT_INVITE} ORDER BY i.created_at DESC, i.code`)
    return rows.map(toInvite)
  }

  async claim(input: string): Promise<ClaimResult> {
    const code = normalizeInviteCode(input)
    const { rowCount } = await this.db.query('UPDATE invites SET used_at = $1 WHERE code = $2 AND used_at IS NULL', [new Date().toISOString(), code])
    if (rowCount === 1) return 'claimed'
    const { rows } = await this.db.query(`${SELECT_INVITE} WHERE i.code = $1`, [code])
    return rows.length > 0 ? 'used' : 'unknown'
  }

  async recordUser(input: string, userId: number): Promise<void> {
    await this.db.query('UPDATE invites SET used_by = $1 WHERE code = $2', [userId, normalizeInviteCode(input)])
  }

  async unclaim(input: string): Promise<void> {
    await this.db.query('UPDATE invites SET used_at = NULL WHERE code = $1 AND used_by IS NULL', [normalizeInviteCode(input)])
  }

  async revoke(input: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM invites WHERE code = $1 AND used_at IS NULL', [normalizeInviteCode(input)])
    return rowCount === 1
  }
}

function toInvite(row: InviteRow): InviteCode {
  return { code: row.code, createdAt: row.created_at, usedAt: row.used_at, usedBy: row.used_by_email }
}
