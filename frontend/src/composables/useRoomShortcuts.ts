/** The candidate room's shortcuts, in one list: the help dialog shows exactly what works. */
import type { Shortcut } from '@/composables/useShortcuts'

export interface RoomActions {
  focusAnswer: () => void
  focusEditor: () => void
  run: () => void
  submit: () => void
  hint: () => void
  toggleMic: () => void
  toggleVoice: () => void
  end: () => void
  help: () => void
}

export function roomShortcuts(a: RoomActions): Shortcut[] {
  return [
    { keys: 'Esc', label: 'Leave the code editor (focus moves to Run tests)', listOnly: true },
    { keys: 'Ctrl+Enter', label: 'Run the sample tests', code: 'Enter', ctrl: true, run: a.run },
    { keys: 'Alt+Shift+R', label: 'Run the sample tests', code: 'KeyR', altShift: true, run: a.run },
    { keys: 'Alt+Shift+S', label: 'Submit your solution (while coding)', code: 'KeyS', altShift: true, run: a.submit },
    { keys: 'Alt+Shift+A', label: 'Go to the answer box', code: 'KeyA', altShift: true, run: a.focusAnswer },
    { keys: 'Alt+Shift+E', label: 'Go to the code editor', code: 'KeyE', altShift: true, run: a.focusEditor },
    { keys: 'Alt+Shift+H', label: 'Ask for a hint', code: 'KeyH', altShift: true, run: a.hint },
    { keys: 'Alt+Shift+M', label: 'Microphone on or off', code: 'KeyM', altShift: true, run: a.toggleMic },
    { keys: 'Alt+Shift+V', label: 'Read-aloud voice on or off', code: 'KeyV', altShift: true, run: a.toggleVoice },
    { keys: 'Alt+Shift+Q', label: 'End the interview (asks first)', code: 'KeyQ', altShift: true, run: a.end },
    { keys: 'Enter', label: 'In the answer box: send', listOnly: true },
    { keys: '?', label: 'Show these shortcuts (outside text fields)', key: '?', run: a.help },
  ]
}
