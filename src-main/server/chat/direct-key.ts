// A 1:1 conversation's key, for every storage engine (ConversationsStore.create's `key`).

/** Both ids of a 1:1, sorted: the unique key that stops a pair having two chats. */
export function directKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`
}
