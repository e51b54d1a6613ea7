const RADIUS = 10;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;
/** The last seconds of a code are drawn in the warning colour: too late to type it comfortably. */
const ENDING_SECONDS = 5;

/** A ring that empties over the code's period; the seconds are in the label for screen readers. */
export function CountdownRing({ secondsLeft, period }: { secondsLeft: number; period: number }) {
  const fraction = Math.max(0, Math.min(1, secondsLeft / period));
  const className = secondsLeft <= ENDING_SECONDS ? 'ring ring-ending' : 'ring';
  return (
    <svg className={className} viewBox="0 0 24 24" width="28" height="28" role="img" aria-label={`${secondsLeft} seconds left`}>
      <circle className="ring-track" cx="12" cy="12" r={RADIUS} />
      <circle
        className="ring-fill"
        cx="12"
        cy="12"
        r={RADIUS}
        strokeDasharray={CIRCUMFERENCE}
        strokeDashoffset={CIRCUMFERENCE * (1 - fraction)}
        transform="rotate(-90 12 12)"
      />
      <text x="12" y="16" textAnchor="middle" className="ring-text">
        {secondsLeft}
      </text>
    </svg>
  );
}
