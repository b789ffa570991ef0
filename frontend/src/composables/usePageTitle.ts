/** The document title per page and state ("Coding · Valid Anagram · Interview Sim"). */
import { watchEffect } from 'vue'

export const APP_NAME = 'Interview Sim'

export function pageTitle(...parts: (string | null | undefined)[]): string {
  return [...parts.filter((p): p is string => !!p), APP_NAME].join(' · ')
}

export function usePageTitle(parts: () => (string | null | undefined)[]): void {
  watchEffect(() => {
    document.title = pageTitle(...parts())
  })
}
