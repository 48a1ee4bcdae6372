/**
 * Kernel density of incidents — a DENSITY surface, never a significance test. Quartic (biweight) kernel, as
 * ArcGIS's Kernel Density and QGIS's heatmap use: K(d) = 3/(π h²) · (1 − d²/h²)² for d < h, so the surface
 * integrates to the number of incidents. Input: counts on a square lattice of `cell` metres in the local projection
 * (hex-lattice.ts project()); output: density per km² at each lattice cell centre. Pure (runs in a worker thread).
 */
export interface SquareCount {
  i: number;
  j: number;
  count: number;
}

export interface DensityCell {
  i: number;
  j: number;
  /** Incidents per km². */
  density: number;
}

export function kernelDensity(points: readonly SquareCount[], cell: number, bandwidth: number, minDensity = 0): DensityCell[] {
  const reach = Math.ceil(bandwidth / cell);
  const h2 = bandwidth * bandwidth;
  const norm = (3 / (Math.PI * h2)) * 1e6; // per m² → per km²
  const weights: { di: number; dj: number; w: number }[] = [];
  for (let di = -reach; di <= reach; di++) {
    for (let dj = -reach; dj <= reach; dj++) {
      const d2 = (di * cell) ** 2 + (dj * cell) ** 2;
      if (d2 < h2) weights.push({ di, dj, w: norm * (1 - d2 / h2) ** 2 });
    }
  }
  const acc = new Map<number, number>();
  const key = (i: number, j: number) => (i + 1_000_000) * 2_000_000 + (j + 1_000_000);
  for (const p of points) {
    for (const k of weights) {
      const id = key(p.i + k.di, p.j + k.dj);
      acc.set(id, (acc.get(id) ?? 0) + p.count * k.w);
    }
  }
  const out: DensityCell[] = [];
  for (const [id, density] of acc) {
    if (density < minDensity) continue;
    out.push({ i: Math.floor(id / 2_000_000) - 1_000_000, j: (id % 2_000_000) - 1_000_000, density });
  }
  return out;
}
