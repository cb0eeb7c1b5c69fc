// What `copy-to-postgres` moves: every SQLite table that carries state, in an order that
// satisfies the foreign keys (a reply points at an older message, so messages in id order
// do too), with the columns both engines share and the key the rows are read in.
//
// Not copied, on purpose:
// - uploads: chunked uploads in progress; their .part files stay behind and the senders'
//   apps start them again (the copy says how many there were).
// - messages_fts and search_backlog: SQLite's search index; the target builds its own
//   (copy/search-rebuild.ts).
// - revision_counter: the target's revision source is moved past the highest revision
//   copied (copy/sequences.ts) instead.
// - conversations.last_message_id and last_message_at: SQLite's stored previews; on
//   PostgreSQL a preview is read from the conversation's newest message.
//
// Column kinds say what a value means, so both sides can be written in one canonical text
// (copy/canonical.ts) however each engine stores it (0/1 or boolean, ISO text or timestamptz).

export type ColumnKind = 'int' | 'text' | 'bool' | 'time'

export interface Column {
  name: string
  kind: ColumnKind
  nullable: boolean
}

export interface CopiedTable {
  name: string
  columns: readonly Column[]
  /** Primary key columns: rows are read and hashed in this order on both sides. */
  key: readonly string[]
  /**
   * SQLite order the rows are inserted in when it differs from `key`: reactions keep the
   * order they were first used in (their rowid), which the target's own id must keep.
   */
  insertOrder?: string
}

const int = (name: string, nullable = false): Column => ({ name, kind: 'int', nullable })
const text = (name: string, nullable = false): Column => ({ name, kind: 'text', nullable })
const bool = (name: string): Column => ({ name, kind: 'bool', nullable: false })
const time = (name: string, nullable = false): Column => ({ name, kind: 'time', nullable })

export const COPIED_TABLES: readonly CopiedTable[] = [
  {
    name: 'users',
    columns: [int('id'), text('email'), text('full_name'), text('user_type'), text('password_hash'), bool('is_active'), time('created_at'), int('token_version')],
    key: ['id'],
  },
  {
    name: 'conversations',
    columns: [int('id'), text('title'), text('direct_key', true), time('created_at')],
    key: ['id'],
  },
  { name: 'participants', columns: [int('conversation_id'), int('user_id')], key: ['conversation_id', 'user_id'] },
  {
    name: 'attachments',
    columns: [int('id'), text('stored_path'), text('filename'), int('file_size'), text('file_type'), time('uploaded_at')],
    key: ['id'],
  },
  {
    name: 'messages',
    columns: [
      int('id'), int('conversation_id'), int('sender_id'), text('content'), text('message_type'), bool('is_read'), time('created_at'),
      text('client_id', true), int('attachment_id', true), time('edited_at', true), time('deleted_at', true), int('revision'), int('reply_to', true),
    ],
    key: ['id'],
  },
  {
    name: 'reactions',
    columns: [int('message_id'), int('user_id'), text('emoji'), time('created_at')],
    key: ['message_id', 'user_id', 'emoji'],
    insertOrder: 'rowid',
  },
  { name: 'message_mentions', columns: [int('message_id'), int('position'), int('user_id')], key: ['message_id', 'position'] },
  {
    name: 'message_actions',
    columns: [int('sender_id'), text('client_id'), int('message_id'), text('kind'), time('created_at')],
    key: ['sender_id', 'client_id'],
  },
  {
    name: 'sessions',
    columns: [text('id'), int('user_id'), text('refresh_jti'), time('created_at'), int('expires_at'), time('revoked_at', true)],
    key: ['id'],
  },
  { name: 'invites', columns: [text('code'), time('created_at'), time('used_at', true), int('used_by', true)], key: ['code'] },
]

/** Text key columns: PostgreSQL must order them byte-wise (COLLATE "C") as SQLite's BINARY does. */
export function isTextKey(table: CopiedTable, column: string): boolean {
  return table.columns.some((c) => c.name === column && c.kind === 'text')
}
