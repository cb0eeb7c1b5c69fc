// Schema of LAN hosting: invite codes that each allow one registration
// (lan/registration-policy.ts). A used code keeps its row so "already used"
// can be told apart from "never existed"; a revoked one is deleted.
export default /* sql */ `
CREATE TABLE invites (
  code        TEXT    PRIMARY KEY,
  created_at  TEXT    NOT NULL,
  used_at     TEXT,
  used_by     INTEGER REFERENCES users(id) ON DELETE SET NULL
) WITHOUT ROWID;
`
