/** The report leads with what the server verified and shows what each score means next to it. */
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ReportView from '@/components/report/ReportView.vue'
import type { Report } from '@/protocol'
import { report } from './fixtures/report'

const LEVELS = ['Nothing works.', 'Part works.', 'All works, slowly.', 'All works, at scale.']

const judged: Report = {
  ...report,
  hidden_tests: { passed: 9, total: 12, rate: 0.75 },
  submit_results: {
    kind: 'submit', source: 'server', passed: 9, total: 12, timed_out: true, language: 'python', results: [],
    observed_complexity: { label: 'O(n^2)', exponent: 2, sizes: [1000, 2000, 4000], ms: [1, 4, 16], estimate: true },
    attempt: 1, code_seq: 9, load_error: null, judged: true,
  },
  stated_complexity: { time: 'O(n)', space: null, seq: 7 },
  optimal: { approach: 'One pass.', time: 'O(n)', space: 'O(1)', notes: '' },
  signal: 'lean_no_hire',
  signal_caps: ['9 of 12 hidden tests passed (time-outs on large inputs)'],
  rubric: [{ ...report.rubric[0], score: 2, levels: LEVELS }],
}

describe('ReportView: verified facts first', () => {
  it('sets the stated complexity next to the measured growth and the optimum, before the summary', () => {
    const w = mount(ReportView, { props: { report: judged } })
    const facts = w.get('[data-testid="verified-facts"]')
    expect(w.html().indexOf('data-testid="verified-facts"')).toBeLessThan(w.html().indexOf('data-testid="summary"'))
    expect(facts.get('[data-testid="fact-hidden"]').text()).toContain('9/12 passed, run by the server; some timed out')
    expect(facts.get('[data-testid="fact-stated"]').text()).toBe('O(n)')
    expect(facts.get('[data-testid="fact-observed"]').text()).toBe('O(n^2)')
    expect(facts.get('[data-testid="fact-complexity"]').text()).toContain('the optimum is O(n)')
    expect(facts.get('[data-testid="signal-caps"]').text()).toContain('9 of 12 hidden tests passed')
    expect(facts.get('[data-testid="fact-samples"]').text()).toContain('reported by the page')
  })

  it('shows the description of the score next to it', () => {
    const w = mount(ReportView, { props: { report: judged } })
    expect(w.get('[data-testid="level-now"]').text()).toBe('Part works.')
  })

  it('says when nothing was submitted or measured', () => {
    const w = mount(ReportView, { props: { report: { ...report, hidden_tests: null, submit_results: null, stated_complexity: null, signal_caps: [] } } })
    expect(w.get('[data-testid="fact-hidden"]').text()).toContain('never submitted')
    expect(w.get('[data-testid="fact-stated"]').text()).toBe('nothing')
    expect(w.get('[data-testid="fact-observed"]').text()).toBe("the code's growth was not measured")
    expect(w.find('[data-testid="signal-caps"]').exists()).toBe(false)
  })
})
