/** A clock for animation and timer lights: the current time, re-read every `everyMs`. */
import { useEffect, useState } from 'react';

export function useClock(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
