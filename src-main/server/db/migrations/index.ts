// Numbered migrations, applied in order, each exactly once (PRAGMA user_version).
// They are TypeScript string modules rather than .sql files so they travel inside the
// electron-vite bundle and work unchanged under tsx. Append; never edit a shipped one.
import init from './001-init'
import uploads from './002-uploads'
import invites from './003-invites'
import sessions from './004-sessions'
import chatExtensions from './005-chat-extensions'
import searchBacklog from './006-search-backlog'
import changedMessagesIndex from './007-changed-messages-index'

export const MIGRATIONS: readonly string[] = [init, uploads, invites, sessions, chatExtensions, searchBacklog, changedMessagesIndex]
