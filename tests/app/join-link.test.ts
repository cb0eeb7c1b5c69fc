// parley: links (issue 10): a join link survives the round trip, fingerprint included, and
// nothing else is taken for one.
import { describe, expect, it } from 'vitest'
import { appLinkFor, joinLinkFromAppLink, joinLinkFromArgv } from '../../src-main/app/join-link'

const JOIN = 'https://192.168.1.20:8000/#fp=AB:CD:EF:01'

describe('parley: links', () => {
  it('carry a join link, fingerprint included, both ways', () => {
    const link = appLinkFor(JOIN)
    expect(link.startsWith('parley://join?url=')).toBe(true)
    expect(joinLinkFromAppLink(link)).toBe(JOIN)
    expect(joinLinkFromAppLink(appLinkFor('http://127.0.0.1:8000/'))).toBe('http://127.0.0.1:8000/')
  })

  it('are found among command-line arguments (Windows, Linux)', () => {
    expect(joinLinkFromArgv(['/opt/Parley/parley', '--no-sandbox', appLinkFor(JOIN)])).toBe(JOIN)
    expect(joinLinkFromArgv(['/opt/Parley/parley', '--flag'])).toBeNull()
  })

  it('refuse anything that is not a join link to an http(s) server', () => {
    for (const bad of [
      'https://192.168.1.20:8000/',
      'parley://other?url=https%3A%2F%2Fa.example%2F',
      'parley://join',
      'parley://join?url=',
      'parley://join?url=javascript%3Aalert(1)',
      'parley://join?url=file%3A%2F%2F%2Fetc%2Fpasswd',
      'parley://join?url=https%3A%2F%2Fuser%3Apass%40a.example%2F',
      'parley://join?url=not%20a%20url',
      `parley://join?url=${'a'.repeat(3000)}`,
      'not a url',
    ]) {
      expect(joinLinkFromAppLink(bad), bad).toBeNull()
    }
  })
})
