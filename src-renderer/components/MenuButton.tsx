import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { MoreIcon } from './glyphs';

export interface MenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
  danger?: boolean;
}

/**
 * A button opening a menu (WAI-ARIA menu button pattern): arrows move, Enter or Space picks, Escape
 * closes and returns focus to the button, Tab or a click elsewhere closes.
 */
export function MenuButton({ label, items }: { label: string; items: readonly MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [upward, setUpward] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  // A menu that would cross the window's bottom edge opens above its button instead (a lower row's menu
  // must be seen where it was asked for).
  useLayoutEffect(() => {
    if (!open || !menu.current || !button.current) return setUpward(false);
    const below = window.innerHeight - button.current.getBoundingClientRect().bottom;
    setUpward(menu.current.offsetHeight + 8 > below && button.current.getBoundingClientRect().top > below);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role=menuitem]:not([disabled])')?.focus();
    function closeOutside(event: PointerEvent) {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }

  function onMenuKey(event: KeyboardEvent) {
    const enabled = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])') ?? [])];
    const at = enabled.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: enabled.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      const target = ((moves[event.key] ?? 0) + enabled.length) % enabled.length;
      enabled[target]?.focus();
    } else if (event.key === 'Escape') {
      // The list's own Escape (clear the search) must not also run.
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
    // Letters typed in the menu are not a search of the list.
    if (event.key.length === 1) event.stopPropagation();
  }

  function pick(item: MenuItem) {
    close(true);
    item.onSelect();
  }

  return (
    <div className="menu-anchor">
      <button ref={button} type="button" className="icon-button" aria-label={label} aria-haspopup="menu" aria-expanded={open} aria-controls={open ? id : undefined} onClick={() => setOpen((now) => !now)}>
        <MoreIcon />
      </button>
      {open && (
        <div ref={menu} id={id} role="menu" aria-label={label} className={upward ? 'menu menu-up' : 'menu'} onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button key={item.label} type="button" role="menuitem" tabIndex={-1} className={item.danger ? 'danger' : undefined} disabled={item.disabled} onClick={() => pick(item)}>
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
