import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { GAP_WAIT_MS, useSessionStore } from '@/stores/session'
import { FakeSocket } from './helpers/fakeSocket'
import { snapshot } from './fixtures/question'

function setup(role: 'candidate' | 'observer' = 'candidate') {
  setActivePinia(createPinia())
  const store = useSessionStore()
  const socket = new FakeSocket()
  store.connect({ sessionId: 's1', token: 't', role, socketFactory: () => socket })
  socket.serverAccepts()
  socket.deliver('SESSION_SNAPSHOT', { payload: snapshot({ role }) as never })
  socket.clear()
  return { store, socket }
}

function final(seq: number, text: string, id?: string) {
  return { seq, id, payload: { text, source: 'typed' } }
}

describe('session store: connect and snapshot', () => {
  it('sends CLIENT_READY without last_seq on the first connect and applies the snapshot', () => {
    setActivePinia(createPinia())
    const store = useSessionStore()
    const socket = new FakeSocket()
    store.connect({ sessionId: 's1', token: 't', socketFactory: () => socket })
    socket.serverAccepts()
    expect(socket.sent('CLIENT_READY')[0].envelope.payload).toEqual({})
    socket.deliver('SESSION_SNAPSHOT', { payload: snapshot() as never })
    expect(store.ready).toBe(true)
    expect(store.room.state).toBe('PROBLEM')
    expect(store.lastSeq).toBe(3)
    expect(store.room.messages.map((m) => m.text)).toEqual(['Hello! Ready?'])
    expect(store.connection).toBe('connected')
  })

  it('buffers logged events that arrive before the snapshot and keeps only the newer ones', () => {
    setActivePinia(createPinia())
    const store = useSessionStore()
    const socket = new FakeSocket()
    store.connect({ sessionId: 's1', token: 't', role: 'observer', socketFactory: () => socket })
    socket.serverAccepts()
    socket.deliver('TRANSCRIPT_FINAL', final(3, 'old'))
    socket.deliver('TRANSCRIPT_FINAL', final(4, 'new'))
    socket.deliver('SESSION_SNAPSHOT', { payload: snapshot({ role: 'observer' }) as never })
    expect(store.room.transcript.map((t) => t.text)).toEqual(['Hello! Ready?', 'new'])
    expect(store.lastSeq).toBe(4)
  })

  it('marks the session fatal on a refused connection with a code', () => {
    setActivePinia(createPinia())
    const store = useSessionStore()
    const socket = new FakeSocket()
    store.connect({ sessionId: 's1', token: 'bad', socketFactory: () => socket })
    socket.refuse({ message: 'bad token', data: { code: 'unauthorized', message: 'bad token' } })
    expect(store.fatal?.code).toBe('unauthorized')
    expect(store.connection).toBe('offline')
  })
})

