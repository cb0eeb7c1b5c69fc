// The bus: how a chat event reaches the sockets of every node. The chat service sends each
// event once; the bus delivers it to this node's sockets and, in a cluster, to every other
// node's (cluster/redis-bus.ts).
//
// The origin delivers to its own sockets at once, before publishing, and skips its own
// envelopes when they come back: its clients wait for no Redis round trip (the sender's
// echo is the acknowledgement its outbox waits for), they see nothing twice, and a Redis
// outage never stops delivery among the people on one node.
import type { BusEvent } from './envelope'

export type { BusEvent } from './envelope'

/** Delivers an event to this node's sockets (cluster/deliver.ts); resolves when list sockets, which need reads, have heard. */
export type Deliver = (event: BusEvent) => void | Promise<void>

export interface Bus {
  /** This node, in logs and envelopes. */
  readonly nodeId: string
  /** To this node's sockets at once (what Deliver returns), then to every other node's. */
  send(event: BusEvent): void | Promise<void>
  /**
   * `listener` runs when events from other nodes may have been missed (the connection to the
   * bus was lost and is back): this node's clients should catch up. Returns the unsubscribe.
   */
  onGap(listener: () => void): () => void
  close(): Promise<void>
}

/** One server: delivery is a function call, nothing is encoded or published. */
export class LocalBus implements Bus {
  readonly nodeId = 'local'

  constructor(private readonly deliver: Deliver) {}

  send(event: BusEvent): void | Promise<void> {
    return this.deliver(event)
  }

  onGap(): () => void {
    return () => undefined
  }

  async close(): Promise<void> {}
}
