/**
 * The live session (Pinia setup store): one socket, the room state, and the actions of the
 * candidate and observer. Delivery rules (acks, outbox, seq gaps, replays) live in `Delivery`;
 * how events change the room lives in `roomState`.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import { createSocket, type ConnectErrorLike, type SocketFactory, type SocketLike } from '@/composables/useSocket'
import { Delivery, type OwnEnvelope } from '@/lib/delivery'
import { ORIGIN_REFUSED, originRefused, type OriginProbe } from '@/lib/originCheck'
import { Liveness } from '@/lib/liveness'
import { applyEvent, applySnapshot, emptyRoom } from '@/lib/roomState'
import type { Envelope, ErrorPayload, Role, RunResult, SessionSnapshot, State } from '@/protocol'

export { GAP_WAIT_MS } from '@/lib/delivery'
/** `unresponsive`: the socket is open but the server stopped answering (see `Liveness`). */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'unresponsive' | 'reconnecting' | 'offline'

/** Debounce of CODE_SNAPSHOT while typing. */
export const CODE_DEBOUNCE_MS = 800
const OFFLINE_AFTER_ATTEMPTS = 3

export interface ConnectOptions {
  sessionId: string
  token: string
  role?: Role
  socketFactory?: SocketFactory
  /** Asks whether the server refuses this page's origin (default: the socket's own `checkOrigin`). */
  originProbe?: OriginProbe
}