describe('session store: seq gaps and replay', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks for a replay with the highest contiguous seq when a gap persists', () => {
    const { store, socket } = setup('observer')
    socket.deliver('TRANSCRIPT_FINAL', final(4, 'four'))
    socket.deliver('TRANSCRIPT_FINAL', final(6, 'six'))
    expect(store.lastSeq).toBe(4)
    vi.advanceTimersByTime(GAP_WAIT_MS - 1)
    expect(socket.sent('CLIENT_READY')).toHaveLength(0)
    vi.advanceTimersByTime(1)
    const ready = socket.sent('CLIENT_READY')
    expect(ready).toHaveLength(1)
    expect(ready[0].envelope.payload).toEqual({ last_seq: 4 })
  })

  it('does not ask for a replay when the gap closes in time', () => {
    const { socket } = setup('observer')
    socket.deliver('TRANSCRIPT_FINAL', final(5, 'five'))
    vi.advanceTimersByTime(GAP_WAIT_MS / 2)
    socket.deliver('TRANSCRIPT_FINAL', final(4, 'four'))
    vi.advanceTimersByTime(GAP_WAIT_MS * 2)
    expect(socket.sent('CLIENT_READY')).toHaveLength(0)
  })

  it('applies a replay once: duplicates are ignored', () => {
    const { store, socket } = setup('observer')
    socket.deliver('TRANSCRIPT_FINAL', final(4, 'four'))
    socket.deliver('TRANSCRIPT_FINAL', final(6, 'six'))
    vi.advanceTimersByTime(GAP_WAIT_MS)
    // The replay: everything after 4, including 6 again.
    socket.deliver('TRANSCRIPT_FINAL', final(5, 'five'))
    socket.deliver('TRANSCRIPT_FINAL', final(6, 'six'))
    socket.deliver('TRANSCRIPT_FINAL', final(4, 'four'))
    const texts = store.room.transcript.map((t) => t.text)
    expect(texts).toEqual(['Hello! Ready?', 'four', 'five', 'six']) // log order, not arrival order
    expect(store.lastSeq).toBe(6)
  })

  it('counts its own acknowledged seqs as seen, so they are no gap', () => {
    const { store, socket } = setup('candidate')
    store.sendTranscript('my answer', 'typed')
    const [msg] = socket.sent('TRANSCRIPT_FINAL')
    socket.deliver('INTERVIEWER_STREAM_START', { seq: 5, payload: { message_id: 'm1' } })
    msg.ack?.({ ok: true, seq: 4, duplicate: false })
    vi.advanceTimersByTime(GAP_WAIT_MS * 2)
    expect(socket.sent('CLIENT_READY')).toHaveLength(0)
    expect(store.lastSeq).toBe(5)
  })

  it('sends CLIENT_READY with last_seq after a reconnect', () => {
    const { socket } = setup('observer')
    socket.deliver('TRANSCRIPT_FINAL', final(4, 'four'))
    socket.drop()
    socket.serverAccepts()
    expect(socket.sent('CLIENT_READY').map((e) => e.envelope.payload)).toEqual([{ last_seq: 4 }])
  })
})

