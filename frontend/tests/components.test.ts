import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import NudgeList from '@/components/coach/NudgeList.vue'
import ReportView from '@/components/report/ReportView.vue'
import RunResults from '@/components/runs/RunResults.vue'
import { renderMarkdown } from '@/lib/markdown'
import { useSessionStore } from '@/stores/session'
import { report } from './fixtures/report'
import { FakeSocket } from './helpers/fakeSocket'
import { snapshot } from './fixtures/question'

describe('NudgeList', () => {
  it('dismisses a nudge through the store', async () => {
    setActivePinia(createPinia())
    const store = useSessionStore()
    const socket = new FakeSocket()
    store.connect({ sessionId: 's1', token: 't', socketFactory: () => socket })
    socket.serverAccepts()
    socket.deliver('SESSION_SNAPSHOT', {
      payload: snapshot({
        nudges: [
          { id: 'a', category: 'pace', severity: 'info', text: 'Older nudge' },
          { id: 'b', category: 'tests', severity: 'critical', text: 'Newer nudge' },
        ],
      }) as never,
    })
    const Host = defineComponent(() => () => h(NudgeList, { nudges: store.visibleNudges, onDismiss: store.dismissNudge }))
    const wrapper = mount(Host)
    const texts = () => wrapper.findAll('[data-testid="nudge-text"]').map((p) => p.text())
    expect(texts()).toEqual(['Newer nudge']) // folded to the newest, earlier ones behind a button
    expect(wrapper.get('[data-testid="nudge"] .pill').text()).toBe('Tests')
    await wrapper.get('[data-testid="coach-more"]').trigger('click')
    expect(texts()).toEqual(['Newer nudge', 'Older nudge'])
    await wrapper.get('button[aria-label="Dismiss: Newer nudge"]').trigger('click')
    expect(texts()).toEqual(['Older nudge'])
  })
})

describe('ReportView', () => {
  it('renders the signal, rubric evidence with seq, tests, speech charts and transcript', () => {
    const wrapper = mount(ReportView, { props: { report } })
    expect(wrapper.get('[data-testid="signal"]').text()).toBe('Hire')
    const rubric = wrapper.get('[data-testid="rubric"]').text()
    expect(rubric).toContain('3/4')
    expect(rubric).toContain('#7')
    expect(rubric).toContain('solved without hints')
    expect(rubric).not.toContain('#0')
    expect(rubric).toContain('Missing: No tests were run')
    expect(wrapper.get('[data-testid="hidden-tests"]').text()).toContain('9/10')
    expect(wrapper.get('[data-testid="hints-used"]').text()).toBe('1')
    expect(wrapper.text()).toContain('edge case: wrong answer')
    expect(wrapper.find('svg[aria-label="Words per minute over time"] path').exists()).toBe(true)
    expect(wrapper.findAll('svg[aria-label="Filler words"] rect')).toHaveLength(2)
    expect(wrapper.find('svg[aria-label="Talk share: 62%"]').exists()).toBe(true)
    expect(wrapper.get('#seq-7').text()).toContain('hash map')
    expect(wrapper.get('[data-testid="final-code"]').text()).toContain('function solution')
  })
})

describe('RunResults', () => {
  it('shows sample details but only pass/fail for hidden tests', () => {
    const sample = mount(RunResults, {
      props: {
        run: { kind: 'sample', passed: 0, total: 1, timed_out: false, results: [{ index: 0, passed: false, expected: [0, 1], actual: null, error: 'TypeError: x', ms: 2, stdout: 'dbg' }] },
        tests: [{ args: [[2, 7], 9], expected: [0, 1] }],
      },
    })
    expect(sample.text()).toContain('[2,7], 9')
    expect(sample.text()).toContain('TypeError: x')
    expect(sample.text()).toContain('dbg')
    const verdict = {
      kind: 'submit' as const, source: 'server' as const, passed: 1, total: 2, timed_out: true, language: 'python' as const, attempt: 1, code_seq: 4,
      results: [
        { index: 0, passed: true, category: 'edge case' as const, verdict: 'passed' as const, ms: 1 },
        { index: 1, passed: false, category: 'large input' as const, verdict: 'timed_out' as const, error_kind: null, ms: 2000 },
      ],
      observed_complexity: { label: 'O(n^2)', exponent: 2.01, sizes: [1000, 4000], ms: [1, 16], estimate: true as const },
    }
    const hidden = mount(RunResults, { props: { run: verdict } })
    expect(hidden.text()).toContain('Hidden tests (judged on the server): 1/2 passed')
    expect(hidden.text()).toContain('large input: timed out')
    expect(hidden.get('[data-testid="observed-complexity"]').text()).toContain('O(n^2) (estimate)')
    expect(hidden.find('table').exists()).toBe(false) // no input, expected or actual column for hidden tests
  })
})

describe('renderMarkdown', () => {
  it('renders markdown and shows raw HTML as text, never as elements', () => {
    const html = renderMarkdown('**bold** <img src=x onerror="alert(1)"><script>alert(2)</script>')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;script&gt;')
  })

  it('renders no image, only its alt text', () => {
    const html = renderMarkdown('look ![tracking pixel](https://evil.example/p.png?leak=1) here')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('evil.example')
    expect(html).toContain('tracking pixel')
  })

  it('opens links in a new tab with noopener noreferrer, and drops javascript: links', () => {
    const html = renderMarkdown('[docs](https://example.com/x) and [bad](javascript:alert(1))')
    const box = document.createElement('div')
    box.innerHTML = html
    const links = [...box.querySelectorAll('a')]
    const good = links.find((a) => a.textContent === 'docs')
    expect(good?.getAttribute('rel')).toBe('noopener noreferrer')
    expect(good?.getAttribute('target')).toBe('_blank')
    expect(html).not.toContain('javascript:')
  })
})
