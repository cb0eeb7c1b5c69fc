/** Puts the reader back in the open conversation's message box (after Esc, a closed panel, a saved edit). */
export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Message"]')?.focus()
}
