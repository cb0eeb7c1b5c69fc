// Link detection in message text: what becomes a link, what stays text, and the href.
import { describe, expect, it } from 'vitest'
import { linkify } from '../../src-renderer/messages/linkify'

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('no links here')).toEqual([{ kind: 'text', text: 'no links here' }])
    expect(linkify('')).toEqual([])
  })

  it('finds http(s) links between text, without the sentence punctuation after them', () => {
    expect(linkify('see https://example.com/docs. Thanks')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/docs', href: 'https://example.com/docs' },
      { kind: 'text', text: '. Thanks' },
    ])
    expect(linkify('Really? http://a.example/x?q=1&r=2!')).toEqual([
      { kind: 'text', text: 'Really? ' },
      { kind: 'link', text: 'http://a.example/x?q=1&r=2', href: 'http://a.example/x?q=1&r=2' },
      { kind: 'text', text: '!' },
    ])
  })

  it('gives www. links an https href while showing what was typed', () => {
    expect(linkify('www.example.org')).toEqual([{ kind: 'link', text: 'www.example.org', href: 'https://www.example.org' }])
  })

  it('keeps balanced parentheses in a URL and drops an unbalanced closing one', () => {
    expect(linkify('https://en.wikipedia.org/wiki/Ada_(language)')[0]).toMatchObject({ text: 'https://en.wikipedia.org/wiki/Ada_(language)' })
    expect(linkify('(see https://example.com/a)')).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: ')' },
    ])
  })

  it('does not link other schemes, and stops a URL at markup characters', () => {
    expect(linkify('javascript:alert(1) ftp://x.example file:///etc/passwd').every((s) => s.kind === 'text')).toBe(true)
    expect(linkify('<a href="https://evil.example">x</a>')).toEqual([
      { kind: 'text', text: '<a href="' },
      { kind: 'link', text: 'https://evil.example', href: 'https://evil.example' },
      { kind: 'text', text: '">x</a>' },
    ])
  })

  it('finds several links and reassembles to the original text', () => {
    const text = 'a https://one.example b www.two.example, c HTTPS://THREE.example'
    const segments = linkify(text)
    expect(segments.filter((s) => s.kind === 'link').map((s) => s.text)).toEqual(['https://one.example', 'www.two.example', 'HTTPS://THREE.example'])
    expect(segments.map((s) => s.text).join('')).toBe(text)
  })
})
