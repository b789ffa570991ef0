/** axe-core in the page, and geometry checks for the layout tests. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface Violation {
  id: string
  impact: string
  help: string
  nodes: string[]
}

/**
 * Runs axe (WCAG 2.x A/AA and best practices) on the page as it is now and returns the serious
 * and critical violations. The source is evaluated over the DevTools protocol, which the
 * page's Content-Security-Policy does not block (a script tag would be).
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
  })
}

export interface Box {
  top: number
  bottom: number
  left: number
  right: number
}

/**
 * Where `selector` (the last match) sits relative to its scroll container `container` and the
 * viewport: fully inside both, or not (with the boxes, for the failure message).
 */
export async function fullyVisible(page: Page, selector: string, container: string): Promise<{ ok: boolean; el: Box; box: Box; view: Box }> {
  return page.evaluate(
    ([sel, cont]) => {
      const all = document.querySelectorAll(sel)
      const el = all[all.length - 1]?.getBoundingClientRect()
      const box = document.querySelector(cont)?.getBoundingClientRect()
      const view = { top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth }
      const pick = (r?: DOMRect) => (r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : { top: 0, bottom: -1, left: 0, right: -1 })
      const inside = (a: { top: number; bottom: number; left: number; right: number }, b: typeof a) =>
        a.bottom > a.top && a.top >= b.top - 1 && a.bottom <= b.bottom + 1 && a.left >= b.left - 1 && a.right <= b.right + 1
      const e = pick(el)
      const b = pick(box)
      return { ok: inside(e, b) && inside(b, view), el: e, box: b, view }
    },
    [selector, container] as const,
  )
}

/** Brings the last `selector` into view the way a reader would (its scroll container scrolls). */
export async function scrollIntoView(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const all = document.querySelectorAll(sel)
    all[all.length - 1]?.scrollIntoView({ block: 'nearest' })
  }, selector)
}

/** The page scrolls sideways (wider content than the viewport). */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/** What has keyboard focus, in words: the test id, id, or tag and text. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return 'body'
    if (el.closest('.monaco-editor')) return 'editor'
    return el.dataset.testid ?? (el.id || `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 40)}`)
  })
}

/** Presses Tab until `target` (as `focused` names it) has focus; fails after `max` presses. */
export async function tabTo(page: Page, target: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await focused(page)) === target) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target} (now on ${await focused(page)})`)
}