export const useSessionStore = defineStore('session', () => {
  const room = reactive(emptyRoom())
  const sessionId = ref('')
  const role = ref<Role>('candidate')
  const connection = ref<ConnectionState>('idle')
  const queued = ref(0)
  const lastSeq = ref(0)
  const ready = ref(false)
  const fatal = ref<ErrorPayload | null>(null)
  const notices = ref<ErrorPayload[]>([])
  const llmDegraded = ref(false)
  const dismissed = ref<string[]>([])
  /** Server clock minus ours (from the snapshot's ts_ms): the countdown uses server time. */
  const clockOffsetMs = ref(0)

  let socket: SocketLike | null = null
  let delivery: Delivery | null = null
  let liveness: Liveness | null = null
  let codeTimer: ReturnType<typeof setTimeout> | null = null
  let failedAttempts = 0
  let originProbe: OriginProbe | undefined
  let probing = false

  const visibleNudges = computed(() => room.nudges.filter((n) => !dismissed.value.includes(n.id)))

  function reset(): void {
    Object.assign(room, emptyRoom())
    notices.value = []
    ready.value = llmDegraded.value = false
    fatal.value = null
    dismissed.value = []
    failedAttempts = 0
    probing = false
    queued.value = lastSeq.value = 0
  }

  // ------------------------------------------------------------------ connection lifecycle

  function connect(opts: ConnectOptions): void {
    disconnect()
    reset()
    sessionId.value = opts.sessionId
    role.value = opts.role ?? 'candidate'
    connection.value = 'connecting'
    originProbe = opts.originProbe
    const s = (opts.socketFactory ?? createSocket)({ session_id: opts.sessionId, token: opts.token })
    socket = s
    liveness = new Liveness(s, { onChange: onResponsiveChange })
    delivery = new Delivery(liveness.tracked, opts.sessionId, {
      onEvent: dispatch,
      onConfirmed: confirmOwn,
      onRejected: (_env, error) => addNotice(error),
      onChange: () => {
        queued.value = delivery?.queued ?? 0
        lastSeq.value = delivery?.lastSeq ?? 0
      },
    })
    s.on('connect', onConnect)
    s.on('disconnect', onDisconnect)
    s.on('connect_error', onConnectError)
    s.onAny(onEnvelope)
    s.onReconnectAttempt(() => {
      if (connection.value !== 'offline') connection.value = 'reconnecting'
      void explainFailure()
    })
    s.connect()
  }

  function disconnect(): void {
    if (codeTimer) clearTimeout(codeTimer)
    codeTimer = null
    delivery?.dispose()
    liveness?.stop()
    socket?.disconnect()
    socket = delivery = liveness = null
    connection.value = 'idle'
  }

  function onConnect(): void {
    connection.value = 'connected'
    failedAttempts = 0
    probing = false
    if (fatal.value?.code === ORIGIN_REFUSED) fatal.value = null
    liveness?.start()
    delivery?.connected()
  }

  function onResponsiveChange(responding: boolean): void {
    if (connection.value === 'connected' && !responding) connection.value = 'unresponsive'
    else if (connection.value === 'unresponsive' && responding) connection.value = 'connected'
  }

  function onDisconnect(reason: string): void {
    liveness?.stop()
    delivery?.disconnected()
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
    void explainFailure()
    if (fatal.value?.code === ORIGIN_REFUSED) return
    const online = typeof navigator === 'undefined' || navigator.onLine !== false
    connection.value = failedAttempts >= OFFLINE_AFTER_ATTEMPTS || !online ? 'offline' : 'reconnecting'
  }

  /** Once per run of failures: does the server refuse this page's origin? Then say so. */
  async function explainFailure(): Promise<void> {
    const ask = originProbe ?? socket?.checkOrigin
    if (probing || !ask || !socket || socket.connected) return
    probing = true
    const probe = socket
    const check = await ask()
    if (!check) probing = false // the server could not be asked: ask again on the next failure
    if (!check || check.accepted || probe !== socket || probe.connected) return
    fatal.value = originRefused(check)
    connection.value = 'offline'
  }

  // ------------------------------------------------------------------ receiving

  function onEnvelope(type: string, env: Envelope): void {
    liveness?.heard()
    if (!env || typeof env !== 'object') return
    if (type === 'SESSION_SNAPSHOT') {
      if (env.ts_ms) clockOffsetMs.value = env.ts_ms - Date.now()
      return onSnapshot(env.payload as unknown as SessionSnapshot)
    }
    if (type === 'ERROR') return onError(env.payload as unknown as ErrorPayload)
    delivery?.receive({ ...env, type })
  }

  function onSnapshot(snap: SessionSnapshot): void {
    const keepLocalCode = !!codeTimer || !!delivery?.pending('CODE_SNAPSHOT')
    const code = room.code
    applySnapshot(room, snap)
    if (keepLocalCode) room.code = code
    if (snap.role) role.value = snap.role
    ready.value = true
    delivery?.snapshot(snap.last_seq)
  }

  function dispatch(env: Envelope): void {
    applyEvent(room, env)
  }

  /** Our optimistic copy of a message is now logged with `seq`. */
  function confirmOwn(env: OwnEnvelope, seq: number): void {
    const line = room.transcript.find((t) => t.key === env.id) ?? room.notes.find((n) => n.key === env.id)
    if (line) Object.assign(line, { seq, pending: false })
    if (env.type === 'STATE_CHANGE') room.state = (env.payload as { to: State }).to
  }

  function onError(err: ErrorPayload): void {
    if (err.code === 'llm_degraded') llmDegraded.value = true
    else addNotice(err)
  }

  /** One notice per kind of error (a refused snapshot every few seconds is one notice, kept fresh). */
  function addNotice(err: ErrorPayload): void {
    const same = notices.value.findIndex((n) => n.code === err.code)
    if (same >= 0) notices.value.splice(same, 1)
    notices.value.push(err)
  }

  // ------------------------------------------------------------------ sending

  /**
   * Queues a logged client message (resent after reconnects until acknowledged); returns its
   * id, or '' when no session is connected.
   */
  function send(type: string, payload: Record<string, unknown>): string {
    return delivery ? delivery.send(type, payload).id : ''
  }

  function sendTranscript(text: string, source: 'speech' | 'typed'): void {
    const clean = text.trim()
    if (!clean || !delivery) return
    const id = send('TRANSCRIPT_FINAL', { text: clean, source })
    room.transcript.push({ key: id, ts_ms: Date.now(), speaker: 'candidate', text: clean, source, pending: true })
    room.partial = ''
  }

  /** Interim speech: ephemeral, only worth sending while connected. */
  function sendPartial(text: string): void {
    if (role.value === 'candidate') delivery?.sendEphemeral('TRANSCRIPT_PARTIAL', { text })
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

  /** A sample run (the server judges submits itself: contract v2). */
  function sendRunResult(result: RunResult): void {
    room.runs.push(result)
    send('RUN_RESULT', { ...result })
  }

  /** An observer note: private to observers, or feedback the candidate sees on the report. */
  function sendNote(text: string, visibility: 'private' | 'feedback' = 'private'): void {
    const clean = text.trim()
    if (!clean || !delivery) return
    const id = send('OBSERVER_NOTE', { text: clean, visibility })
    room.notes.push({ key: id, ts_ms: Date.now(), text: clean, pending: true, feedback: visibility === 'feedback' })
  }

  /** Resolves once every queued message is acknowledged, or after `timeoutMs` (offline). */
  function drained(timeoutMs = 2000): Promise<void> {
    if (queued.value === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        stop()
        clearTimeout(timer)
        resolve()
      }
      const stop = watch(queued, (n) => n === 0 && done())
      const timer = setTimeout(done, timeoutMs)
    })
  }

  function dismissNudge(id: string): void {
    if (!dismissed.value.includes(id)) dismissed.value.push(id)
  }

  function dismissNotice(index: number): void {
    notices.value.splice(index, 1)
  }

  return {
    room, sessionId, role, connection, queued, ready, fatal, notices, llmDegraded, lastSeq, clockOffsetMs,
    visibleNudges, connect, disconnect, send, sendTranscript, sendPartial, requestState,
    updateCode, flushCode, sendRunResult, sendNote, dismissNudge,
    dismissNotice, drained,
  }
})
