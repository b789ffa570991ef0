/**
 * What a screen reader should hear of streamed interviewer messages: each sentence once it is
 * finished (not every delta), the rest when the message ends. Messages from a snapshot (said
 * before the page loaded) are not announced.
 */
import { takeSentences } from '@/composables/useSpeechSynthesis'
import type { InterviewerMessage } from '@/lib/roomState'

export class SentenceAnnouncer {
  private offsets = new Map<string, number>()

  /** The sentences finished since the last call, in order. */
  next(messages: readonly InterviewerMessage[]): string[] {
    const out: string[] = []
    for (const m of messages) {
      if (m.history) {
        this.offsets.set(m.id, m.text.length)
        continue
      }
      const { sentences, next } = takeSentences(m.text, this.offsets.get(m.id) ?? 0, !m.streaming)
      this.offsets.set(m.id, next)
      out.push(...sentences)
    }
    return out
  }
}