describe('session store: outbox', () => {
  it('queues messages while offline and resends them with the same ids after reconnecting', () => {
    const { store, socket } = setup('candidate')
    socket.drop()
    expect(store.connection).toBe('reconnecting')
    store.sendTranscript('first', 'typed')
    store.sendTranscript('second', 'typed')
    expect(socket.sent('TRANSCRIPT_FINAL')).toHaveLength(0)
    expect(store.queued).toBe(2)
    expect(store.room.transcript.filter((t) => t.pending).map((t) => t.text)).toEqual(['first', 'second'])
    socket.serverAccepts()
    // One at a time, in order: the second goes when the first is acknowledged (and leaves the outbox).
    expect(socket.sent('TRANSCRIPT_FINAL').map((e) => e.envelope.payload.text)).toEqual(['first'])
    socket.sent('TRANSCRIPT_FINAL')[0].ack?.({ ok: true, seq: 4, duplicate: false })
    expect(store.queued).toBe(1)
    const resent = socket.sent('TRANSCRIPT_FINAL')
    expect(resent.map((e) => e.envelope.payload.text)).toEqual(['first', 'second'])
    expect(new Set(resent.map((e) => e.envelope.id)).size).toBe(2)
  })

  it('keeps a burst in order: each message waits for the previous one\'s ack', () => {
    const { store, socket } = setup('candidate')
    for (const text of ['a', 'b', 'c']) store.sendTranscript(text, 'typed')
    expect(socket.sent('TRANSCRIPT_FINAL').map((e) => e.envelope.payload.text)).toEqual(['a'])
    socket.drop() // 'a' was sent but never acknowledged: it goes first again
    socket.clear()
    socket.serverAccepts()
    expect(socket.sent('TRANSCRIPT_FINAL').map((e) => e.envelope.payload.text)).toEqual(['a'])
    expect(socket.ackAll(4)).toBe(3)
    expect(socket.sent('TRANSCRIPT_FINAL').map((e) => e.envelope.payload.text)).toEqual(['a', 'b', 'c'])
    expect(store.queued).toBe(0)
    expect(store.room.transcript.filter((t) => t.speaker === 'candidate').map((t) => [t.text, t.seq])).toEqual([
      ['a', 4],
      ['b', 5],
      ['c', 6],
    ])
  })

  it('moves on when the in-flight code snapshot was replaced by a newer one', () => {
    const { store, socket } = setup('candidate')
    store.send('CODE_SNAPSHOT', { code: 'v1', language: 'python' })
    store.send('CODE_SNAPSHOT', { code: 'v2', language: 'python' }) // replaces v1 in the outbox
    store.sendTranscript('after', 'typed')
    expect(socket.sent('CODE_SNAPSHOT').map((e) => e.envelope.payload.code)).toEqual(['v1'])
    socket.ackAll(4)
    expect(socket.sent('CODE_SNAPSHOT').map((e) => e.envelope.payload.code)).toEqual(['v1', 'v2'])
    expect(socket.sent('TRANSCRIPT_FINAL')).toHaveLength(1)
    expect(store.queued).toBe(0)
  })

  it('resends an un-acked message with the same id after a drop; an ack or a replay clears it', () => {
    const { store, socket } = setup('candidate')
    store.sendTranscript('hello', 'typed')
    const firstId = socket.sent('TRANSCRIPT_FINAL')[0].envelope.id
    socket.drop()
    socket.clear()
    socket.serverAccepts()
    const again = socket.sent('TRANSCRIPT_FINAL')
    expect(again).toHaveLength(1)
    expect(again[0].envelope.id).toBe(firstId)
    // The replay carries our id: it is recognised, not shown twice.
    socket.deliver('TRANSCRIPT_FINAL', { seq: 4, id: firstId ?? undefined, payload: { text: 'hello', source: 'typed' } })
    expect(store.queued).toBe(0)
    expect(store.room.transcript.filter((t) => t.text === 'hello')).toHaveLength(1)
    expect(store.room.transcript.find((t) => t.text === 'hello')?.seq).toBe(4)
    // The late duplicate ack changes nothing.
    again[0].ack?.({ ok: true, seq: 4, duplicate: true })
    expect(store.room.transcript.filter((t) => t.text === 'hello')).toHaveLength(1)
    expect(store.lastSeq).toBe(4)
  })

  it('keeps only the newest un-sent code snapshot', () => {
    vi.useFakeTimers()
    const { store, socket } = setup('candidate')
    socket.drop()
    store.updateCode('a')
    vi.advanceTimersByTime(1000)
    store.updateCode('ab')
    vi.advanceTimersByTime(1000)
    expect(store.queued).toBe(1)
    socket.serverAccepts()
    expect(socket.sent('CODE_SNAPSHOT').map((e) => e.envelope.payload.code)).toEqual(['ab'])
    vi.useRealTimers()
  })

  it('applies its own state change when the server acknowledges it', () => {
    const { store, socket } = setup('candidate')
    store.requestState('CODING')
    expect(store.room.state).toBe('PROBLEM')
    socket.sent('STATE_CHANGE')[0].ack?.({ ok: true, seq: 4, duplicate: false })
    expect(store.room.state).toBe('CODING')
  })

  it('drops a rejected message and shows why', () => {
    const { store, socket } = setup('candidate')
    store.requestState('WRAP_UP')
    socket.sent('STATE_CHANGE')[0].ack?.({ ok: false, error: { code: 'invalid_state', message: 'cannot move' } })
    expect(store.queued).toBe(0)
    expect(store.notices[0].code).toBe('invalid_state')
  })

  it('says once that the storage budget is used up, however many snapshots it refuses', () => {
    const { store, socket } = setup('candidate')
    const error = { code: 'budget_exceeded', message: 'storage budget is used up: not saved' }
    for (let i = 0; i < 3; i++) {
      socket.deliver('ERROR', { payload: error as never })
    }
    const notices = store.notices.filter((n) => n.code === 'budget_exceeded')
    expect(notices).toHaveLength(1)
    expect(notices[0].message).toContain('not saved')
  })

  it('sends observer notes as private or as feedback for the report', () => {
    const { store, socket } = setup('observer')
    store.sendNote('just for us')
    store.sendNote('well explained', 'feedback')
    socket.ackAll() // one logged message in flight at a time
    const sent = socket.sent('OBSERVER_NOTE').map((m) => m.envelope.payload)
    expect(sent).toEqual([
      { text: 'just for us', visibility: 'private' },
      { text: 'well explained', visibility: 'feedback' },
    ])
    expect(store.room.notes.map((n) => n.feedback)).toEqual([false, true])
  })
})

