/** Steps the e2e tests take in the app: start an interview, set code, read results. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { REPO_ROOT } from './backend'

export const MARKER = 'e2e_marker_42'
/** An interviewer message that has finished streaming. */
export const GREETING = '[data-testid="interviewer-messages"] .bubble:not(.bubble--streaming)'

export interface QuestionData {
  id: string
  function_name: string
  starter_code: Record<string, string>
  solutions: Record<string, string>
  sample_tests: unknown[]
  hidden_tests: unknown[]
}

/** The server-side question file (with its reference solutions) for the question on the page. */
export async function questionOnPage(page: Page): Promise<QuestionData> {
  const id = await page.getAttribute('[data-question-id]', 'data-question-id', { timeout: 30_000 })
  const dir = join(REPO_ROOT, 'backend/src/interview_sim/questions/data')
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as QuestionData
    if (data.id === id) return data
  }
  throw new Error(`question ${id} not found in ${dir}`)
}

export async function startInterview(page: Page, base: string, language: 'javascript' | 'python'): Promise<string> {
  await page.goto(`${base}/`)
  await page.selectOption('[data-testid="language"]', language)
  await page.selectOption('[data-testid="difficulty"]', 'Easy')
  await page.fill('input[name="candidate_name"]', 'E2E Candidate')
  await page.click('[data-testid="start"]')
  await page.waitForURL(/\/interview\/[^/]+$/, { timeout: 30_000 })
  return page.url().split('/interview/')[1]
}

/**
 * Replaces the editor's text: through the dev hook when present, else select-all and a paste
 * event (typing would trigger the editor's auto-indent and auto-close and change the code).
 */
export async function setCode(page: Page, code: string): Promise<void> {
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 })
  const hooked = await page.evaluate((text) => {
    const ed = (window as unknown as { __editor?: { setValue(v: string): void } }).__editor
    if (!ed) return false
    ed.setValue(text)
    return true
  }, code)
  if (hooked) return
  await page.click('.monaco-editor .view-lines')
  await page.keyboard.press('ControlOrMeta+A')
  await page.evaluate((text) => {
    const data = new DataTransfer()
    data.setData('text/plain', text)
    const target = document.activeElement ?? document.querySelector('.monaco-editor textarea')
    target?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, code)
}

export function withMarker(code: string, language: string): string {
  return `${language === 'python' ? '#' : '//'} ${MARKER}\n${code}`
}

/** Clicks Run and waits for this run's result (the panel counts finished runs). */
export async function runSamples(page: Page): Promise<string> {
  const before = Number(await page.getAttribute('[data-runs-done]', 'data-runs-done'))
  await page.click('[data-testid="run"]')
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-runs-done]')?.getAttribute('data-runs-done')) > n,
    before,
    { timeout: 90_000 },
  )
  return (await page.locator('[data-testid="run-summary"]').innerText()).trim()
}

export async function waitForText(page: Page, selector: string, text: string | RegExp, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ([sel, src, isRe]) => {
      const el = document.querySelector(sel)
      const body = el?.textContent ?? ''
      return isRe ? new RegExp(src).test(body) : body.includes(src)
    },
    [selector, typeof text === 'string' ? text : text.source, typeof text !== 'string'] as const,
    { timeout },
  )
}

/** Types an answer in the answer box and sends it (Enter), as a candidate does. */
export async function typeAnswer(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid="answer-input"]', text)
  await page.press('[data-testid="answer-input"]', 'Enter')
}

/** Move the room to coding. The interviewer may move it first (after the candidate states an
 * approach), so the button can vanish between finding it and clicking it: the state decides. */
export async function toCoding(page: Page): Promise<void> {
  await page.waitForFunction(() => /Problem|Coding/.test(document.querySelector('[data-testid="state"]')?.textContent ?? ''), undefined, { timeout: 60_000 })
  const move = page.locator('[data-testid="move-CODING"]')
  if (await move.count()) await move.click({ timeout: 5_000 }).catch(() => undefined)
  await waitForText(page, '[data-testid="state"]', 'Coding')
}
