// Schema of the chat extensions (docs/protocol.md "Chat extensions"): edit, delete,
// reply, reactions, mentions and search.
// - messages.revision: the value of the server-wide counter (revision_counter, one row)
//   when the message last changed (edit, delete, reaction); 0 when never. The changes
//   endpoint pages a conversation's messages by it (index messages_by_revision).
// - A deleted message keeps its row (ids and replies keep their place): text cleared,
//   attachment row dropped (its file leaves media), reactions and mentions removed.
// - reactions keep a rowid so their order of first use is stable; at most one row per
//   (message, user, emoji).
// - message_actions: edits, deletions and reactions carrying a client_id, one row per
//   (sender, client_id), so a resend applies nothing (exactly once).
// - uploads.reply_to/mentions travel with a chunked upload to its file message.
// - messages_fts: full text of each live message's text and file name, rowid = message
//   id, maintained in the same transaction as every insert, edit and delete
//   (db/messages-repo.ts); `unicode61 remove_diacritics 2` folds case and accents, the
//   prefix indexes serve search-as-you-type. `conversation` holds the token "c<id>", so
//   the index itself narrows a search to conversations (db/search-repo.ts) instead of
//   checking each match's row. Backfilled here from the existing messages.
export default /* sql */ `
ALTER TABLE messages ADD COLUMN edited_at TEXT;
ALTER TABLE messages ADD COLUMN deleted_at TEXT;
ALTER TABLE messages ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN reply_to INTEGER REFERENCES messages(id);
CREATE INDEX messages_by_revision ON messages(conversation_id, revision);

CREATE TABLE revision_counter (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO revision_counter (id, value) VALUES (1, 0);

CREATE TABLE reactions (
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  emoji      TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji)
);

CREATE TABLE message_mentions (
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX message_mentions_by_user ON message_mentions(user_id, message_id);

CREATE TABLE message_actions (
  sender_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  client_id  TEXT    NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  kind       TEXT    NOT NULL CHECK (kind IN ('edit', 'delete', 'react')),
  created_at TEXT    NOT NULL,
  PRIMARY KEY (sender_id, client_id)
) WITHOUT ROWID;

ALTER TABLE uploads ADD COLUMN reply_to INTEGER;
ALTER TABLE uploads ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';

CREATE VIRTUAL TABLE messages_fts USING fts5(
  body, filename, conversation,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
INSERT INTO messages_fts (rowid, body, filename, conversation)
  SELECT m.id, m.content, COALESCE(a.filename, ''), 'c' || m.conversation_id
    FROM messages m LEFT JOIN attachments a ON a.id = m.attachment_id;
`
