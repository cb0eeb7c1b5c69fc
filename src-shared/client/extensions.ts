// What this client declares it reads (docs/protocol.md "Declaring what a client reads"):
// the Message extensions the server advertises, as the `ext` query parameter of socket
// URLs and message/search requests. Without it a Parley server sends seed-shaped
// Messages; a seed server ignores the parameter.
import { FEATURES, MESSAGE_EXTENSIONS } from '../protocol/types'

/** Comma list of the advertised Message extensions, or undefined when there are none. */
export function declaredExtensions(features: readonly string[]): string | undefined {
  const offered = MESSAGE_EXTENSIONS.filter((name) => features.includes(name))
  return offered.length ? offered.join(',') : undefined
}

/** The features that bump a Message's `revision` (and so make the changes endpoint useful). */
export const REVISION_FEATURES: readonly string[] = [FEATURES.edit, FEATURES.delete, FEATURES.reactions]

export function tracksRevisions(features: readonly string[]): boolean {
  return REVISION_FEATURES.some((name) => features.includes(name))
}
