// The PostgreSQL schema's numbered migrations, applied in order, each exactly once
// (storage/postgres/migrate.ts records them in schema_migrations). Each mirrors the
// meaning of SQLite's migration of the same number (db/migrations/). Append; never edit
// a shipped one.
import init from './001-init'
import uploads from './002-uploads'
import invites from './003-invites'
import sessions from './004-sessions'
import chatExtensions from './005-chat-extensions'

export const PG_MIGRATIONS: readonly string[] = [init, uploads, invites, sessions, chatExtensions]
