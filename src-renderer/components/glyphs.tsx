// Small SVG glyphs drawn here, so no symbol depends on an emoji or symbol font the OS may lack.

export function MoreIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" fill="currentColor">
      <circle cx="8" cy="3" r="1.6" />
      <circle cx="8" cy="8" r="1.6" />
      <circle cx="8" cy="13" r="1.6" />
    </svg>
  );
}

export function PinIcon({ label }: { label: string }) {
  return (
    <svg className="pin-icon" viewBox="0 0 16 16" width="13" height="13" role="img" aria-label={label} fill="currentColor">
      <path d="M5 1.5h6l-1 5 2.5 2.5v1.5H8.8L8 15l-.8-4.5H3.5V9L6 6.5z" />
    </svg>
  );
}

export function GripIcon() {
  return (
    <svg viewBox="0 0 10 16" width="10" height="16" aria-hidden="true" fill="currentColor">
      {[3, 8, 13].flatMap((y) => [<circle key={`a${y}`} cx="3" cy={y} r="1.3" />, <circle key={`b${y}`} cx="7" cy={y} r="1.3" />])}
    </svg>
  );
}