describe('session store: events', () => {
  it('assembles an interviewer stream from START, DELTAs and END', () => {
    const { store, socket } = setup('candidate')
    socket.deliver('INTERVIEWER_STREAM_START', { seq: 4, payload: { message_id: 'm1', kind: 'reply' } })
    socket.deliver('INTERVIEWER_STREAM_DELTA', { payload: { message_id: 'm1', delta: 'Hel' } })
    socket.deliver('INTERVIEWER_STREAM_DELTA', { payload: { message_id: 'm1', delta: 'lo' } })
    const msg = store.room.messages.find((m) => m.id === 'm1')
    expect(msg?.text).toBe('Hello')
    expect(msg?.streaming).toBe(true)
    socket.deliver('INTERVIEWER_STREAM_END', { seq: 5, payload: { message_id: 'm1', text: 'Hello there.' } })
    expect(store.room.messages.find((m) => m.id === 'm1')).toMatchObject({ text: 'Hello there.', streaming: false })
    expect(store.room.transcript.at(-1)).toMatchObject({ speaker: 'interviewer', text: 'Hello there.', seq: 5 })
  })

  it('shows observers the partial text, nudges newest first, and ignores empty notes', () => {
    const { store, socket } = setup('observer')
    socket.deliver('TRANSCRIPT_PARTIAL', { payload: { text: 'I think we' } })
    expect(store.room.partial).toBe('I think we')
    socket.deliver('COACH_NUDGE', { seq: 4, payload: { id: 'n1', category: 'pace', severity: 'info', text: 'a' } })
    socket.deliver('COACH_NUDGE', { seq: 5, payload: { id: 'n2', category: 'tests', severity: 'warning', text: 'b' } })
    expect(store.visibleNudges.map((n) => n.id)).toEqual(['n2', 'n1'])
    store.dismissNudge('n2')
    expect(store.visibleNudges.map((n) => n.id)).toEqual(['n1'])
    socket.deliver('OBSERVER_NOTE', { seq: 6, payload: {} })
    expect(store.room.notes).toHaveLength(0)
    expect(store.lastSeq).toBe(6)
  })

  it('flags a degraded interviewer on ERROR llm_degraded', () => {
    const { store, socket } = setup('candidate')
    socket.deliver('ERROR', { payload: { code: 'llm_degraded', message: 'model failed' } })
    expect(store.llmDegraded).toBe(true)
    expect(store.notices).toHaveLength(0)
  })
})

describe('session store: drained', () => {
  it('resolves when the outbox empties', async () => {
    const { store, socket } = setup('candidate')
    store.sendTranscript('last words', 'typed')
    let done = false
    const wait = store.drained(60_000).then(() => (done = true))
    await Promise.resolve()
    expect(done).toBe(false)
    socket.sent('TRANSCRIPT_FINAL')[0].ack?.({ ok: true, seq: 4, duplicate: false })
    await wait
    expect(done).toBe(true)
  })
})

describe('session store: history', () => {
  it('marks interviewer messages from the snapshot as history and live ones not', () => {
    const { store, socket } = setup('candidate')
    socket.deliver('INTERVIEWER_STREAM_START', { seq: 4, payload: { message_id: 'm9' } })
    expect(store.room.messages.map((m) => !!m.history)).toEqual([true, false])
  })
})
