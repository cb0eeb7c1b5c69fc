// Users (UsersStore): db/users-repo.ts on PostgreSQL. Removed users stay (inactive) so
// their messages keep a sender. A change that ends tokens (password, removal, revival)
// raises token_version and NOTIFYs in the same statement, so every node's socket sweep
// hears of it once it is committed (auth-changes.ts).
import type { User } from '../../../../src-shared/protocol/types'
import { toUser, withHash, type UserRow } from '../../db/users-repo'
import type { UsersStore, UserWithHash } from '../storage'
import { AUTH_CHANNEL } from './auth-changes'
import type { Queryable } from './queryable'

const NOTIFY = `SELECT pg_notify('${AUTH_CHANNEL}', '')`

export class PgUsers implements UsersStore {
  constructor(private readonly db: Queryable) {}

  async find(id: number): Promise<UserWithHash | null> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])
    return withHash(rows[0])
  }

  async findActive(id: number): Promise<User | null> {
    const found = await this.find(id)
    return found?.active ? found.user : null
  }

  async tokenVersion(id: number): Promise<number | null> {
    const { rows } = await this.db.query<{ token_version: number }>('SELECT token_version FROM users WHERE id = $1', [id])
    return rows[0]?.token_version ?? null
  }

  async activeTokenVersions(ids: readonly number[]): Promise<Map<number, number>> {
    const { rows } = await this.db.query<{ id: number; token_version: number }>(
      'SELECT id, token_version FROM users WHERE is_active = 1 AND id = ANY($1::bigint[])', [ids],
    )
    return new Map(rows.map((row) => [row.id, row.token_version]))
  }

  async findByEmail(email: string): Promise<UserWithHash | null> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email.trim()])
    return withHash(rows[0])
  }

  /** One statement: a new row, or the removed user with this email revived (its old tokens stay ended); null when the email is taken. */
  async create(input: { email: string; fullName: string; userType: string; passwordHash: string }): Promise<User | null> {
    const { rows } = await this.db.query<UserRow>(
      `WITH saved AS (
         INSERT INTO users (email, full_name, user_type, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ((lower(email))) DO UPDATE
           SET full_name = EXCLUDED.full_name, user_type = EXCLUDED.user_type, password_hash = EXCLUDED.password_hash,
               is_active = 1, token_version = users.token_version + 1
           WHERE users.is_active = 0
         RETURNING *
       )
       SELECT saved.*, pg_notify('${AUTH_CHANNEL}', '') FROM saved`,
      [input.email, input.fullName, input.userType, input.passwordHash, new Date().toISOString()],
    )
    const row = rows[0]
    return row ? toUser(row) : null
  }

  async setPasswordHash(id: number, hash: string): Promise<void> {
    await this.db.query(
      `WITH changed AS (UPDATE users SET password_hash = $1, token_version = token_version + 1 WHERE id = $2) ${NOTIFY}`, [hash, id],
    )
  }

  async remove(id: number): Promise<void> {
    await this.db.query(`WITH changed AS (UPDATE users SET is_active = 0, token_version = token_version + 1 WHERE id = $1) ${NOTIFY}`, [id])
  }

  async list(): Promise<User[]> {
    const { rows } = await this.db.query<UserRow>('SELECT * FROM users WHERE is_active = 1 ORDER BY id')
    return rows.map(toUser)
  }

  /** Case-insensitive substring search over email and name, excluding the asker (SQLite: LIKE, ORDER BY NOCASE). */
  async searchDirectory(askerId: number, query: string, limit: number): Promise<User[]> {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const { rows } = await this.db.query<UserRow>(
      `SELECT * FROM users WHERE is_active = 1 AND id <> $1 AND (email ILIKE $2 OR full_name ILIKE $2)
        ORDER BY lower(full_name) COLLATE "C", id LIMIT $3`,
      [askerId, pattern, limit],
    )
    return rows.map(toUser)
  }

  async existingActive(ids: readonly number[]): Promise<Set<number>> {
    const { rows } = await this.db.query<{ id: number }>('SELECT id FROM users WHERE is_active = 1 AND id = ANY($1::bigint[])', [ids])
    return new Set(rows.map((row) => row.id))
  }
}
