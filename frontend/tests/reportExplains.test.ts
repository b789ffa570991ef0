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
