// Liveness: the chat engine probes an idle socket with {"type":"ping"} (browsers cannot
// send WebSocket pings; see src-shared/client/connection.ts). Seed servers answer that
// with an "Unknown message type" error, which works but reads like a fault in logs; a
// Parley server answers {"type":"pong"} to the sender only. Rate-limited like any frame.
import { FEATURES } from '../../../src-shared/protocol/types'
import type { ServerExtension } from '../extensions'

export const pingExtension: ServerExtension = {
  feature: FEATURES.ping,
  setup(api) {
    api.frames.text('ping', (_frame, ctx) => {
      ctx.connection.send({ type: 'pong' })
    })
  },
}
