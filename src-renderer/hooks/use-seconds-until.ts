import { useEffect, useState } from 'react';

/**
 * Whole seconds until `deadline` (ISO 8601), ticking each second, never below 0 nor above `longestS`
 * (so a page clock ahead of or behind main's cannot show more time than the request had).
 */
export function useSecondsUntil(deadline: string, longestS: number): number {
  const [left, setLeft] = useState(() => secondsUntil(deadline, longestS));
  useEffect(() => {
    setLeft(secondsUntil(deadline, longestS));
    const timer = setInterval(() => setLeft(secondsUntil(deadline, longestS)), 1000);
    return () => clearInterval(timer);
  }, [deadline, longestS]);
  return left;
}

function secondsUntil(deadline: string, longestS: number): number {
  const left = Math.ceil((Date.parse(deadline) - Date.now()) / 1000);
  return Number.isNaN(left) ? 0 : Math.max(0, Math.min(longestS, left));
}
