// A small method + path router. Patterns are literal segments, ":name" (one segment) and a
// final "*" (the rest of the path, in params["*"]). Paths match with or without the
// trailing slash Django puts on every route.
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface RouteRequest {
  req: IncomingMessage
  res: ServerResponse
  params: Record<string, string>
  url: URL
}

export type RouteHandler = (request: RouteRequest) => void | Promise<void>

interface Route {
  methods: string[]
  segments: string[]
  handler: RouteHandler
}

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' }

export class Router {
  private readonly routes: Route[] = []

  add(methods: string | string[], pattern: string, handler: RouteHandler): void {
    this.routes.push({ methods: ([] as string[]).concat(methods), segments: split(pattern), handler })
  }

  match(method: string, path: string): RouteMatch {
    const segments = split(path)
    const allowed = new Set<string>()
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments)
      if (!params) continue
      const methods = route.methods.includes('GET') ? [...route.methods, 'HEAD'] : route.methods
      if (methods.includes(method)) return { kind: 'found', handler: route.handler, params }
      for (const m of methods) allowed.add(m)
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'none' }
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | null {
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] as string
    if (expected === '*') {
      if (i >= path.length) return null
      params['*'] = path.slice(i).join('/')
      return params
    }
    const actual = path[i]
    if (actual === undefined) return null
    if (expected.startsWith(':')) params[expected.slice(1)] = actual
    else if (expected !== actual) return null
  }
  return path.length === pattern.length ? params : null
}
