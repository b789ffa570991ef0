import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PING_EVERY_MS, STALE_AFTER_MS } from '@/lib/liveness'
import { useSessionStore } from '@/stores/session'
import { FakeSocket } from './helpers/fakeSocket'
import { snapshot } from './fixtures/question'

function setup() {
  setActivePinia(createPinia())
  const store = useSessionStore()
  const socket = new FakeSocket()
  store.connect({ sessionId: 's1', token: 't', socketFactory: () => socket })
  socket.serverAccepts()
  socket.sent('CLIENT_READY')[0].ack?.({ ok: true, seq: 0 })
  socket.deliver('SESSION_SNAPSHOT', { payload: snapshot() as never })
  socket.clear()
  return { store, socket }
}

describe('liveness: "Not responding" when acks stop', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('pings a quiet server and stays connected while the pings are answered', () => {
    const { store, socket } = setup()
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(PING_EVERY_MS + 500)
      const pings = socket.sent('PING')
      expect(pings.length).toBe(i + 1)
      pings[i].ack?.({ ok: true })
    }
    expect(store.connection).toBe('connected')
  })

  it('says "unresponsive" when a ping goes unanswered, and recovers on the late ack', () => {
    const { store, socket } = setup()
    vi.advanceTimersByTime(PING_EVERY_MS + 500)
    expect(socket.sent('PING').length).toBe(1)
    vi.advanceTimersByTime(STALE_AFTER_MS - 600)
    expect(store.connection).toBe('connected')
    vi.advanceTimersByTime(1000)
    expect(store.connection).toBe('unresponsive')
    expect(socket.sent('PING').length).toBe(1) // one probe in flight, not a pile of them
    socket.sent('PING')[0].ack?.({ ok: true })
    expect(store.connection).toBe('connected')
  })

  it('counts an unacknowledged message the same way, and keeps it queued', () => {
    const { store, socket } = setup()
    store.sendTranscript('hello?', 'typed')
    vi.advanceTimersByTime(STALE_AFTER_MS + 500)
    expect(store.connection).toBe('unresponsive')
    expect(store.queued).toBe(1)
    socket.sent('TRANSCRIPT_FINAL')[0].ack?.({ ok: true, seq: 4 })
    expect(store.connection).toBe('connected')
    expect(store.queued).toBe(0)
  })

  it('forgets the unanswered probe of a dropped connection', () => {
    const { store, socket } = setup()
    vi.advanceTimersByTime(PING_EVERY_MS + STALE_AFTER_MS + 1000)
    expect(store.connection).toBe('unresponsive')
    socket.drop()
    expect(store.connection).toBe('reconnecting')
    socket.serverAccepts()
    expect(store.connection).toBe('connected')
    vi.advanceTimersByTime(1000)
    expect(store.connection).toBe('connected')
  })
})
