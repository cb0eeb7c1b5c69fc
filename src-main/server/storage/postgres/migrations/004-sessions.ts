// Sessions and token revocation: db/migrations/004-sessions.ts.
export default /* sql */ `
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;

CREATE TABLE sessions (
  id          text   PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  refresh_jti text   NOT NULL,
  created_at  text   COLLATE "C" NOT NULL,
  expires_at  bigint NOT NULL,
  revoked_at  text   COLLATE "C"
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
`
