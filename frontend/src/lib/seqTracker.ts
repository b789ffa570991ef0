/**
 * Tracks which logged seqs this client has seen. `lastSeq` is the highest seq such that every
 * seq up to it has been seen; anything seen above it means a gap (a missed event).
 */
export class SeqTracker {
  private seen = new Set<number>()
  private contiguous = 0

  get lastSeq(): number {
    return this.contiguous
  }

  /** Everything up to `seq` is known (a snapshot): drop older bookkeeping. */
  reset(seq: number): void {
    this.contiguous = Math.max(0, seq)
    for (const s of this.seen) if (s <= this.contiguous) this.seen.delete(s)
    this.advance()
  }

  has(seq: number): boolean {
    return seq <= this.contiguous || this.seen.has(seq)
  }

  /** Marks `seq` seen; false when it already was (a duplicate). */
  mark(seq: number): boolean {
    if (this.has(seq)) return false
    this.seen.add(seq)
    this.advance()
    return true
  }

  hasGap(): boolean {
    return this.seen.size > 0
  }

  private advance(): void {
    while (this.seen.has(this.contiguous + 1)) {
      this.contiguous += 1
      this.seen.delete(this.contiguous)
    }
  }
}
