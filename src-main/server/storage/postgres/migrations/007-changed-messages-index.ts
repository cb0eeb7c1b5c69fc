// messages_by_revision holds only messages that ever changed (revision > 0): every new
// message has revision 0, so the full index took one more B-tree insert per post for
// entries the changes endpoint never reads (it asks for revisions after a `since` >= 0).
// Its queries say `revision > 0` (storage/postgres/messages.ts) so the planner may use it.
export default /* sql */ `
DROP INDEX messages_by_revision;
CREATE INDEX messages_by_revision ON messages (conversation_id, revision) WHERE revision > 0;
`
