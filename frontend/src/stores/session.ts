/**
 * The live session (Pinia setup store): one socket, the room state, and the delivery rules of
 * the wire contract: seq tracking with gap-triggered replay, an outbox of un-acknowledged
 * messages resent with the same ids after a reconnect, and de-duplication of replays.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import { createSocket, type ConnectErrorLike, type SocketFactory, type SocketLike } from '@/composables/useSocket'
import { newId } from '@/lib/ids'
import { Outbox } from '@/lib/outbox'
import { applyEvent, applySnapshot, emptyRoom } from '@/lib/roomState'
import { SeqTracker } from '@/lib/seqTracker'
import type { Ack, Envelope, ErrorPayload, Role, RunResult, SessionSnapshot, State, TestCase } from '@/protocol'

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline'
export type RunRequestHandler = (tests: TestCase[]) => void | Promise<void>

/** How long a seq gap may last before we ask for a replay (an ack may still be in flight). */
export const GAP_WAIT_MS = 400
/** Debounce of CODE_SNAPSHOT while typing. */
export const CODE_DEBOUNCE_MS = 800
const OFFLINE_AFTER_ATTEMPTS = 3

export interface ConnectOptions {
  sessionId: string
  token: string
  role?: Role
  socketFactory?: SocketFactory
}

