/**
 * The wall's URL parameters (docs/client.md "The wall"). Pure.
 *   ?tour=<seconds>        auto tour: seconds per district view (default 60; 0 or "off" = no tour)
 *   ?scope=<admin code>    the unit the figures and the tour cover (default: the token's jurisdiction)
 *   ?attention=<seconds>   how long the map stays on a new critical incident or warning (default 8)
 *   ?ticker=<n>            lines of the live ticker (default 8, at most 30)
 */
export interface WallParams {
  tourSeconds: number;
  scope: string | null;
  attentionSeconds: number;
  tickerLines: number;
}

export const DEFAULT_WALL_PARAMS: WallParams = { tourSeconds: 60, scope: null, attentionSeconds: 8, tickerLines: 8 };

const num = (raw: string | null, min: number, max: number, fallback: number): number => {
  if (raw === null || raw.trim() === '') return fallback;
  if (raw === 'off') return 0;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : fallback;
};

export function wallParams(search: string): WallParams {
  const p = new URLSearchParams(search);
  const scope = p.get('scope');
  const tour = num(p.get('tour'), 0, 3600, DEFAULT_WALL_PARAMS.tourSeconds);
  return {
    // A tour step shorter than the map's flight would never settle: 10 s at least (0 keeps the tour off).
    tourSeconds: tour > 0 && tour < 10 ? 10 : tour,
    scope: scope && /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/.test(scope) ? scope : null,
    attentionSeconds: num(p.get('attention'), 2, 120, DEFAULT_WALL_PARAMS.attentionSeconds),
    tickerLines: num(p.get('ticker'), 1, 30, DEFAULT_WALL_PARAMS.tickerLines),
  };
}

/** The viewport's scale against 1920×1080 (at least 1, in quarter steps): the zoom of the wall's map. */
export function mapZoomFor(width: number, height: number): number {
  return Math.max(1, Math.floor(Math.min(width / 1920, height / 1080) * 4) / 4);
}
