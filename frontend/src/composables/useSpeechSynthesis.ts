/**
 * Reads interviewer messages aloud sentence by sentence while they stream. Every utterance has a
 * timeout (max(3 s, 80 ms per character)): headless or voiceless synthesisers never fire `end`,
 * and the page must not hang waiting for them.
 */
import { onScopeDispose, ref, type Ref } from 'vue'

export interface SynthLike {
  speak(u: SpeechSynthesisUtterance): void
  cancel(): void
}
export type UtteranceCtor = new (text: string) => SpeechSynthesisUtterance

export interface SynthesisOptions {
  synth?: SynthLike | null
  Utterance?: UtteranceCtor | null
  onSpeakingChange?: (speaking: boolean) => void
  enabled?: boolean
}

export interface Synthesis {
  supported: boolean
  enabled: Ref<boolean>
  speaking: Ref<boolean>
  /** Feed the whole text so far of a streaming message; `done` flushes the last sentence. */
  feed: (messageId: string, text: string, done: boolean) => void
  toggle: () => void
  cancel: () => void
}

export function utteranceTimeoutMs(text: string): number {
  return Math.max(3000, 80 * text.length)
}

/** Complete sentences in `text` from `from` on, and where the unread rest begins. */
export function takeSentences(text: string, from: number, done: boolean): { sentences: string[]; next: number } {
  const sentences: string[] = []
  const re = /(?:[^.!?\n]|[.!?](?![\s.!?]|$))*[.!?]+(?=\s|$)|[^\n]*\n/y
  re.lastIndex = from
  let next = from
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) break
    if (m.index + m[0].length === text.length && !done && !/\n$/.test(m[0])) break
    if (m[0].trim()) sentences.push(m[0].trim())
    next = m.index + m[0].length
  }
  if (done && text.slice(next).trim()) {
    sentences.push(text.slice(next).trim())
    next = text.length
  }
  return { sentences: sentences.map(stripMarkdown).filter(Boolean), next }
}

function stripMarkdown(s: string): string {
  return s.replace(/```[\s\S]*?```/g, ' code ').replace(/[`*_#>]/g, '').trim()
}

function defaultSynth(): SynthLike | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null
}

function defaultUtterance(): UtteranceCtor | null {
  return typeof SpeechSynthesisUtterance !== 'undefined' ? SpeechSynthesisUtterance : null
}

export function useSpeechSynthesis(opts: SynthesisOptions = {}): Synthesis {
  const synth = opts.synth === undefined ? defaultSynth() : opts.synth
  const Utterance = opts.Utterance === undefined ? defaultUtterance() : opts.Utterance
  const supported = !!synth && !!Utterance
  const enabled = ref(supported && (opts.enabled ?? true))
  const speaking = ref(false)
  const queue: string[] = []
  const offsets = new Map<string, number>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let current: SpeechSynthesisUtterance | null = null

  function setSpeaking(value: boolean): void {
    if (speaking.value === value) return
    speaking.value = value
    opts.onSpeakingChange?.(value)
  }

  function finish(u: SpeechSynthesisUtterance): void {
    if (current !== u) return
    current = null
    if (timer) clearTimeout(timer)
    timer = null
    next()
  }

  function next(): void {
    const text = queue.shift()
    if (!text || !enabled.value || !synth || !Utterance) {
      setSpeaking(false)
      return
    }
    setSpeaking(true)
    const u = new Utterance(text)
    current = u
    u.onend = () => finish(u)
    u.onerror = () => finish(u)
    timer = setTimeout(() => {
      synth.cancel()
      finish(u)
    }, utteranceTimeoutMs(text))
    try {
      synth.speak(u)
    } catch {
      finish(u)
    }
  }

  function feed(messageId: string, text: string, done: boolean): void {
    const from = offsets.get(messageId) ?? 0
    const { sentences, next: at } = takeSentences(text, from, done)
    offsets.set(messageId, at)
    if (!enabled.value) return
    queue.push(...sentences)
    if (!current) next()
  }

  function cancel(): void {
    queue.length = 0
    if (timer) clearTimeout(timer)
    timer = null
    current = null
    try {
      synth?.cancel()
    } catch {
      /* nothing to cancel */
    }
    setSpeaking(false)
  }

  function toggle(): void {
    if (!supported) return
    enabled.value = !enabled.value
    if (!enabled.value) cancel()
  }

  onScopeDispose(cancel)

  return { supported, enabled, speaking, feed, toggle, cancel }
}
