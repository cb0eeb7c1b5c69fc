import { describe, expect, it } from 'vitest'
import { RemoteTyping, TypingSender, type RemoteTypingChange } from '../../src-shared/client/typing'
import { FakeClock } from './fake-clock'

describe('TypingSender', () => {
  function setup() {
    const clock = new FakeClock()
    const sent: boolean[] = []
    const sender = new TypingSender(clock, (isTyping) => void sent.push(isTyping), 3_000, 5_000)
    return { clock, sent, sender }
  }

  it('sends true once per refresh period while keys keep coming, then false when idle', () => {
    const { clock, sent, sender } = setup()
    for (let i = 0; i < 20; i += 1) {
      sender.input(true)
      clock.advance(400) // 8 s of steady typing
    }
    expect(sent).toEqual([true, true, true])
    clock.advance(5_000)
    expect(sent).toEqual([true, true, true, false])
    clock.advance(60_000)
    expect(sent).toHaveLength(4)
  })

  it('sends false on stop (send, blur) only when true was sent', () => {
    const { sent, sender } = setup()
    sender.stop()
    expect(sent).toEqual([])
    sender.input(true)
    sender.stop()
    sender.stop()
    expect(sent).toEqual([true, false])
  })
})

describe('RemoteTyping', () => {
  it('expires an indicator that stops being refreshed, and refreshes keep it alive', () => {
    const clock = new FakeClock()
    const changes: RemoteTypingChange[] = []
    const remote = new RemoteTyping(clock, 8_000, (change) => void changes.push(change))
    const typing = { conversationId: 1, userId: 2, userEmail: 'b@x', isTyping: true }
    remote.update(typing)
    clock.advance(6_000)
    remote.update(typing)
    clock.advance(6_000)
    expect(changes.map((c) => c.isTyping)).toEqual([true])
    clock.advance(2_000)
    expect(changes.map((c) => c.isTyping)).toEqual([true, false])
  })

  it('ends on an explicit false or a message from that user, without duplicates', () => {
    const clock = new FakeClock()
    const changes: RemoteTypingChange[] = []
    const remote = new RemoteTyping(clock, 8_000, (change) => void changes.push(change))
    remote.update({ conversationId: 1, userId: 2, userEmail: 'b@x', isTyping: true })
    remote.clear(1, 2)
    remote.update({ conversationId: 1, userId: 2, userEmail: 'b@x', isTyping: false })
    clock.advance(20_000)
    expect(changes.map((c) => c.isTyping)).toEqual([true, false])
  })
})
