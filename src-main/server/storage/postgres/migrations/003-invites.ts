// LAN invite codes, each good for one registration: db/migrations/003-invites.ts.
export default /* sql */ `
CREATE TABLE invites (
  code       text   COLLATE "C" PRIMARY KEY,
  created_at text   COLLATE "C" NOT NULL,
  used_at    text   COLLATE "C",
  used_by    bigint REFERENCES users(id) ON DELETE SET NULL
);
`
