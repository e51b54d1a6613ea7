import { MIN_REGION_SIZE_DIP, type ScreenRegion } from '../../src-main/ipc/contract';
import './overlay.css';

// A snipping-tool selection: drag a rectangle, and only its coordinates (CSS px) go to main, which
// crops its own capture of the screen. Escape cancels.

const HINT = 'Drag a rectangle around the QR code. Esc cancels.';
const TOO_SMALL = 'That area is too small for a QR code. Drag around the whole code, or press Esc.';
const REFUSED = 'That area could not be used. Drag again, or press Esc.';

interface Point {
  x: number;
  y: number;
}

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`overlay.html is missing #${id}`);
  return found;
}

const selection = element('selection');
const hint = element('hint');
let start: Point | null = null;
let submitting = false;

const clamp = (value: number, max: number) => Math.min(Math.max(Math.round(value), 0), max);

function regionBetween(from: Point, to: Point): ScreenRegion {
  const [left, right] = [clamp(from.x, window.innerWidth), clamp(to.x, window.innerWidth)].sort((a, b) => a - b) as [number, number];
  const [top, bottom] = [clamp(from.y, window.innerHeight), clamp(to.y, window.innerHeight)].sort((a, b) => a - b) as [number, number];
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function draw(region: ScreenRegion | null): void {
  document.body.classList.toggle('selecting', region !== null);
  selection.hidden = region === null;
  if (region === null) return;
  Object.assign(selection.style, { left: `${region.x}px`, top: `${region.y}px`, width: `${region.width}px`, height: `${region.height}px` });
}

async function submit(region: ScreenRegion): Promise<void> {
  if (region.width < MIN_REGION_SIZE_DIP || region.height < MIN_REGION_SIZE_DIP) {
    draw(null);
    hint.textContent = TOO_SMALL;
    return;
  }
  submitting = true;
  hint.textContent = 'Reading the QR code…';
  const taken = await window.tesseraRegion.submitRegion(region).catch(() => false);
  // Taken: main closes this window. Otherwise the user may try again.
  if (taken) return;
  submitting = false;
  draw(null);
  hint.textContent = REFUSED;
}

document.addEventListener('pointerdown', (event) => {
  if (submitting || event.button !== 0) return;
  start = { x: event.clientX, y: event.clientY };
  document.body.setPointerCapture(event.pointerId);
  draw(regionBetween(start, start));
});

document.addEventListener('pointermove', (event) => {
  if (start) draw(regionBetween(start, { x: event.clientX, y: event.clientY }));
});

document.addEventListener('pointerup', (event) => {
  if (!start) return;
  const region = regionBetween(start, { x: event.clientX, y: event.clientY });
  start = null;
  void submit(region);
});

document.addEventListener('pointercancel', () => {
  start = null;
  draw(null);
  hint.textContent = HINT;
});

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  start = null;
  void window.tesseraRegion.cancel();
});
