/**
 * The standard normal distribution: CDF and two-sided p-values. Pure.
 * Φ(z) via the complementary error function (W. J. Cody's rational approximation as in Numerical Recipes
 * `erfcc`, |relative error| < 1.2e-7), good enough for p-values down to ~1e-300 in the tail.
 */

/** erfc(x) for any real x (Numerical Recipes 6.2, Chebyshev fit; relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Φ(z) = P(Z ≤ z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a z-score: P(|Z| ≥ |z|). */
export function twoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? 1 : 0;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}
