// The sockets-per-user limit across the nodes of a cluster. Redis holds one hash per user
// (`parley:sockets:<user>`), with a field per node incarnation (cluster/node-liveness.ts)
// holding how many sockets of the user that node has. Taking a place is one script: it
// sums the fields of live incarnations (dropping dead ones: a killed node's sockets stop
// counting within the liveness expiry) and adds one to this node's only when under the
// limit, so two nodes admitting the same user at once cannot both pass the last place.
//
// Redis unreachable: the node's own count (checked by the hub first) is the limit, the
// place is taken locally, and the node writes its counts afresh once Redis is back.
import type { Logger } from '../logger'
import type { SocketTally } from '../realtime/hub'
import { LIVE_KEY_PREFIX, type NodeLiveness } from './node-liveness'
import type { RedisLink } from './redis-connection'

const KEY_PREFIX = 'parley:sockets:'

// KEYS[1] the user's hash; ARGV: live-key prefix, this incarnation's field, the limit.
// (The live keys are read by name inside the script: one Redis server, not Redis Cluster.)
const RESERVE = `
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  if redis.call('EXISTS', ARGV[1] .. fields[i]) == 1 then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
if total >= tonumber(ARGV[3]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
return 1`

// KEYS[1] the user's hash; ARGV[1] this incarnation's field. An emptied hash disappears.
const RELEASE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`

export class RedisSocketTally implements SocketTally {
  /** This node's sockets per user, places being taken included: what is written again under a new incarnation. */
  private readonly mine = new Map<number, number>()

  constructor(private readonly link: RedisLink, private readonly liveness: NodeLiveness, private readonly log: Logger) {
    liveness.onIncarnation((id) => void this.rewrite(id))
  }

  async reserve(userId: number, limit: number): Promise<boolean> {
    this.add(userId, 1)
    try {
      const taken = await this.link.client.eval(RESERVE, 1, KEY_PREFIX + userId, LIVE_KEY_PREFIX, this.liveness.currentId, limit)
      if (taken === 1) return true
      this.add(userId, -1)
      return false
    } catch (error) {
      this.log.debug({ err: error, userId }, 'socket tally: Redis unavailable, this node\'s count decides')
      return true
    }
  }

  async release(userId: number): Promise<void> {
    this.add(userId, -1)
    try {
      await this.link.client.eval(RELEASE, 1, KEY_PREFIX + userId, this.liveness.currentId)
    } catch {
      // Redis is away: the count is written afresh under a new incarnation when it is back.
    }
  }

  /** Sockets of the user on every live node, as Redis has them (tests, diagnostics). */
  async count(userId: number): Promise<number> {
    const fields = await this.link.client.hgetall(KEY_PREFIX + userId)
    let total = 0
    for (const [field, value] of Object.entries(fields)) {
      if (await this.link.client.exists(LIVE_KEY_PREFIX + field)) total += Number(value)
    }
    return total
  }

  private add(userId: number, delta: number): void {
    const count = (this.mine.get(userId) ?? 0) + delta
    if (count > 0) this.mine.set(userId, count)
    else this.mine.delete(userId)
  }

  private async rewrite(id: string): Promise<void> {
    const pipeline = this.link.client.pipeline()
    for (const [userId, count] of this.mine) pipeline.hset(KEY_PREFIX + userId, id, count)
    try {
      await pipeline.exec()
    } catch (error) {
      this.log.warn({ err: error }, 'socket tally: writing this node\'s counts again failed; the next reconnect retries')
    }
  }
}
