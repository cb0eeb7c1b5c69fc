// Parley extensions over REST: the user directory and the public server info.
import type { ServerInfo } from '../../../src-shared/protocol/types'
import type { ServerContext } from '../context'
import { requireUser } from './authenticate'
import { sendJson } from './respond'
import type { Router } from './router'
import { serverLimits } from '../limits'

const MAX_RESULTS = 50

export function registerDirectoryRoutes(router: Router, ctx: ServerContext): void {
  router.add('GET', '/api/users/', async ({ req, res, url }) => {
    const user = await requireUser(ctx, req)
    const search = (url.searchParams.get('search') ?? '').trim().slice(0, 254)
    sendJson(res, 200, await ctx.storage.users.searchDirectory(user.id, search, MAX_RESULTS))
  })

  router.add('GET', '/api/parley/info/', ({ res }) => {
    const info: ServerInfo = {
      server: 'parley',
      protocol: 1,
      name: ctx.options.name,
      registration: ctx.registration.mode,
      features: ctx.features,
      limits: serverLimits(ctx.options.limits, ctx.features),
    }
    const fingerprint = ctx.fingerprint()
    if (fingerprint) info.fingerprint = fingerprint
    sendJson(res, 200, info)
  })
}
