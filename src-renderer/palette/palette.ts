import type { PaletteMatch, PaletteSearchResult } from '../../src-main/ipc/contract';
import './palette.css';

// The quick-search palette: every keystroke asks main for matching names (never codes); Enter or a
// click asks main to copy the chosen account's code, and main closes the window. The window is kept
// and shown again, so each time it gains the focus it starts afresh.

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`palette.html is missing #${id}`);
  return found as T;
}

const query = element<HTMLInputElement>('query');
const list = element<HTMLUListElement>('matches');
const search = element<HTMLDivElement>('search');
const locked = element<HTMLElement>('locked');
const openApp = element<HTMLButtonElement>('open-app');
const status = element<HTMLParagraphElement>('status');
const keys = element<HTMLParagraphElement>('keys');

let matches: PaletteMatch[] = [];
let selected = 0;
/** Answers can arrive out of order: only the newest search's is shown. */
let searchSeq = 0;

function say(text: string, isError = false): void {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function render(): void {
  list.replaceChildren(...matches.map((match, index) => {
    const item = document.createElement('li');
    item.id = `match-${index}`;
    item.setAttribute('role', 'option');
    item.setAttribute('aria-selected', String(index === selected));
    const issuer = Object.assign(document.createElement('span'), { className: 'issuer', textContent: match.issuer || match.label });
    const label = Object.assign(document.createElement('span'), { className: 'label', textContent: match.issuer ? match.label : '' });
    item.append(issuer, label);
    item.addEventListener('click', () => void copy(index));
    return item;
  }));
  if (matches.length > 0) query.setAttribute('aria-activedescendant', `match-${selected}`);
  else query.removeAttribute('aria-activedescendant');
  list.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
}

function show(result: PaletteSearchResult, text: string): void {
  search.hidden = result.state === 'locked';
  locked.hidden = result.state !== 'locked';
  keys.hidden = result.state === 'locked';
  if (result.state === 'locked') {
    openApp.focus();
    return say('');
  }
  matches = result.state === 'ready' ? result.matches : [];
  selected = 0;
  render();
  if (result.state === 'unavailable') say(result.message, true);
  else if (matches.length === 0) say(text.trim() === '' ? 'No accounts yet: add them in Tessera' : `No account matches "${text.trim()}"`);
  else say('');
}

async function refresh(): Promise<void> {
  const seq = ++searchSeq;
  const text = query.value;
  const result = await window.tesseraPalette.search(text);
  if (seq === searchSeq) show(result, text);
}

async function copy(index: number): Promise<void> {
  const match = matches[index];
  if (!match) return;
  const result = await window.tesseraPalette.copy(match.id);
  // Copied: main closes the palette. The status is for the moment before it does.
  if (result.copied) say(`Copied. The clipboard clears in ${result.clearsAfterSeconds} s.`);
  else say(result.message, true);
}

function move(by: number): void {
  if (matches.length === 0) return;
  selected = (selected + by + matches.length) % matches.length;
  render();
}

query.addEventListener('input', () => void refresh());
query.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') move(1);
  else if (event.key === 'ArrowUp') move(-1);
  else if (event.key === 'Enter') void copy(selected);
  else return;
  event.preventDefault();
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  void window.tesseraPalette.close();
});
openApp.addEventListener('click', () => void window.tesseraPalette.openApp());

function reset(): void {
  query.value = '';
  say('');
  query.focus();
  void refresh();
}

window.addEventListener('focus', reset);
reset();
