/**
 * Page-wide keyboard shortcuts. Alt+Shift+letter combinations work everywhere, the editor
 * included (listened to in the capture phase, so Monaco does not swallow them); `?` opens the
 * help only when focus is not in a text field, where it would be typing.
 */
import { onBeforeUnmount, onMounted } from 'vue'

export interface Shortcut {
  /** What the help lists, e.g. "Alt+Shift+R". */
  keys: string
  label: string
  /** `KeyboardEvent.code` (layout-independent), e.g. "KeyR". */
  code?: string
  /** `KeyboardEvent.key`, for `?`. */
  key?: string
  altShift?: boolean
  ctrl?: boolean
  /** Only listed (handled elsewhere, e.g. by the editor). */
  listOnly?: boolean
  run?: () => void
}

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable || !!el.closest?.('.monaco-editor')
}

export function matches(s: Shortcut, ev: KeyboardEvent): boolean {
  if (s.listOnly || !s.run) return false
  if (s.key) return ev.key === s.key && !ev.ctrlKey && !ev.altKey && !ev.metaKey && !typingIn(ev.target)
  if (s.code !== ev.code) return false
  if (s.altShift) return ev.altKey && ev.shiftKey && !ev.ctrlKey && !ev.metaKey
  if (s.ctrl) return (ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey
  return false
}

export function useShortcuts(list: () => Shortcut[]): void {
  function onKey(ev: KeyboardEvent): void {
    const hit = list().find((s) => matches(s, ev))
    if (!hit) return
    ev.preventDefault()
    ev.stopPropagation()
    hit.run?.()
  }
  onMounted(() => window.addEventListener('keydown', onKey, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey, true))
}
