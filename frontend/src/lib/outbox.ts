/**
 * Client messages not yet acknowledged. Each keeps its envelope (with its id) so a resend after
 * a reconnect is byte-for-byte the same message, which the server de-duplicates by id.
 */
import type { Envelope } from '@/protocol'

export interface OutboxEntry {
  envelope: Envelope & { id: string }
  sent: boolean
}

/** Types where only the newest un-acknowledged message matters. */
const COALESCED = new Set(['CODE_SNAPSHOT', 'TRANSCRIPT_PARTIAL'])

export class Outbox {
  private entries: OutboxEntry[] = []

  get size(): number {
    return this.entries.length
  }

  list(): readonly OutboxEntry[] {
    return this.entries
  }

  add(envelope: Envelope & { id: string }): OutboxEntry {
    if (COALESCED.has(envelope.type)) {
      this.entries = this.entries.filter((e) => e.envelope.type !== envelope.type)
    }
    const entry = { envelope, sent: false }
    this.entries.push(entry)
    return entry
  }

  /** Removes the entry with this id; true when it was still waiting. */
  ack(id: string): boolean {
    const before = this.entries.length
    this.entries = this.entries.filter((e) => e.envelope.id !== id)
    return this.entries.length !== before
  }

  has(id: string): boolean {
    return this.entries.some((e) => e.envelope.id === id)
  }
}