export const useSessionStore = defineStore('session', () => {
  const room = reactive(emptyRoom())
  const sessionId = ref('')
  const role = ref<Role>('candidate')
  const connection = ref<ConnectionState>('idle')
  const queued = ref(0)
  const ready = ref(false)
  const fatal = ref<ErrorPayload | null>(null)
  const notices = ref<ErrorPayload[]>([])
  const llmDegraded = ref(false)
  const dismissed = ref<string[]>([])
  const lastSeq = ref(0)
  const socketRef = shallowRef<SocketLike | null>(null)

  let tracker = new SeqTracker()
  let outbox = new Outbox()
  let ownIds = new Set<string>()
  let buffered: Envelope[] = []
  let gapTimer: ReturnType<typeof setTimeout> | null = null
  let codeTimer: ReturnType<typeof setTimeout> | null = null
  let failedAttempts = 0
  let runRequestHandler: RunRequestHandler | null = null
  let pendingRunRequest: TestCase[] | null = null

  const visibleNudges = computed(() => room.nudges.filter((n) => !dismissed.value.includes(n.id)))

  function syncCounters(): void {
    queued.value = outbox.size
    lastSeq.value = tracker.lastSeq
  }

  function resetAll(): void {
    Object.assign(room, emptyRoom())
    tracker = new SeqTracker()
    outbox = new Outbox()
    ownIds = new Set()
    buffered = []
    clearTimers()
    Object.assign(room, emptyRoom())
    ready.value = false
    fatal.value = null
    notices.value = []
    llmDegraded.value = false
    dismissed.value = []
    failedAttempts = 0
    pendingRunRequest = null
    syncCounters()
  }

  function clearTimers(): void {
    if (gapTimer) clearTimeout(gapTimer)
    if (codeTimer) clearTimeout(codeTimer)
    gapTimer = codeTimer = null
  }

  // ------------------------------------------------------------------ connection lifecycle

  function connect(opts: ConnectOptions): void {
    disconnect()
    resetAll()
    sessionId.value = opts.sessionId
    role.value = opts.role ?? 'candidate'
    connection.value = 'connecting'
    const socket = (opts.socketFactory ?? createSocket)({ session_id: opts.sessionId, token: opts.token })
    socketRef.value = socket
    socket.on('connect', onConnect)
    socket.on('disconnect', onDisconnect)
    socket.on('connect_error', onConnectError)
    socket.onAny(onEnvelope)
    socket.onReconnectAttempt(() => {
      if (connection.value !== 'offline') connection.value = 'reconnecting'
    })
    socket.connect()
  }

  function disconnect(): void {
    clearTimers()
    socketRef.value?.disconnect()
    socketRef.value = null
    connection.value = 'idle'
  }

  function onConnect(): void {
    connection.value = 'connected'
    failedAttempts = 0
    sendReady()
    for (const entry of outbox.list()) emitEntry(entry)
  }

  function onDisconnect(reason: string): void {
    for (const entry of outbox.list()) entry.sent = false
    if (reason === 'io client disconnect') return
    connection.value = reason === 'io server disconnect' ? 'offline' : 'reconnecting'
  }

  function onConnectError(err: ConnectErrorLike): void {
    if (err.data?.code) {
      fatal.value = { code: err.data.code, message: err.data.message ?? err.message }
      connection.value = 'offline'
      return
    }
    failedAttempts += 1
    const online = typeof navigator === 'undefined' || navigator.onLine !== false
    connection.value = failedAttempts >= OFFLINE_AFTER_ATTEMPTS || !online ? 'offline' : 'reconnecting'
  }

  /** CLIENT_READY: a snapshot the first time, afterwards a replay of everything after lastSeq. */
  function sendReady(): void {
    const socket = socketRef.value
    if (!socket?.connected) return
    const payload = ready.value ? { last_seq: tracker.lastSeq } : {}
    socket.emit('CLIENT_READY', envelope('CLIENT_READY', payload, newId()), () => undefined)
  }

  // ------------------------------------------------------------------ sending

  function envelope(type: string, payload: Record<string, unknown>, id: string): Envelope & { id: string } {
    return { type, ts_ms: Date.now(), session_id: sessionId.value, payload, id }
  }

  function emitEntry(entry: { envelope: Envelope & { id: string }; sent: boolean }): void {
    const socket = socketRef.value
    if (!socket?.connected) return
    entry.sent = true
    const env = entry.envelope
    socket.emit(env.type, env, (ack: Ack) => onAck(env, ack))
  }

  function onAck(env: Envelope & { id: string }, ack: Ack): void {
    if (!outbox.ack(env.id)) return
    if (!ack?.ok) {
      notices.value.push(ack?.error ?? { code: 'rejected', message: `${env.type} was rejected` })
    } else if (ack.seq != null) {
      tracker.mark(ack.seq)
      confirmOwn(env, ack.seq)
    }
    syncCounters()
    checkGap()
  }

  /** Our optimistic copy of a message is now logged with `seq`. */
  function confirmOwn(env: Envelope & { id: string }, seq: number): void {
    const line = room.transcript.find((t) => t.key === env.id) ?? room.notes.find((n) => n.key === env.id)
    if (line) Object.assign(line, { seq, pending: false })
    if (env.type === 'STATE_CHANGE') room.state = (env.payload as { to: State }).to
  }

  /** Queues a logged client message (resent after reconnects until acknowledged); returns its id. */
  function send(type: string, payload: Record<string, unknown>): string {
    const id = newId()
    ownIds.add(id)
    const entry = outbox.add(envelope(type, payload, id))
    syncCounters()
    emitEntry(entry)
    return id
  }

  function sendTranscript(text: string, source: 'speech' | 'typed'): void {
    const clean = text.trim()
    if (!clean) return
    const id = send('TRANSCRIPT_FINAL', { text: clean, source })
    room.transcript.push({ key: id, ts_ms: Date.now(), speaker: 'candidate', text: clean, source, pending: true })
    room.partial = ''
  }

  /** Interim speech: ephemeral, only worth sending while connected. */
  function sendPartial(text: string): void {
    const socket = socketRef.value
    if (!socket?.connected || role.value !== 'candidate') return
    socket.emit('TRANSCRIPT_PARTIAL', envelope('TRANSCRIPT_PARTIAL', { text }, newId()))
  }

  function requestState(to: State): void {
    flushCode()
    send('STATE_CHANGE', { to })
  }

  function updateCode(code: string): void {
    if (code === room.code) return
    room.code = code
    if (codeTimer) clearTimeout(codeTimer)
    codeTimer = setTimeout(flushCode, CODE_DEBOUNCE_MS)
  }

  /** Sends the pending code snapshot now (before a run, a submit or the end). */
  function flushCode(): void {
    if (!codeTimer) return
    clearTimeout(codeTimer)
    codeTimer = null
    send('CODE_SNAPSHOT', { code: room.code, language: room.language })
  }

  function sendRunResult(result: RunResult): void {
    room.runs.push(result)
    send('RUN_RESULT', { ...result })
  }

  function sendNote(text: string): void {
    const clean = text.trim()
    if (!clean) return
    const id = send('OBSERVER_NOTE', { text: clean })
    room.notes.push({ key: id, ts_ms: Date.now(), text: clean, pending: true })
  }

  // ------------------------------------------------------------------ receiving

  function onEnvelope(type: string, env: Envelope): void {
    if (!env || typeof env !== 'object') return
    if (type === 'SESSION_SNAPSHOT') return onSnapshot(env.payload as unknown as SessionSnapshot)
    if (type === 'ERROR') return onError(env.payload as unknown as ErrorPayload)
    if (!ready.value) {
      buffered.push({ ...env, type })
      return
    }
    receive({ ...env, type })
  }

  function receive(env: Envelope): void {
    if (env.seq == null) {
      applyEvent(room, env)
      return
    }
    if (env.id && ownIds.has(env.id)) {
      // A replay of our own message whose ack we never got: known, not applied twice.
      if (tracker.mark(env.seq)) confirmOwn(env as Envelope & { id: string }, env.seq)
      outbox.ack(env.id)
    } else if (tracker.mark(env.seq)) {
      dispatch(env)
    }
    syncCounters()
    checkGap()
  }

  function dispatch(env: Envelope): void {
    if (env.type === 'RUN_REQUEST') return onRunRequest((env.payload as { tests?: TestCase[] }).tests ?? [])
    applyEvent(room, env)
  }

  function onSnapshot(snap: SessionSnapshot): void {
    const localCode = outbox.list().some((e) => e.envelope.type === 'CODE_SNAPSHOT') || codeTimer
    const code = room.code
    applySnapshot(room, snap)
    if (localCode) room.code = code
    if (snap.role) role.value = snap.role
    tracker.reset(snap.last_seq)
    ready.value = true
    const early = buffered
    buffered = []
    early.forEach(receive)
    syncCounters()
  }

  function onError(err: ErrorPayload): void {
    if (err.code === 'llm_degraded') llmDegraded.value = true
    else notices.value.push(err)
  }

  function onRunRequest(tests: TestCase[]): void {
    if (role.value !== 'candidate') return
    if (runRequestHandler) void runRequestHandler(tests)
    else pendingRunRequest = tests
  }

  /** The page that owns the sandbox answers RUN_REQUESTs (one may already be waiting). */
  function setRunRequestHandler(handler: RunRequestHandler | null): void {
    runRequestHandler = handler
    if (handler && pendingRunRequest) {
      const tests = pendingRunRequest
      pendingRunRequest = null
      void handler(tests)
    }
  }

  function checkGap(): void {
    if (!tracker.hasGap()) {
      if (gapTimer) clearTimeout(gapTimer)
      gapTimer = null
      return
    }
    if (gapTimer) return
    gapTimer = setTimeout(() => {
      gapTimer = null
      if (tracker.hasGap()) sendReady()
    }, GAP_WAIT_MS)
  }

  function dismissNudge(id: string): void {
    if (!dismissed.value.includes(id)) dismissed.value.push(id)
  }

  function dismissNotice(index: number): void {
    notices.value.splice(index, 1)
  }

  return {
    room, sessionId, role, connection, queued, ready, fatal, notices, llmDegraded, lastSeq,
    visibleNudges, connect, disconnect, send, sendTranscript, sendPartial, requestState,
    updateCode, flushCode, sendRunResult, sendNote, setRunRequestHandler, dismissNudge,
    dismissNotice,
  }
})
