import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import HomePage from './pages/HomePage.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomePage },
  // The rooms use the whole height: no app bar above them (their own header has the title).
  { path: '/interview/:id', name: 'interview', component: () => import('./pages/InterviewPage.vue'), meta: { bare: true } },
  { path: '/observe/:id', name: 'observe', component: () => import('./pages/ObservePage.vue'), meta: { bare: true } },
  { path: '/report/:id', name: 'report', component: () => import('./pages/ReportPage.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
]

export const router = createRouter({ history: createWebHistory(), routes })

/**
 * After a navigation inside the app, focus goes to the new page's heading (a screen reader
 * announces where it landed) once the page has rendered one, polling for up to 3 s while data
 * loads, unless something else took focus meanwhile. The first page load keeps the default.
 */
router.afterEach((_to, from) => {
  if (!from.matched.length || typeof document === 'undefined') return
  const deadline = Date.now() + 3000
  const tryFocus = (): void => {
    const active = document.activeElement
    if (active && active !== document.body && active.id !== 'main') return
    const heading = document.querySelector<HTMLElement>('#main h1')
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
      heading.focus()
    } else if (Date.now() < deadline) setTimeout(tryFocus, 100)
  }
  setTimeout(tryFocus, 0)
})
