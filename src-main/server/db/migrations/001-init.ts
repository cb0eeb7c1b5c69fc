// Users, conversations, participants, attachments and messages.
// `direct_key` ("<low id>:<high id>") makes a 1:1 conversation unique per pair.
// `last_message_*` is denormalized so the conversation list needs no per-row subquery.
export default /* sql */ `
CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  full_name     TEXT    NOT NULL,
  user_type     TEXT    NOT NULL DEFAULT 'talker',
  password_hash TEXT    NOT NULL,
  is_active     INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT    NOT NULL
);

CREATE TABLE conversations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  title           TEXT    NOT NULL DEFAULT '',
  direct_key      TEXT    UNIQUE,
  created_at      TEXT    NOT NULL,
  last_message_id INTEGER,
  last_message_at TEXT
);

CREATE TABLE participants (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;
CREATE INDEX participants_by_user ON participants(user_id, conversation_id);

CREATE TABLE attachments (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  stored_path TEXT    NOT NULL UNIQUE,
  filename    TEXT    NOT NULL,
  file_size   INTEGER NOT NULL,
  file_type   TEXT    NOT NULL,
  uploaded_at TEXT    NOT NULL
);

CREATE TABLE messages (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  sender_id       INTEGER NOT NULL REFERENCES users(id),
  content         TEXT    NOT NULL,
  message_type    TEXT    NOT NULL CHECK (message_type IN ('text', 'file')),
  is_read         INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT    NOT NULL,
  client_id       TEXT,
  attachment_id   INTEGER REFERENCES attachments(id)
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_unread ON messages(conversation_id, sender_id) WHERE is_read = 0;
CREATE UNIQUE INDEX messages_client_id ON messages(sender_id, client_id) WHERE client_id IS NOT NULL;
`
