import { useEffect, useRef, type RefObject } from 'react';

export interface ListKeyActions {
  /** Adds typed text to the search (type-to-search from anywhere in the list). */
  type(text: string): void;
  move(step: 1 | -1): void;
  /** Copies the selected (or only) match. */
  enter(): void;
  /** Clears the search and the selection; false when there was nothing to clear. */
  escape(): boolean;
}

/** Fields where keys belong to the field; the search box itself is handled here. */
function isOtherField(target: EventTarget | null, search: HTMLElement | null): boolean {
  if (!(target instanceof HTMLElement) || target === search) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The list's keyboard: `/` or Ctrl/Cmd+F focuses the search, a printable key typed anywhere goes into
 * it, arrows move the selection, Enter copies, Escape clears. With a button focused, Enter and Space
 * stay the button's; menus stop their own keys before they reach the document.
 */
export function useListKeys(search: RefObject<HTMLInputElement | null>, actions: ListKeyActions): void {
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const field = search.current;
      if (event.defaultPrevented || isOtherField(event.target, field)) return;
      const inSearch = event.target === field;
      const onButton = event.target instanceof HTMLButtonElement;
      const command = event.ctrlKey || event.metaKey;
      const act = (run: () => void) => (event.preventDefault(), run());

      if ((command && event.key.toLowerCase() === 'f' && !event.altKey) || (event.key === '/' && !inSearch)) return act(() => field?.focus());
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') return act(() => latest.current.move(event.key === 'ArrowDown' ? 1 : -1));
      if (event.key === 'Enter' && !onButton) return act(() => latest.current.enter());
      if (event.key === 'Escape') {
        if (latest.current.escape()) event.preventDefault();
        return;
      }
      if (!inSearch && !command && !event.altKey && event.key.length === 1 && event.key !== ' ') {
        act(() => {
          field?.focus();
          latest.current.type(event.key);
        });
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [search]);
}
