// Schema of LAN hosting: invite codes that each allow one registration (listed as
// migration 003 in db/migrations/index.ts). A used code keeps its row so "already used"
// can be told apart from "never existed"; a revoked one is deleted.
export default /* sql */ `
CREATE TABLE invites (
  code        TEXT    PRIMARY KEY,
  created_at  TEXT    NOT NULL,
  used_at     TEXT,
  used_by     INTEGER REFERENCES users(id) ON DELETE SET NULL
) WITHOUT ROWID;
`
