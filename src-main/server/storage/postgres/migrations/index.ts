// The PostgreSQL schema's numbered migrations, applied in order, each exactly once
// (storage/postgres/migrate.ts records them in schema_migrations). 001–005 mirror the
// meaning of SQLite's migrations of the same numbers (db/migrations/); from 006 on the
// numbers are PostgreSQL's own. Append; never edit a shipped one.
import init from './001-init'
import uploads from './002-uploads'
import invites from './003-invites'
import sessions from './004-sessions'
import chatExtensions from './005-chat-extensions'
import derivedPreviews from './006-derived-previews'
import changedMessagesIndex from './007-changed-messages-index'

export const PG_MIGRATIONS: readonly string[] = [init, uploads, invites, sessions, chatExtensions, derivedPreviews, changedMessagesIndex]
