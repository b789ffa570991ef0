/**
 * Is the server still answering? A socket can look open while the server is frozen or stuck
 * (nothing closes the TCP connection), so "connected" alone is not the truth. `Liveness` wraps
 * the socket: every emit that expects an ack is tracked, and when the oldest unanswered one is
 * older than `staleMs` the server counts as not responding. While nothing else is in flight a
 * `PING` (answered by the server's ack, never logged) goes out every `pingEveryMs`, so a freeze
 * shows even when the candidate is silent. Any ack or incoming event clears the state.
 */
import type { SocketLike } from '@/composables/useSocket'
import type { Ack, Envelope } from '@/protocol'

export const PING_EVERY_MS = 1000
export const STALE_AFTER_MS = 2000
const TICK_MS = 250

export interface LivenessOptions {
  pingEveryMs?: number
  staleMs?: number
  now?: () => number
  onChange: (responding: boolean) => void
}

export class Liveness {
  private outstanding = new Map<number, number>()
  private nextId = 1
  private lastHeard = 0
  private timer: ReturnType<typeof setInterval> | null = null
  responding = true

  constructor(
    private readonly socket: SocketLike,
    private readonly opts: LivenessOptions,
  ) {}

  private wrapped: SocketLike | null = null

  /** The wrapped socket: the same calls, with acks counted. */
  get tracked(): SocketLike {
    return (this.wrapped ??= this.wrap())
  }

  private wrap(): SocketLike {
    const emit = (type: string, env: Envelope, ack?: (res: Ack) => void): void => {
      if (!ack) return this.socket.emit(type, env)
      const done = this.expect()
      this.socket.emit(type, env, (res) => {
        done()
        ack(res)
      })
    }
    const s = this.socket
    return {
      get connected() {
        return s.connected
      },
      connect: () => s.connect(),
      disconnect: () => s.disconnect(),
      emit,
      on: ((event: 'connect', fn: () => void) => s.on(event, fn)) as SocketLike['on'],
      onAny: (fn) => s.onAny(fn),
      onReconnectAttempt: (fn) => s.onReconnectAttempt(fn),
    }
  }

  /** Starts the clock (after a connect): the previous connection's unanswered acks are moot. */
  start(): void {
    this.reset()
    this.timer ??= setInterval(() => this.tick(), TICK_MS)
  }

  /** Stops pinging (disconnected): the connection state says the rest. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.reset()
  }

  /** Anything from the server proves it is alive. */
  heard(): void {
    this.lastHeard = this.now()
    this.set(this.outstanding.size === 0 || this.oldestAge() < this.staleMs)
  }

  private reset(): void {
    this.outstanding.clear()
    this.lastHeard = this.now()
    this.set(true)
  }

  private expect(): () => void {
    const id = this.nextId++
    this.outstanding.set(id, this.now())
    return () => {
      this.outstanding.delete(id)
      this.heard()
    }
  }

  private tick(): void {
    if (!this.socket.connected) return
    if (this.outstanding.size > 0) return this.set(this.oldestAge() < this.staleMs)
    if (this.now() - this.lastHeard >= (this.opts.pingEveryMs ?? PING_EVERY_MS)) this.ping()
  }

  private ping(): void {
    const env: Envelope = { type: 'PING', ts_ms: Date.now(), session_id: null, payload: {} }
    this.tracked.emit('PING', env, () => undefined)
  }

  private oldestAge(): number {
    return this.now() - Math.min(...this.outstanding.values())
  }

  private get staleMs(): number {
    return this.opts.staleMs ?? STALE_AFTER_MS
  }

  private now(): number {
    return (this.opts.now ?? Date.now)()
  }

  private set(responding: boolean): void {
    if (responding === this.responding) return
    this.responding = responding
    this.opts.onChange(responding)
  }
}
