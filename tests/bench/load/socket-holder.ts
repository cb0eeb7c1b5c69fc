// A child process that opens chat sockets and holds them, idle, until told to close: the
// 20,000-socket cluster scenario spreads its clients over several of these, since one
// process may hold only so many file descriptors (and its event loop would otherwise be
// the bottleneck of the opening).
import type WebSocket from 'ws'
import { closeAll, openChatSocket, openMany } from './chat-socket'

export interface HeldSocket {
  url: string
  conversationId: number
  token: string
}

export type ToHolder = { type: 'open'; sockets: HeldSocket[]; concurrency: number } | { type: 'close' }
export type FromHolder = { type: 'opened'; count: number } | { type: 'failed'; error: string }

const held: WebSocket[] = []

function tell(message: FromHolder): void {
  process.send?.(message)
}

process.on('message', (message: ToHolder) => {
  if (message.type === 'open') {
    openMany(message.sockets.length, message.concurrency, async (i) => {
      const socket = message.sockets[i] as HeldSocket
      const { ws } = await openChatSocket(socket.url, socket.conversationId, socket.token)
      held.push(ws)
    }).then(
      () => tell({ type: 'opened', count: held.length }),
      (error: unknown) => tell({ type: 'failed', error: String(error instanceof Error ? error.message : error) }),
    )
  } else {
    void closeAll(held).then(() => process.exit(0))
  }
})
// The parent going away ends the holder too.
process.on('disconnect', () => process.exit(0))
