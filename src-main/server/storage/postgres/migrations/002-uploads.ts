// The chunked upload extension's partial uploads: db/migrations/002-uploads.ts.
export default /* sql */ `
CREATE TABLE uploads (
  id              text   PRIMARY KEY,
  user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  client_id       text   NOT NULL,
  filename        text   NOT NULL,
  size            bigint NOT NULL CHECK (size > 0),
  content         text   NOT NULL DEFAULT '',
  received        bigint NOT NULL DEFAULT 0,
  created_at      text   COLLATE "C" NOT NULL,
  updated_at      text   COLLATE "C" NOT NULL,
  UNIQUE (user_id, client_id)
);
CREATE INDEX uploads_by_updated ON uploads (updated_at);
`
