// Sessions and token revocation (auth/sessions.ts).
// - users.token_version is carried by every token (claim `ver`); raising it (password reset,
//   account removed or revived) makes every token of that user invalid at once, in this
//   process and in any other one using the file (the CLI).
// - One row per sign-in: `refresh_jti` names the only refresh token of the session still
//   valid; each refresh rotates it, and presenting an older one revokes the session.
export default /* sql */ `
ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sessions (
  id          TEXT    PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  refresh_jti TEXT    NOT NULL,
  created_at  TEXT    NOT NULL,
  expires_at  INTEGER NOT NULL,
  revoked_at  TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
`
