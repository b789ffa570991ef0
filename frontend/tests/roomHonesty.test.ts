/** Truthful interviewer status, closing words that stay readable, sentence-sized announcements, shortcuts. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { AFTER_READ_ALOUD_MS, useClosing } from '@/composables/useClosing'
import { interviewerStatus, REPLY_WAIT_MS } from '@/composables/useInterviewerStatus'
import { matches, type Shortcut } from '@/composables/useShortcuts'
import { SentenceAnnouncer } from '@/lib/announcer'
import { emptyRoom, type InterviewerMessage, type RoomState } from '@/lib/roomState'

const NOW = 1_000_000

function room(over: Partial<RoomState> = {}): RoomState {
  return { ...emptyRoom(), state: 'PROBLEM', ...over }
}

function msg(over: Partial<InterviewerMessage>): InterviewerMessage {
  return { id: 'm1', text: '', streaming: false, interrupted: false, ts_ms: NOW, ...over }
}

describe('interviewerStatus', () => {
  it('is idle with nothing going on and the mic off, listening with it on', () => {
    expect(interviewerStatus(room(), false, false, NOW)).toBe('idle')
    expect(interviewerStatus(room(), false, true, NOW)).toBe('listening')
  })

  it('is thinking when a turn started without words, speaking once words stream or are read aloud', () => {
    expect(interviewerStatus(room({ messages: [msg({ streaming: true })] }), false, true, NOW)).toBe('thinking')
    expect(interviewerStatus(room({ messages: [msg({ streaming: true, text: 'Hi' })] }), false, true, NOW)).toBe('speaking')
    expect(interviewerStatus(room(), true, false, NOW)).toBe('speaking')
  })

  it('waits for a reply to the candidate only outside coding, and not forever', () => {
    const said = { key: 'k', ts_ms: NOW, speaker: 'candidate' as const, text: 'Is it sorted?' }
    expect(interviewerStatus(room({ transcript: [said] }), false, false, NOW + 1000)).toBe('thinking')
    expect(interviewerStatus(room({ transcript: [{ ...said, pending: true }] }), false, false, NOW + 1000)).toBe('idle')
    expect(interviewerStatus(room({ state: 'CODING', transcript: [said] }), false, false, NOW + 1000)).toBe('idle')
    expect(interviewerStatus(room({ transcript: [said] }), false, false, NOW + REPLY_WAIT_MS + 1)).toBe('idle')
  })
})

describe('useClosing', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function setup(voiceOn: boolean) {
    const s = { ended: ref(false), voice: ref(voiceOn), speaking: ref(false), streaming: ref(false) }
    const openReport = vi.fn()
    const scope = effectScope()
    const { closing } = scope.run(() =>
      useClosing({ ended: () => s.ended.value, voiceOn: () => s.voice.value, speaking: () => s.speaking.value, streaming: () => s.streaming.value, openReport }),
    )!
    return { s, openReport, closing, scope }
  }

  it('opens the report only after the last words were read aloud', async () => {
    const { s, openReport, closing } = setup(true)
    s.speaking.value = true
    s.ended.value = true
    await nextTick()
    expect(closing.value).toBe(true)
    vi.advanceTimersByTime(10_000)
    expect(openReport).not.toHaveBeenCalled()
    s.speaking.value = false
    await nextTick()
    vi.advanceTimersByTime(AFTER_READ_ALOUD_MS - 1)
    expect(openReport).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(openReport).toHaveBeenCalledTimes(1)
  })

  it('with the voice off, waits for the click', async () => {
    const { s, openReport, closing } = setup(false)
    s.ended.value = true
    await nextTick()
    vi.advanceTimersByTime(60_000)
    expect(closing.value).toBe(true)
    expect(openReport).not.toHaveBeenCalled()
  })
})

describe('SentenceAnnouncer', () => {
  it('announces finished sentences once, the rest at the end, and nothing from history', () => {
    const a = new SentenceAnnouncer()
    const m = msg({ streaming: true, text: 'Hello there. How are' })
    expect(a.next([msg({ id: 'old', text: 'Said before. Long ago.', history: true }), m])).toEqual(['Hello there.'])
    m.text += ' you today'
    expect(a.next([m])).toEqual([])
    m.streaming = false
    expect(a.next([m])).toEqual(['How are you today'])
    expect(a.next([m])).toEqual([])
  })
})

describe('shortcuts', () => {
  const run = vi.fn()
  const help: Shortcut = { keys: '?', label: 'help', key: '?', run }
  const submit: Shortcut = { keys: 'Alt+Shift+S', label: 'submit', code: 'KeyS', altShift: true, run }
  const key = (init: KeyboardEventInit, target?: HTMLElement) => {
    const ev = new KeyboardEvent('keydown', init)
    if (target) Object.defineProperty(ev, 'target', { value: target })
    return ev
  }

  it('takes "?" only outside text fields, Alt+Shift combinations everywhere', () => {
    expect(matches(help, key({ key: '?' }, document.createElement('button')))).toBe(true)
    expect(matches(help, key({ key: '?' }, document.createElement('input')))).toBe(false)
    expect(matches(submit, key({ code: 'KeyS', altKey: true, shiftKey: true }, document.createElement('textarea')))).toBe(true)
    expect(matches(submit, key({ code: 'KeyS', altKey: true }))).toBe(false)
  })
})
