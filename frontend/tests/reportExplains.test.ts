/** The report explains itself: who and when, readable coach categories, no empty speech charts. */
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ReportView from '@/components/report/ReportView.vue'
import { coachCategoryLabel } from '@/lib/format'
import type { Report, SessionPublic } from '@/protocol'
import { question } from './fixtures/question'
import { report } from './fixtures/report'

const session = {
  session_id: 's1',
  state: 'ENDED',
  role: 'candidate',
  company_mode: 'Google',
  difficulty: 'Easy',
  language: 'javascript',
  candidate_name: 'Ada Lovelace',
  question,
  created_at: '2026-11-30T01:00:00Z',
  started_at: '2026-11-30T01:00:05Z',
  ended_at: '2026-11-30T01:25:05Z',
  time_budget_s: 1800,
  last_seq: 40,
} as unknown as SessionPublic

describe('ReportView header and explanations', () => {
  it('names the candidate, the date and the duration', () => {
    const w = mount(ReportView, { props: { report, session } })
    expect(w.get('[data-testid="report-candidate"]').text()).toBe('Ada Lovelace')
    expect(w.get('[data-testid="report-duration"]').text()).toBe('25:00')
    expect(w.get('[data-testid="report-date"]').text()).toMatch(/2026/)
    expect(w.get('[data-testid="report-header"]').text()).toContain('Google')
  })

  it('explains the missing speech measures of a typed-only session instead of empty charts', () => {
    const typed: Report = { ...report, transcript: report.transcript.map((l) => ({ ...l, source: l.speaker === 'candidate' ? 'typed' : null })) }
    const w = mount(ReportView, { props: { report: typed } })
    expect(w.get('[data-testid="speech-none"]').text()).toContain('answers were typed')
    expect(w.get('[data-testid="speech"]').find('svg').exists()).toBe(false)
    expect(w.get('[data-testid="speech"]').text()).not.toContain('n/a wpm')
  })

  it('shows coach categories as words, not ids', () => {
    const w = mount(ReportView, { props: { report: { ...report, nudges: [{ id: 'n', category: 'same_failure', severity: 'warning', text: 'Same test fails again.' }] } } })
    expect(w.text()).toContain('Same failure again')
    expect(w.text()).not.toContain('same_failure')
    expect(coachCategoryLabel('brand_new_kind')).toBe('Brand new kind')
  })
})

describe('ReportView after the end: failures, optimal approach, next levels', () => {
  const ended: Report = {
    ...report,
    hidden_tests: { passed: 7, total: 10, rate: 0.7 },
    hidden_failures: [
      { index: 3, category: 'edge case', verdict: 'wrong_answer', args: [[], 0], expected: [], actual: null, error: null },
      { index: 8, category: 'large input', verdict: 'timed_out', args: [[1, 2, 3]], expected: 6, error: 'Time limit exceeded (2000 ms)', truncated: true },
    ],
    optimal: { approach: 'One pass with a hash map from value to index.', time: 'O(n)', space: 'O(n)', notes: '' },
    stated_complexity: { time: 'O(n^2)', space: null, seq: 7 },
    rubric: [{ ...report.rubric[0], score: 2, next_level: 'State the optimal complexity and why.', levels: ['No plan', 'A plan', 'A good plan', 'The optimal plan'] }],
  }

  it('lists each failed hidden test with its category, verdict, error and (shortened) input', () => {
    const w = mount(ReportView, { props: { report: ended } })
    const items = w.findAll('[data-testid="hidden-failure"]').map((li) => li.text())
    expect(items).toHaveLength(2)
    expect(items[0]).toContain('Test 4')
    expect(items[0]).toContain('edge case')
    expect(items[0]).toContain('wrong answer')
    expect(items[1]).toContain('Time limit exceeded (2000 ms)')
    expect(items[1]).toContain('(shortened)')
    expect(w.get('[data-testid="hidden-failures"]').text()).toContain('2 of 3 shown')
  })

  it('sets the optimal complexity next to what the candidate said', () => {
    const w = mount(ReportView, { props: { report: ended } })
    expect(w.get('[data-testid="optimal-time"]').text()).toBe('O(n)')
    expect(w.get('[data-testid="stated-time"]').text()).toBe('O(n^2)')
    expect(w.get('[data-testid="complexity"]').text()).toContain('One pass with a hash map')
  })

  it('says what the next score needed and what each score means', () => {
    const w = mount(ReportView, { props: { report: ended } })
    expect(w.get('[data-testid="next-level"]').text()).toBe('For 3/4: State the optimal complexity and why.')
    expect(w.get('.rubric__levels').text()).toContain('The optimal plan')
  })

  it('shows no optimal approach or failures before they are given (during the interview)', () => {
    const w = mount(ReportView, { props: { report } })
    expect(w.find('[data-testid="complexity"]').exists()).toBe(false)
    expect(w.find('[data-testid="hidden-failures"]').exists()).toBe(false)
  })
})
