// Argument parsers for the CLI: sizes ("512", "64K", "100M", "2G", 1024-based) and counts.
import { isIP } from 'node:net'
import { InvalidArgumentError } from 'commander'
import { hostPart } from '../http/host-policy'
import { TLS_MODES, type TlsMode } from '../tls/server-tls'

export function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(value.trim())
  if (!match) throw new InvalidArgumentError('Use a size such as 512, 64K, 100M or 2G.')
  const power = ' KMGT'.indexOf((match[2] || ' ').toUpperCase())
  const bytes = Math.floor(Number(match[1]) * 1024 ** power)
  if (bytes <= 0) throw new InvalidArgumentError('Must be more than zero.')
  return bytes
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) <= 0) throw new InvalidArgumentError('Use a whole number above zero.')
  return Number(value)
}

export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('Use a port from 0 to 65535.')
  return port
}

export function parseRegistration(value: string): 'open' | 'closed' | 'invite' {
  if (value !== 'open' && value !== 'closed' && value !== 'invite') throw new InvalidArgumentError('Use "open", "closed" or "invite".')
  return value
}

/** `--public-name a.example,b.example --public-name c.example`: every name, accumulated. */
export function parsePublicNames(value: string, previous: string[]): string[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean)
  for (const name of names) {
    if (hostPart(name) === null || name.includes(':') && !name.startsWith('[')) {
      throw new InvalidArgumentError(`"${name}" is not a host name (give a name such as chat.example.org, without scheme or port).`)
    }
  }
  return [...previous, ...names]
}

/** `--trusted-proxy 10.0.0.2,10.0.0.3 --trusted-proxy ::1`: every address, accumulated. */
export function parseTrustedProxies(value: string, previous: string[]): string[] {
  const addresses = value.split(',').map((address) => address.trim()).filter(Boolean)
  for (const address of addresses) {
    if (isIP(address) === 0) throw new InvalidArgumentError(`"${address}" is not an IP address (give the proxy's address as this server sees it, such as 10.0.0.2).`)
  }
  return [...previous, ...addresses]
}

export function parseTlsMode(value: string): TlsMode {
  if (!(TLS_MODES as readonly string[]).includes(value)) throw new InvalidArgumentError('Use "auto", "on" or "off".')
  return value as TlsMode
}

/** The whole of stdin, without the trailing newline (for --password-stdin). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}
