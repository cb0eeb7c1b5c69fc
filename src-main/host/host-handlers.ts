// The IPC handlers of the host:* and discovery:* channels (src-shared/ipc/contract.ts).
// Arguments arrive validated by the dispatcher; failures become ParleyErrors in words.
import { parleyError } from '../../src-shared/client/errors'
import type { HostHandlers } from '../ipc/handlers'
import type { DiscoveryService } from './discovery-service'
import type { HostController } from './host-controller'
import { HostProcessError } from './host-process'

function inWords<A extends unknown[], R>(handler: (...args: A) => Promise<R> | R): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args)
    } catch (error) {
      if (error instanceof HostProcessError) throw parleyError('server', error.message)
      throw error
    }
  }
}

export function createHostHandlers(host: HostController, discovery: DiscoveryService): HostHandlers {
  return {
    'host:status': () => host.status(),
    'host:interfaces': () => host.interfaces(),
    'host:start': inWords((config) => host.start(config)),
    'host:stop': inWords(() => host.stop()),
    'host:set-registration': inWords((mode) => host.setRegistration(mode)),
    'host:users': inWords(() => host.users()),
    'host:create-user': inWords((input) => host.createUser(input)),
    'host:reset-password': inWords((input) => host.resetPassword(input)),
    'host:remove-user': inWords((email) => host.removeUser(email)),
    'host:create-invite': inWords(() => host.createInvite()),
    'host:invites': inWords(() => host.invites()),
    'host:revoke-invite': inWords((code) => host.revokeInvite(code)),
    'host:set-start-at-login': inWords((enabled) => host.setStartAtLogin(enabled)),
    'discovery:list': () => discovery.list(),
  }
}
