/** Focus across shadow roots: who has it, and giving it back to the control that opened something. */

/** The focused element, looking inside open shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): HTMLElement | null {
  let el = root.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : null;
}

const focusable = (el: HTMLElement | null | undefined): el is HTMLElement =>
  !!el && el.isConnected && !el.matches(':disabled') && el !== document.body;

/**
 * Remembers what has focus now (the opener of a dialog or menu). The returned function focuses it
 * again, or `fallback()` when the opener is gone (a menu that closed, a deleted row), and says
 * whether anything took focus.
 */
export function rememberFocus(): (fallback?: () => HTMLElement | null | undefined) => boolean {
  const opener = deepActiveElement();
  return (fallback) => {
    const target = focusable(opener) ? opener : fallback?.();
    if (!focusable(target)) return false;
    target.focus();
    return true;
  };
}
