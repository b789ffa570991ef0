/**
 * The page tells the truth when the server refuses its handshake: never "Connected", every typed
 * message visibly queued ("not sent yet"), and a refused origin explained in words.
 */
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import TranscriptPanel from '@/components/transcript/TranscriptPanel.vue'
import NotesPanel from '@/components/observer/NotesPanel.vue'
import { type OriginCheck } from '@/lib/originCheck'
import { useSessionStore } from '@/stores/session'
import { FakeSocket } from './helpers/fakeSocket'
import { snapshot } from './fixtures/question'

const PAGE = 'http://127.0.0.1:8080'
const refused: OriginCheck = { origin: PAGE, accepted: false, server_origin: 'http://127.0.0.1' }
const flush = () => new Promise((r) => setTimeout(r, 0))

function connect(answer: OriginCheck | null) {
  setActivePinia(createPinia())
  const store = useSessionStore()
  const socket = new FakeSocket()
  let asked = 0
  const originProbe = async () => {
    asked += 1
    return answer
  }
  store.connect({ sessionId: 's1', token: 't', socketFactory: () => socket, originProbe })
  return { store, socket, asked: () => asked }
}

const bareRefusal = { message: 'websocket error' } // a 400 handshake: no data, no reason

describe('a handshake the server refuses', () => {
  it('explains a refused origin, stays off "connected" and keeps typed messages queued', async () => {
    const { store, socket, asked } = connect(refused)
    socket.refuse(bareRefusal)
    await flush()
    expect(store.fatal?.code).toBe('origin_refused')
    expect(store.fatal?.message).toContain(PAGE)
    expect(store.fatal?.message).toContain('http://127.0.0.1')
    expect(store.fatal?.message).toContain('PUBLIC_ORIGIN')
    expect(store.connection).toBe('offline')
    socket.refuse(bareRefusal)
    socket.refuse(bareRefusal)
    await flush()
    expect(asked()).toBe(1) // once per run of failures
    expect(store.connection).toBe('offline')

    store.sendTranscript('is anyone there?', 'typed')
    expect(socket.sent('TRANSCRIPT_FINAL')).toHaveLength(0)
    expect(store.queued).toBe(1)
    expect(store.room.transcript.map((t) => [t.text, t.pending])).toEqual([['is anyone there?', true]])
  })

  it('clears the explanation once a connection gets through (the proxy was fixed)', async () => {
    const { store, socket } = connect(refused)
    socket.refuse(bareRefusal)
    await flush()
    socket.serverAccepts()
    expect(store.fatal).toBeNull()
    expect(store.connection).toBe('connected')
  })

  it('says nothing about origins when the server accepts the page (a node is just down)', async () => {
    const { store, socket, asked } = connect({ ...refused, accepted: true })
    socket.refuse(bareRefusal)
    await flush()
    expect(asked()).toBe(1)
    expect(store.fatal).toBeNull()
    expect(store.connection).toBe('reconnecting')
  })

  it('asks again on the next failure when the server could not be asked', async () => {
    const { socket, asked } = connect(null)
    socket.refuse(bareRefusal)
    await flush()
    socket.refuse(bareRefusal)
    await flush()
    expect(asked()).toBe(2)
  })

  it('also asks when a transport closes before connecting (long-polling retries with no connect_error)', async () => {
    const { store, socket } = connect(refused)
    socket.drop('transport error')
    await flush()
    expect(store.fatal?.code).toBe('origin_refused')
  })
})

describe('queued messages are marked on the page', () => {
  it('shows "not sent yet" on a line until the server confirms it', async () => {
    const { store, socket } = connect({ ...refused, accepted: true })
    socket.serverAccepts()
    socket.deliver('SESSION_SNAPSHOT', { payload: snapshot() as never })
    socket.drop()
    store.sendTranscript('queued while offline', 'typed')
    const panel = mount(TranscriptPanel, { props: { lines: store.room.transcript } })
    const line = () => panel.findAll('li').find((li) => li.text().includes('queued while offline'))
    expect(line()?.find('[data-testid="not-sent"]').exists()).toBe(true)
    socket.serverAccepts()
    const sent = socket.sent('TRANSCRIPT_FINAL')
    sent[sent.length - 1].ack?.({ ok: true, seq: 4, duplicate: false })
    await nextTick()
    expect(line()?.find('[data-testid="not-sent"]').exists()).toBe(false)
  })

  it('marks an observer note the same way', () => {
    const panel = mount(NotesPanel, { props: { notes: [{ key: 'n1', ts_ms: 1, text: 'note', pending: true }] } })
    expect(panel.get('[data-testid="not-sent"]').text()).toBe('not sent yet')
  })
})

describe('lines in log order', () => {
  it('puts a line replayed after a gap before the later one that came live', async () => {
    const { store, socket } = connect({ ...refused, accepted: true })
    socket.serverAccepts()
    socket.deliver('SESSION_SNAPSHOT', { payload: snapshot({ role: 'observer' }) as never })
    const said = (seq: number, text: string) => socket.deliver('TRANSCRIPT_FINAL', { seq, payload: { text, source: 'typed' } })
    said(5, 'five (live, after a reconnect)')
    said(4, 'four (replayed)')
    said(6, 'six')
    expect(store.room.transcript.map((t) => t.seq)).toEqual([...store.room.transcript.map((t) => t.seq)].sort((a, b) => (a ?? 0) - (b ?? 0)))
    expect(store.room.transcript.slice(-3).map((t) => t.text)).toEqual(['four (replayed)', 'five (live, after a reconnect)', 'six'])
  })
})
