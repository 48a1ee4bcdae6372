/**
 * The readiness probe behind /api/health: whether the database answers, checked at most once per `everyMs`
 * however many callers ask (concurrent callers share one check). Constant cost by construction: one
 * `SELECT 1` per period, never a count. Pure apart from the injected check and clock.
 */
export interface ProbeResult {
  ok: boolean;
  /** When it was checked (clock ms). */
  at: number;
}

export function cachedProbe(check: () => Promise<void>, everyMs: number, now: () => number = Date.now): () => Promise<ProbeResult> {
  let last: ProbeResult | undefined;
  let running: Promise<ProbeResult> | undefined;
  return () => {
    if (last && now() - last.at < everyMs) return Promise.resolve(last);
    running ??= check()
      .then(
        () => true,
        () => false,
      )
      .then((ok) => (last = { ok, at: now() }))
      .finally(() => (running = undefined));
    return running;
  };
}
