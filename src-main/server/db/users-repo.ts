// Users table access. Removed users are kept (inactive) so the messages they sent still
// name their sender; they cannot sign in, connect or be found.
import type { User } from '../../../src-shared/protocol/types'
import type { Db } from './open-database'

/** A users row as both engines read it. */
export interface UserRow {
  id: number
  email: string
  full_name: string
  user_type: string
  password_hash: string
  is_active: number
  token_version: number
}

export interface UserWithHash {
  user: User
  passwordHash: string
  active: boolean
  /** Carried by every token of this user; raised to invalidate them all (auth/sessions.ts). */
  tokenVersion: number
}

export function toUser(row: { id: number; email: string; user_type: string; full_name: string }): User {
  return { id: row.id, email: row.email, user_type: row.user_type, full_name: row.full_name }
}

export class UsersRepo {
  private readonly byId
  private readonly byEmail
  private readonly insert
  private readonly reactivate
  private readonly setHash
  private readonly deactivate
  private readonly listActive
  private readonly search
  private readonly activeIds
  private readonly versions

  constructor(db: Db) {
    this.byId = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?')
    this.byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?')
    this.insert = db.prepare<[string, string, string, string, string]>(
      'INSERT INTO users (email, full_name, user_type, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    this.reactivate = db.prepare<[string, string, string, number]>(
      'UPDATE users SET full_name = ?, user_type = ?, password_hash = ?, is_active = 1, token_version = token_version + 1 WHERE id = ?',
    )
    // A new password or a removed account ends every session: tokens carry the old version.
    this.setHash = db.prepare<[string, number]>('UPDATE users SET password_hash = ?, token_version = token_version + 1 WHERE id = ?')
    this.deactivate = db.prepare<[number]>('UPDATE users SET is_active = 0, token_version = token_version + 1 WHERE id = ?')
    this.listActive = db.prepare<[], UserRow>('SELECT * FROM users WHERE is_active = 1 ORDER BY id')
    this.search = db.prepare<[number, string, string, number], UserRow>(
      `SELECT * FROM users WHERE is_active = 1 AND id != ?
         AND (email LIKE ? ESCAPE '\\' OR full_name LIKE ? ESCAPE '\\')
       ORDER BY full_name COLLATE NOCASE, id LIMIT ?`,
    )
    this.activeIds = db.prepare<[string], { id: number }>(
      'SELECT id FROM users WHERE is_active = 1 AND id IN (SELECT value FROM json_each(?))',
    )
    this.versions = db.prepare<[string], { id: number; is_active: number; token_version: number }>(
      'SELECT id, is_active, token_version FROM users WHERE id IN (SELECT value FROM json_each(?))',
    )
  }

  find(id: number): UserWithHash | null {
    return withHash(this.byId.get(id))
  }

  findActive(id: number): User | null {
    const found = this.find(id)
    return found?.active ? found.user : null
  }

  tokenVersion(id: number): number | null {
    return this.byId.get(id)?.token_version ?? null
  }

  /** Token version of each of `ids` that is an active user (removed and unknown ids are left out). */
  activeTokenVersions(ids: readonly number[]): Map<number, number> {
    return new Map(this.versions.all(JSON.stringify(ids)).filter((row) => row.is_active === 1).map((row) => [row.id, row.token_version]))
  }

  findByEmail(email: string): UserWithHash | null {
    return withHash(this.byEmail.get(email.trim()))
  }

  /** Inserts a user, or revives a removed one with the same email. Null when the email is taken. */
  create(input: { email: string; fullName: string; userType: string; passwordHash: string }): User | null {
    const existing = this.byEmail.get(input.email)
    if (existing?.is_active) return null
    if (existing) {
      this.reactivate.run(input.fullName, input.userType, input.passwordHash, existing.id)
      return this.findActive(existing.id)
    }
    const result = this.insert.run(input.email, input.fullName, input.userType, input.passwordHash, new Date().toISOString())
    return this.findActive(Number(result.lastInsertRowid))
  }

  setPasswordHash(id: number, hash: string): void {
    this.setHash.run(hash, id)
  }

  remove(id: number): void {
    this.deactivate.run(id)
  }

  list(): User[] {
    return this.listActive.all().map(toUser)
  }

  /** Case-insensitive substring search over email and name, excluding the asker. */
  searchDirectory(askerId: number, query: string, limit: number): User[] {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return this.search.all(askerId, pattern, pattern, limit).map(toUser)
  }

  /** The subset of `ids` that name active users. */
  existingActive(ids: readonly number[]): Set<number> {
    return new Set(this.activeIds.all(JSON.stringify(ids)).map((r) => r.id))
  }
}

export function withHash(row: UserRow | undefined): UserWithHash | null {
  if (!row) return null
  return { user: toUser(row), passwordHash: row.password_hash, active: row.is_active === 1, tokenVersion: row.token_version }
}
