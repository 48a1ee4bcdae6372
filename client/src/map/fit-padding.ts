/**
 * How far from each edge of the map a fitted area must stay: a margin, plus whatever panel floats over the map
 * on that side (the feature card on the right; on a narrow screen the layer panel over the left). Pure: takes the
 * map's and the panels' screen rectangles.
 */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export function overlayPadding(map: Rect, panels: readonly Rect[], margin = 40): Padding {
  const pad: Padding = { top: margin, right: margin, bottom: margin, left: margin };
  const width = map.right - map.left;
  const height = map.bottom - map.top;
  for (const p of panels) {
    const overlapX = Math.min(map.right, p.right) - Math.max(map.left, p.left);
    const overlapY = Math.min(map.bottom, p.bottom) - Math.max(map.top, p.top);
    if (overlapX <= 0 || overlapY <= 0) continue;
    // A panel standing on one side (taller than wide, or the other way) pads that side by what it covers.
    if (overlapY >= overlapX) {
      if (p.left - map.left <= map.right - p.right) pad.left = Math.max(pad.left, p.right - map.left + margin / 2);
      else pad.right = Math.max(pad.right, map.right - p.left + margin / 2);
    } else if (p.top - map.top <= map.bottom - p.bottom) pad.top = Math.max(pad.top, p.bottom - map.top + margin / 2);
    else pad.bottom = Math.max(pad.bottom, map.bottom - p.top + margin / 2);
  }
  // Never more than most of the map: a tiny map still shows the area.
  const cap = (n: number, size: number) => Math.min(n, size * 0.4);
  return { top: cap(pad.top, height), right: cap(pad.right, width), bottom: cap(pad.bottom, height), left: cap(pad.left, width) };
}
