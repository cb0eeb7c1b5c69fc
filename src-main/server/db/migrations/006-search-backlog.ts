// The search index is fed in batches, off the message commit (db/search-index.ts): FTS5
// pays a segment write per transaction, about 50 µs per message when every group-commit
// batch of a few messages updated it (fan-out lost a quarter of its messages per server
// CPU-second), 7–14 µs in batches of hundreds. A message to (re)index is queued here in
// the transaction that inserts, edits or deletes it, so a crash loses no indexing.
export default /* sql */ `
CREATE TABLE search_backlog (
  message_id INTEGER PRIMARY KEY
) WITHOUT ROWID;
`
