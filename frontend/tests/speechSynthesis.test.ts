import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { takeSentences, useSpeechSynthesis, utteranceTimeoutMs, type SynthLike } from '@/composables/useSpeechSynthesis'

class FakeUtterance {
  onend: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor(readonly text: string) {}
}

function silentSynth(): SynthLike & { spoken: FakeUtterance[]; cancels: number } {
  const synth = {
    spoken: [] as FakeUtterance[],
    cancels: 0,
    speak(u: SpeechSynthesisUtterance) {
      synth.spoken.push(u as unknown as FakeUtterance)
    },
    cancel() {
      synth.cancels += 1
    },
  }
  return synth
}

function make(synth: SynthLike, onSpeakingChange = vi.fn()) {
  const Utterance = FakeUtterance as unknown as new (t: string) => SpeechSynthesisUtterance
  return effectScope().run(() => useSpeechSynthesis({ synth, Utterance, onSpeakingChange }))!
}

describe('takeSentences', () => {
  it('returns complete sentences and holds back an unfinished one', () => {
    const text = 'Hello there. How are you? I am'
    const { sentences, next } = takeSentences(text, 0, false)
    expect(sentences).toEqual(['Hello there.', 'How are you?'])
    expect(takeSentences(text + ' fine.', next, true).sentences).toEqual(['I am fine.'])
  })

  it('does not split inside numbers', () => {
    expect(takeSentences('It is 3.5 times faster. Ok', 0, false).sentences).toEqual(['It is 3.5 times faster.'])
  })
})

describe('useSpeechSynthesis', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('gives up on an utterance that never ends and moves on', () => {
    const synth = silentSynth()
    const onSpeakingChange = vi.fn()
    const tts = make(synth, onSpeakingChange)
    tts.feed('m1', 'First sentence. Second one.', true)
    expect(synth.spoken.map((u) => u.text)).toEqual(['First sentence.'])
    expect(tts.speaking.value).toBe(true)
    expect(onSpeakingChange).toHaveBeenLastCalledWith(true)
    vi.advanceTimersByTime(utteranceTimeoutMs('First sentence.'))
    expect(synth.cancels).toBeGreaterThan(0)
    expect(synth.spoken.map((u) => u.text)).toEqual(['First sentence.', 'Second one.'])
    vi.advanceTimersByTime(utteranceTimeoutMs('Second one.'))
    expect(tts.speaking.value).toBe(false)
    expect(onSpeakingChange).toHaveBeenLastCalledWith(false)
  })

  it('uses a timeout of at least 3 s, longer for long text', () => {
    expect(utteranceTimeoutMs('short')).toBe(3000)
    expect(utteranceTimeoutMs('x'.repeat(100))).toBe(8000)
  })

  it('reads streamed text sentence by sentence, each once', () => {
    const synth = silentSynth()
    const tts = make(synth)
    tts.feed('m1', 'Hi. Let', false)
    synth.spoken[0].onend?.()
    tts.feed('m1', "Hi. Let's start.", false)
    tts.feed('m1', "Hi. Let's start. Ready?", true)
    synth.spoken[1]?.onend?.()
    expect(synth.spoken.map((u) => u.text)).toEqual(['Hi.', "Let's start.", 'Ready?'])
  })

  it('says nothing when switched off', () => {
    const synth = silentSynth()
    const tts = make(synth)
    tts.toggle()
    tts.feed('m1', 'Hello.', true)
    expect(synth.spoken).toHaveLength(0)
  })
})
