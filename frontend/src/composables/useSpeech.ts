/**
 * Speech-to-text through the Web Speech API: continuous recognition, interim text throttled to
 * `onPartial`, final phrases to `onFinal`. When the API is missing or fails (permission denied,
 * no network service), `fallback` turns on with a reason and the page offers typing instead.
 */
import { onScopeDispose, ref, type Ref } from 'vue'
import { throttle } from '@/lib/throttle'

export const PARTIAL_THROTTLE_MS = 300
const FATAL_ERRORS = new Set(['not-allowed', 'service-not-allowed', 'network', 'audio-capture', 'language-not-supported'])

interface RecognitionAlternative {
  transcript: string
}
interface RecognitionResult {
  readonly isFinal: boolean
  readonly length: number
  [index: number]: RecognitionAlternative
}
export interface RecognitionEventLike {
  resultIndex: number
  results: ArrayLike<RecognitionResult>
}
export interface RecognitionLike {
  continuous: boolean
  interimResults: boolean
  lang: string
  onresult: ((e: RecognitionEventLike) => void) | null
  onerror: ((e: { error: string }) => void) | null
  onend: (() => void) | null
  start(): void
  stop(): void
  abort?(): void
}
export type RecognitionCtor = new () => RecognitionLike

export interface SpeechOptions {
  onPartial: (text: string) => void
  onFinal: (text: string) => void
  lang?: string
  /** Injected for tests; default: the browser's (webkit)SpeechRecognition. */
  ctor?: RecognitionCtor | null
}

export interface Speech {
  supported: boolean
  listening: Ref<boolean>
  fallback: Ref<boolean>
  fallbackReason: Ref<string>
  start: () => void
  stop: () => void
  toggle: () => void
  /** Stops listening for a while (the interviewer is speaking) and resumes if it was on. */
  pause: () => void
  resume: () => void
}

export function browserRecognition(): RecognitionCtor | null {
  if (typeof window === 'undefined') return null
  const w = window as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor }
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null
}

const REASONS: Record<string, string> = {
  'not-allowed': 'Microphone permission was denied.',
  'service-not-allowed': 'The speech service is not allowed in this browser.',
  network: 'The speech service could not be reached.',
  'audio-capture': 'No microphone was found.',
  'language-not-supported': 'Speech recognition does not support this language.',
}

export function useSpeech(opts: SpeechOptions): Speech {
  const Ctor = opts.ctor === undefined ? browserRecognition() : opts.ctor
  const listening = ref(false)
  const fallback = ref(!Ctor)
  const fallbackReason = ref(Ctor ? '' : 'Speech recognition is not available in this browser.')
  const partial = throttle(opts.onPartial, PARTIAL_THROTTLE_MS)
  let rec: RecognitionLike | null = null
  let wanted = false
  let paused = false

  function giveUp(reason: string): void {
    fallback.value = true
    fallbackReason.value = reason
    wanted = false
    stopRecognition()
  }

  function onResult(e: RecognitionEventLike): void {
    let interim = ''
    for (let i = e.resultIndex; i < e.results.length; i++) {
      const result = e.results[i]
      const text = result[0]?.transcript ?? ''
      if (result.isFinal) {
        partial.cancel()
        if (text.trim()) opts.onFinal(text.trim())
      } else interim += text
    }
    if (interim.trim()) partial.call(interim.trim())
  }

  function create(): RecognitionLike | null {
    if (!Ctor) return null
    try {
      const r = new Ctor()
      r.continuous = true
      r.interimResults = true
      r.lang = opts.lang ?? 'en-US'
      r.onresult = onResult
      r.onerror = (e) => {
        if (FATAL_ERRORS.has(e.error)) giveUp(REASONS[e.error] ?? `Speech recognition failed (${e.error}).`)
      }
      // Chrome ends continuous sessions on silence: restart while the mic should be on.
      r.onend = () => {
        listening.value = false
        if (wanted && !paused && rec === r) safeStart(r)
      }
      return r
    } catch (err) {
      giveUp(`Speech recognition could not start: ${(err as Error).message}`)
      return null
    }
  }

  function safeStart(r: RecognitionLike): void {
    try {
      r.start()
      listening.value = true
    } catch (err) {
      giveUp(`Speech recognition could not start: ${(err as Error).message}`)
    }
  }

  function stopRecognition(): void {
    const r = rec
    rec = null
    listening.value = false
    partial.cancel()
    try {
      r?.stop()
    } catch {
      /* already stopped */
    }
  }

  function start(): void {
    if (fallback.value) return
    wanted = true
    if (paused || rec) return
    rec = create()
    if (rec) safeStart(rec)
  }

  function stop(): void {
    wanted = false
    stopRecognition()
  }

  onScopeDispose(stop)

  return {
    supported: !!Ctor,
    listening,
    fallback,
    fallbackReason,
    start,
    stop,
    toggle: () => (wanted ? stop() : start()),
    pause: () => {
      paused = true
      stopRecognition()
    },
    resume: () => {
      paused = false
      if (wanted && !fallback.value) {
        wanted = false
        start()
      }
    },
  }
}
