// A server-wide budget for the bytes of WebSocket frames in flight: received from the
// network but not yet handled (ws assembles each frame whole before handing it over, and a
// seed file_message is one frame of up to max_frame_bytes). Per-socket limits do not bound
// the total: one account may hold 16 sockets, and three concurrent ~93 MB frames took the
// server from 90 to 1,060 MiB. So every socket's incoming bytes are counted from the moment
// they are read until the frame they belong to has been handled (a file written to disk, a
// message committed), and when the total passes the budget, the socket whose large frame
// pushed it over is refused: it stops being read at once (its sender's own TCP window holds
// the rest), gets close 1013 with a reason saying why, and is dropped a moment later.
// Small frames (chat, typing, upload chunks under LARGE_FRAME_BYTES in progress) are never
// the ones refused, so chat keeps flowing while big frames queue for memory.
import type { Socket } from 'node:net'
import { CLOSE } from '../../../src-shared/protocol/types'
import { formatFileSize } from '../../../src-shared/protocol/format'
import type { Logger } from '../logger'
import type { ClientConnection } from './connection'

/** A socket with less than this of an unfinished frame is not the one refused. */
export const LARGE_FRAME_BYTES = 1024 * 1024
/** Between the close frame and dropping the connection: time for the client to read why. */
const DROP_AFTER_MS = 1000
/** WebSocket frame header, at most (64-bit length + mask). */
const MAX_HEADER_BYTES = 14

/** One socket's view of the budget (SocketGateway makes one per accepted socket). */
export interface FrameMeter {
  /** A whole frame of `bytes` was handed over; call the result once it has been handled. */
  delivered(bytes: number): () => void
}

export class FrameBudget {
  private inFlight = 0

  constructor(private readonly maxBytes: number, private readonly log: Logger) {}

  /** Bytes received and not yet handled, across every socket. */
  get bytes(): number {
    return this.inFlight
  }

  /** Starts counting what `socket` (the connection's TCP socket) receives. */
  watch(connection: ClientConnection, socket: Socket): FrameMeter {
    let receiving = 0
    const onData = (chunk: Buffer): void => {
      if (!connection.isOpen) return
      receiving += chunk.length
      this.inFlight += chunk.length
      if (this.inFlight <= this.maxBytes || receiving <= LARGE_FRAME_BYTES) return
      // Its unfinished frame is dropped with the socket: give its share back now, so the
      // frames still arriving on other sockets are measured against what will really stay.
      this.inFlight -= receiving
      receiving = 0
      this.refuse(connection)
    }
    socket.on('data', onData)
    socket.once('close', () => {
      socket.off('data', onData)
      this.inFlight -= receiving
      receiving = 0
    })
    return {
      delivered: (bytes) => {
        // From "receiving" to "being handled": still in flight, now with a known end.
        const counted = Math.min(receiving, bytes + MAX_HEADER_BYTES)
        receiving -= counted
        let released = false
        return () => {
          if (released) return
          released = true
          this.inFlight -= counted
        }
      },
    }
  }

  private refuse(connection: ClientConnection): void {
    this.log.warn({ connection: connection.id, userId: connection.user.id, inFlight: this.inFlight }, 'frame budget exceeded: socket refused')
    connection.pauseReading('frame budget')
    connection.close(CLOSE.tryAgainLater, `Server busy: too many large frames in flight (max ${formatFileSize(this.maxBytes)} across all connections). Send again shortly.`)
    setTimeout(() => connection.ws.terminate(), DROP_AFTER_MS).unref()
  }
}
