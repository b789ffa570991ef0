import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, h } from 'vue'
import ComposeBar from '@/components/transcript/ComposeBar.vue'
import { PARTIAL_THROTTLE_MS, useSpeech, type RecognitionEventLike, type RecognitionLike } from '@/composables/useSpeech'

class FakeRecognition implements RecognitionLike {
  static last: FakeRecognition | null = null
  continuous = false
  interimResults = false
  lang = ''
  started = 0
  onresult: ((e: RecognitionEventLike) => void) | null = null
  onerror: ((e: { error: string }) => void) | null = null
  onend: (() => void) | null = null
  constructor() {
    FakeRecognition.last = this
  }
  start(): void {
    this.started += 1
  }
  stop(): void {}
  say(text: string, isFinal: boolean): void {
    const result = Object.assign([{ transcript: text }], { isFinal })
    this.onresult?.({ resultIndex: 0, results: [result] })
  }
}

function inScope<T>(fn: () => T): T {
  return effectScope().run(fn) as T
}

describe('useSpeech', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('falls back to typing when the browser has no SpeechRecognition', () => {
    const speech = inScope(() => useSpeech({ onPartial: vi.fn(), onFinal: vi.fn(), ctor: null }))
    expect(speech.supported).toBe(false)
    expect(speech.fallback.value).toBe(true)
    expect(speech.fallbackReason.value).toMatch(/not available/)
    speech.start()
    expect(speech.listening.value).toBe(false)
  })

  it('falls back when recognition reports not-allowed', () => {
    const speech = inScope(() => useSpeech({ onPartial: vi.fn(), onFinal: vi.fn(), ctor: FakeRecognition }))
    speech.start()
    expect(speech.listening.value).toBe(true)
    FakeRecognition.last?.onerror?.({ error: 'not-allowed' })
    expect(speech.fallback.value).toBe(true)
    expect(speech.listening.value).toBe(false)
    expect(speech.fallbackReason.value).toMatch(/permission/i)
  })

  it('ignores a harmless no-speech error', () => {
    const speech = inScope(() => useSpeech({ onPartial: vi.fn(), onFinal: vi.fn(), ctor: FakeRecognition }))
    speech.start()
    FakeRecognition.last?.onerror?.({ error: 'no-speech' })
    expect(speech.fallback.value).toBe(false)
  })

  it('sends finals at once and throttles interim text', () => {
    const onPartial = vi.fn()
    const onFinal = vi.fn()
    const speech = inScope(() => useSpeech({ onPartial, onFinal, ctor: FakeRecognition }))
    speech.start()
    const rec = FakeRecognition.last!
    rec.say('I', false)
    rec.say('I think', false)
    rec.say('I think we', false)
    expect(onPartial).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(PARTIAL_THROTTLE_MS)
    expect(onPartial).toHaveBeenLastCalledWith('I think we')
    expect(onPartial).toHaveBeenCalledTimes(2)
    rec.say('I think we sort first', true)
    expect(onFinal).toHaveBeenCalledWith('I think we sort first')
  })

  it('restarts after the browser ends a continuous session, but not while paused', () => {
    const speech = inScope(() => useSpeech({ onPartial: vi.fn(), onFinal: vi.fn(), ctor: FakeRecognition }))
    speech.start()
    const rec = FakeRecognition.last!
    rec.onend?.()
    expect(rec.started).toBe(2)
    speech.pause()
    const after = FakeRecognition.last!.started
    rec.onend?.()
    expect(FakeRecognition.last!.started).toBe(after)
    speech.resume()
    expect(speech.listening.value).toBe(true)
  })
})

describe('typed fallback path', () => {
  it('sends typed text on Enter and shows the fallback reason', async () => {
    const onSend = vi.fn()
    const Host = defineComponent(() => () =>
      h(ComposeBar, { listening: false, micAvailable: false, fallbackReason: 'Speech recognition is not available in this browser.', onSend }),
    )
    const wrapper = mount(Host)
    expect(wrapper.get('[data-testid="speech-fallback"]').text()).toMatch(/Typing works/)
    expect(wrapper.get('[data-testid="mic"]').attributes('disabled')).toBeDefined()
    const input = wrapper.get('[data-testid="answer-input"]')
    await input.setValue('  use a hash map  ')
    await input.trigger('keydown', { key: 'Enter' })
    expect(onSend).toHaveBeenCalledWith('use a hash map')
    expect((input.element as HTMLInputElement).value).toBe('')
  })
})
