/**
 * Reliable delivery over one socket, as the wire contract asks:
 * - outgoing: every logged message keeps its id in an outbox until acknowledged, and is resent
 *   with the same id after a reconnect (the server drops repeats and answers the original seq);
 *   one at a time, in the order they were written: the server handles a connection's messages
 *   concurrently, so a burst (an outbox flushed after a failover) would otherwise be logged out of
 *   order (seen through nginx after a node's SIGKILL: typed 4, 5, 6 logged as 6, 4, 5);
 * - incoming: logged events are applied once, in the order they arrive; a seq gap that lasts
 *   GAP_WAIT_MS (an ack may still be in flight) triggers `CLIENT_READY {last_seq}` for a replay;
 *   replays of our own messages (they carry our id) confirm them instead of being applied again.
 */
import type { SocketLike } from '@/composables/useSocket'
import { newId } from '@/lib/ids'
import { Outbox, type OutboxEntry } from '@/lib/outbox'
import { SeqTracker } from '@/lib/seqTracker'
import type { Ack, Envelope, ErrorPayload } from '@/protocol'

export const GAP_WAIT_MS = 400

export type OwnEnvelope = Envelope & { id: string }

export interface DeliveryHooks {
  /** A server event new to this client (logged or ephemeral). */
  onEvent: (env: Envelope) => void
  /** One of our messages is in the log with `seq` (from its ack or from a replay). */
  onConfirmed: (env: OwnEnvelope, seq: number) => void
  onRejected: (env: OwnEnvelope, error: ErrorPayload) => void
  /** lastSeq or the outbox size changed. */
  onChange: () => void
}

export class Delivery {
  private tracker = new SeqTracker()
  private outbox = new Outbox()
  private ownIds = new Set<string>()
  private early: Envelope[] = []
  private gapTimer: ReturnType<typeof setTimeout> | null = null
  private synced = false
  /** The id of the message sent and not yet acknowledged (at most one: see the class comment). */
  private inFlight: string | null = null

  constructor(
    private readonly socket: SocketLike,
    private readonly sessionId: string,
    private readonly hooks: DeliveryHooks,
  ) {}

  get lastSeq(): number {
    return this.tracker.lastSeq
  }

  get queued(): number {
    return this.outbox.size
  }

  /** True while a message of this type waits in the outbox. */
  pending(type: string): boolean {
    return this.outbox.list().some((e) => e.envelope.type === type)
  }

  /** After every connect: CLIENT_READY first, then everything still unacknowledged, in order. */
  connected(): void {
    this.requestSync()
    this.inFlight = null
    this.pump()
  }

  disconnected(): void {
    for (const entry of this.outbox.list()) entry.sent = false
    this.inFlight = null
  }

  dispose(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer)
    this.gapTimer = null
  }

  /** Queues a logged message; sent now when connected, else after the next connect. */
  send(type: string, payload: Record<string, unknown>): OwnEnvelope {
    const env = this.envelope(type, payload)
    this.ownIds.add(env.id)
    this.outbox.add(env)
    this.hooks.onChange()
    this.pump()
    return env
  }

  /** Fire-and-forget (ephemeral types): dropped when not connected. */
  sendEphemeral(type: string, payload: Record<string, unknown>): void {
    if (this.socket.connected) this.socket.emit(type, this.envelope(type, payload))
  }

  /** A snapshot covers everything up to `lastSeq`; events that came before it are sorted out. */
  snapshot(lastSeq: number): void {
    this.tracker.reset(lastSeq)
    this.synced = true
    const early = this.early
    this.early = []
    early.forEach((env) => this.receive(env))
    this.hooks.onChange()
  }

  receive(env: Envelope): void {
    if (!this.synced) {
      this.early.push(env)
      return
    }
    if (env.seq == null) return this.hooks.onEvent(env)
    if (env.id && this.ownIds.has(env.id)) {
      if (this.tracker.mark(env.seq)) this.hooks.onConfirmed(env as OwnEnvelope, env.seq)
      this.outbox.ack(env.id)
      this.settled(env.id)
    } else if (this.tracker.mark(env.seq)) {
      this.hooks.onEvent(env)
    }
    this.hooks.onChange()
    this.checkGap()
  }

  private requestSync(): void {
    if (!this.socket.connected) return
    const payload = this.synced ? { last_seq: this.tracker.lastSeq } : {}
    this.socket.emit('CLIENT_READY', this.envelope('CLIENT_READY', payload), () => undefined)
  }

  private envelope(type: string, payload: Record<string, unknown>): OwnEnvelope {
    return { type, ts_ms: Date.now(), session_id: this.sessionId, payload, id: newId() }
  }

  /** Sends the oldest unsent message when connected and none is waiting for its ack. */
  private pump(): void {
    if (!this.socket.connected || this.inFlight) return
    const entry = this.outbox.list().find((e) => !e.sent)
    if (entry) this.emit(entry)
  }

  private emit(entry: OutboxEntry): void {
    entry.sent = true
    const env = entry.envelope
    this.inFlight = env.id
    this.socket.emit(env.type, env, (ack: Ack) => this.onAck(env, ack))
  }

  /** The message with this id needs no more waiting (acked, replayed, or replaced in the outbox). */
  private settled(id: string): void {
    if (this.inFlight !== id) return
    this.inFlight = null
    this.pump()
  }

  private onAck(env: OwnEnvelope, ack: Ack): void {
    if (this.outbox.ack(env.id)) {
      if (!ack?.ok) {
        this.hooks.onRejected(env, ack?.error ?? { code: 'rejected', message: `${env.type} was rejected` })
      } else if (ack.seq != null && this.tracker.mark(ack.seq)) {
        this.hooks.onConfirmed(env, ack.seq)
      }
      this.hooks.onChange()
      this.checkGap()
    }
    this.settled(env.id)
  }

  private checkGap(): void {
    if (!this.tracker.hasGap()) return this.dispose()
    if (this.gapTimer) return
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null
      if (this.tracker.hasGap()) this.requestSync()
    }, GAP_WAIT_MS)
  }
}
