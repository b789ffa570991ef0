/** Small display helpers shared by pages. */

export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds))
  const m = Math.floor(s / 60)
  const rest = s % 60
  return `${m}:${rest.toString().padStart(2, '0')}`
}

export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

export function formatPercent(value: number | null | undefined): string {
  return value == null ? 'n/a' : `${Math.round(value * 100)}%`
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  return value == null ? 'n/a' : value.toFixed(digits)
}

export function stateLabel(state: string | null | undefined): string {
  const labels: Record<string, string> = {
    INTRO: 'Intro',
    PROBLEM: 'Problem',
    CODING: 'Coding',
    REVIEW: 'Review',
    WRAP_UP: 'Wrap-up',
    ENDED: 'Ended',
  }
  return state ? (labels[state] ?? state) : 'Unknown'
}

/** Markdown emphasis and code marks removed, for one-line plain-text views (transcripts). */
export function plainText(markdown: string): string {
  return markdown.replace(/\*\*|__|`+/g, '').replace(/^#+\s*/gm, '')
}

export function languageLabel(language: string): string {
  return ({ javascript: 'JavaScript', python: 'Python' } as Record<string, string>)[language] ?? language
}

const COACH_CATEGORIES: Record<string, string> = {
  plan_first: 'Plan first',
  run_first: 'Run before submitting',
  same_failure: 'Same failure again',
  pacing: 'Pacing',
  think_aloud: 'Think aloud',
  complexity: 'Complexity',
  edge_cases: 'Edge cases',
  filler_words: 'Filler words',
  speaking_rate: 'Speaking rate',
  ai_tip: 'Coach tip',
}

/** A coach category for people ("same_failure" -> "Same failure again"). */
export function coachCategoryLabel(category: string): string {
  const known = COACH_CATEGORIES[category]
  if (known) return known
  const words = category.replace(/[_-]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** "30 Nov 2026, 02:15" in the reader's locale and time zone. */
export function formatDateTime(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'unknown'
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

const VERDICTS: Record<string, string> = {
  passed: 'passed',
  wrong_answer: 'wrong answer',
  runtime_error: 'runtime error',
  timed_out: 'timed out',
  memory_limit: 'out of memory',
  output_limit: 'too much output',
  not_run: 'not run',
}

/** A judge verdict for people ("wrong_answer" -> "wrong answer"). */
export function verdictLabel(verdict: string): string {
  return VERDICTS[verdict] ?? verdict.replace(/_/g, ' ')
}
