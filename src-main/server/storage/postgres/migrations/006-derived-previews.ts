// Conversation previews are read from the newest message (messages_by_conversation), not
// stored on the conversation's row. Every batch of posts rewrote that row, and it is the
// row every node's batch holds (chat-store.ts): a new row version per batch, which every
// later hold and foreign-key check had to walk to while the nodes' transactions overlapped.
// Measured on the cluster benchmark: about half of PostgreSQL's CPU per message with three
// nodes (docs/benchmarks.md, "Cluster cost per message"). SQLite's 006 (the search backlog)
// has no counterpart here; from this one on, PostgreSQL's numbers are its own.
export default /* sql */ `
ALTER TABLE conversations DROP COLUMN last_message_id, DROP COLUMN last_message_at;
`
