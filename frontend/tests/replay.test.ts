import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ReplayPlayer from '@/components/report/ReplayPlayer.vue'
import type { LoggedEvent } from '@/protocol'

const base = { session_id: 's1' }
const events: LoggedEvent[] = [
  { ...base, seq: 1, type: 'INTERVIEWER_STREAM_START', ts_ms: 1000, payload: { message_id: 'm1' } },
  { ...base, seq: 2, type: 'INTERVIEWER_STREAM_END', ts_ms: 2000, payload: { message_id: 'm1', text: 'Welcome.' } },
  { ...base, seq: 3, type: 'TRANSCRIPT_FINAL', ts_ms: 3000, payload: { text: 'Hi there', source: 'typed' } },
  { ...base, seq: 4, type: 'CODE_SNAPSHOT', ts_ms: 4000, payload: { code: 'let x = 1', language: 'javascript' } },
  { ...base, seq: 5, type: 'CODE_SNAPSHOT', ts_ms: 65000, payload: { code: 'let x = 2', language: 'javascript' } },
]

describe('ReplayPlayer', () => {
  it('shows the transcript and code as they were at the chosen event', async () => {
    const wrapper = mount(ReplayPlayer, { props: { events, starterCode: '// start' } })
    const slider = wrapper.get('[data-testid="replay-slider"]')
    expect(slider.attributes('max')).toBe('5')
    expect(wrapper.get('[data-testid="replay-code"]').text()).toBe('// start')
    await slider.setValue('3')
    expect(wrapper.text()).toContain('Welcome.')
    expect(wrapper.text()).toContain('Hi there')
    expect(wrapper.get('[data-testid="replay-code"]').text()).toBe('// start')
    await slider.setValue('5')
    expect(wrapper.get('[data-testid="replay-code"]').text()).toBe('let x = 2')
    expect(wrapper.text()).toContain('1:04')
    await slider.setValue('1')
    expect(wrapper.text()).not.toContain('Welcome.')
  })
})
