/** Colour conventions (DOMAIN.md): risk red/orange/yellow/blue, traffic lights, and category palettes. Pure data. */
export type RGB = [number, number, number];
export type RGBA = [number, number, number, number];

export const RISK: Readonly<Record<string, RGB>> = {
  MAJOR: [229, 57, 53],
  LARGER: [251, 140, 0],
  GENERAL: [253, 216, 53],
  LOW: [30, 136, 229],
  NONE: [120, 144, 156],
};

/** Warning levels 1..4 (一级..四级预警) wear the risk colours: red, orange, yellow, blue. */
export const WARNING_LEVEL_COLOURS: Readonly<Record<string, RGB>> = { '1': RISK.MAJOR!, '2': RISK.LARGER!, '3': RISK.GENERAL!, '4': RISK.LOW! };

export const TIMER: Readonly<Record<'GREEN' | 'YELLOW' | 'RED', RGB>> = {
  GREEN: [67, 160, 71],
  YELLOW: [253, 216, 53],
  RED: [229, 57, 53],
};

/** A qualitative palette for categories with no convention of their own (colour-blind friendly first). */
export const CATEGORICAL: readonly RGB[] = [
  [0, 172, 193], [255, 167, 38], [171, 71, 188], [102, 187, 106], [236, 64, 122], [141, 110, 99],
  [92, 107, 192], [212, 225, 87], [38, 166, 154], [255, 112, 67], [120, 144, 156], [186, 104, 200], [77, 208, 225],
];

export const OFFLINE_GREY: RGB = [110, 110, 110];

export function withAlpha(c: RGB, a: number): RGBA {
  return [c[0], c[1], c[2], a];
}

/** A sequential ramp (dark teal → yellow), t in 0..1 clamped. */
const RAMP: readonly RGB[] = [[13, 71, 161], [0, 137, 123], [124, 179, 66], [253, 216, 53], [255, 112, 67]];
export function ramp(t: number): RGB {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

export function cssColor(c: RGB | RGBA): string {
  return c.length === 4 ? `rgba(${c[0]},${c[1]},${c[2]},${(c[3] / 255).toFixed(2)})` : `rgb(${c[0]},${c[1]},${c[2]})`;
}
