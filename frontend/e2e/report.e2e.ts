/**
 * The report in Chromium leads with what the server verified: after a short interview (the
 * complexity said out loud, the reference submitted and judged on the server), the report page
 * shows the stated complexity next to the growth the judge measured, and each rubric score with the
 * description of what that score means.
 */
import { describe, expect, it } from 'vitest'
import { backendAndBrowser } from './helpers/backend'
import { openPage } from './helpers/browser'
import { questionOnPage, runSamples, setCode, startInterview, toCoding, typeAnswer, waitForText } from './helpers/room'

const VIEWPORT = { width: 1280, height: 720 }
const suite = backendAndBrowser()

async function say(page: import('playwright-core').Page, text: string): Promise<void> {
  await typeAnswer(page, text)
  await waitForText(page, '[data-testid="transcript"]', text)
}

describe('the report shows why', () => {
  it('shows the level descriptions and the stated against the observed complexity', async () => {
    const ctx = await suite.browser.newContext({ viewport: VIEWPORT })
    const { page } = await openPage(ctx)
    await startInterview(page, suite.backend.url, 'python')
    await page.waitForSelector('[data-testid="interviewer-messages"] .bubble:not(.bubble--streaming)', { timeout: 30_000 })
    const q = (await questionOnPage(page)) as Awaited<ReturnType<typeof questionOnPage>> & { complexity: { time: string; space: string } }
    await say(page, 'I would make one pass and keep just the state I need.')
    await say(page, `That is ${q.complexity.time} time and ${q.complexity.space} space.`)

    await toCoding(page)
    await setCode(page, q.solutions.python)
    expect(await runSamples(page)).toContain('passed')
    await page.click('[data-testid="submit"]')
    await waitForText(page, '[data-testid="run-summary"]', /judged on the server\): (\d+)\/\1 passed/, 90_000)

    await page.click('[data-testid="end"]')
    await page.click('[data-testid="end-confirm"]')
    await page.waitForURL(/\/report\//, { timeout: 30_000 })
    await page.waitForSelector('[data-testid="verified-facts"]', { timeout: 30_000 })

    expect((await page.locator('[data-testid="fact-stated"]').innerText()).trim()).toBe(q.complexity.time)
    const observed = (await page.locator('[data-testid="fact-observed"]').innerText()).trim()
    expect(observed).toMatch(/^(O\(|worse than)/)
    expect(await page.locator('[data-testid="fact-complexity"]').innerText()).toContain('(an estimate)')
    expect(await page.locator('[data-testid="fact-hidden"]').innerText()).toMatch(/(\d+)\/\1 passed, run by the server/)

    const levels = await page.locator('[data-testid="level-now"]').allInnerTexts()
    expect(levels.length).toBe(4)
    for (const text of levels) expect(text.trim().length).toBeGreaterThan(20)
    await ctx.close()
  })
})
