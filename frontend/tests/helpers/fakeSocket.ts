/** A scripted stand-in for socket.io: the test plays the server. */
import type { ConnectErrorLike, SocketLike } from '@/composables/useSocket'
import type { Ack, Envelope } from '@/protocol'

export interface Emitted {
  type: string
  envelope: Envelope
  ack?: (res: Ack) => void
}

type Handler = (...args: never[]) => void

export class FakeSocket implements SocketLike {
  connected = false
  emitted: Emitted[] = []
  private handlers = new Map<string, Handler[]>()
  private anyHandlers: ((type: string, env: Envelope) => void)[] = []
  private reconnectHandlers: ((n: number) => void)[] = []

  connect(): void {}
  disconnect(): void {
    this.connected = false
  }
  emit(type: string, envelope: Envelope, ack?: (res: Ack) => void): void {
    this.emitted.push({ type, envelope, ack })
  }
  on(event: string, fn: Handler): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn])
  }
  onAny(fn: (type: string, env: Envelope) => void): void {
    this.anyHandlers.push(fn)
  }
  onReconnectAttempt(fn: (n: number) => void): void {
    this.reconnectHandlers.push(fn)
  }

  // ---- the test's side
  serverAccepts(): void {
    this.connected = true
    this.fire('connect')
  }
  drop(reason = 'transport close'): void {
    this.connected = false
    this.fire('disconnect', reason)
    this.reconnectHandlers.forEach((h) => h(1))
  }
  refuse(err: ConnectErrorLike): void {
    this.fire('connect_error', err)
  }
  deliver(type: string, fields: Partial<Envelope> & { payload: Record<string, unknown> }): void {
    const env: Envelope = { type, ts_ms: 1_700_000_000_000, session_id: 's1', ...fields }
    this.anyHandlers.forEach((h) => h(type, env))
  }
  /** The server acknowledges every message not yet acknowledged (the next one is sent on each ack:
   *  the page keeps one logged message in flight), with seqs from `firstSeq`; returns how many. */
  ackAll(firstSeq = 100): number {
    let count = 0
    for (let fresh = this.unacked(); fresh.length; fresh = this.unacked()) {
      for (const e of fresh) {
        this.acked.add(e)
        e.ack?.({ ok: true, seq: firstSeq + count++, duplicate: false })
      }
    }
    return count
  }
  private acked = new Set<Emitted>()
  private unacked(): Emitted[] {
    return this.emitted.filter((e) => e.ack && e.type !== 'CLIENT_READY' && !this.acked.has(e))
  }
  sent(type: string): Emitted[] {
    return this.emitted.filter((e) => e.type === type)
  }
  clear(): void {
    this.emitted = []
  }
  private fire(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args)
  }
}
