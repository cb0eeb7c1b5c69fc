// Schema of the chunked upload extension, listed in db/migrations/index.ts.
// Rows die with their user or conversation; the .part files they name are removed by the
// start-up sweep (uploads/cleanup.ts), which deletes any .part without a row.
export default /* sql */ `
CREATE TABLE uploads (
  id              TEXT    PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  client_id       TEXT    NOT NULL,
  filename        TEXT    NOT NULL,
  size            INTEGER NOT NULL CHECK (size > 0),
  content         TEXT    NOT NULL DEFAULT '',
  received        INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT    NOT NULL,
  updated_at      TEXT    NOT NULL,
  UNIQUE (user_id, client_id)
) WITHOUT ROWID;
CREATE INDEX uploads_by_updated ON uploads(updated_at);
`
