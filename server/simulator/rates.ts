/**
 * The rates of a realistic Anyang day (shared DOMAIN.md: 500-3,000 events a day, cameras 30-80k with a few
 * per cent offline, fire hazards rectified over days, positions every 5-10 s). Pure; every number here is
 * a labelled assumption a city can tune.
 */
export interface SimulatorRates {
  /** New incidents per day (DOMAIN: 500-3,000; Anyang mid-range). */
  incidentsPerDay: number;
  /** Mean simulated hours an open incident waits before its next lifecycle step. */
  incidentStepHours: number;
  /** Share of cameras offline at a time and the mean outage, hours. */
  cameraOfflineShare: number;
  cameraOutageHours: number;
  /** Mean days a fire hazard stays in each rectification step. */
  hazardStepDays: number;
  /** Seconds between position reports of a unit on duty (uniform in the range). */
  positionEverySeconds: [number, number];
}

export const DEFAULT_RATES: SimulatorRates = {
  incidentsPerDay: 1500,
  incidentStepHours: 3,
  cameraOfflineShare: 0.025,
  cameraOutageHours: 2,
  hazardStepDays: 3,
  positionEverySeconds: [5, 10],
};

/**
 * Relative incident intensity per hour of day (local time, China Standard Time): quiet at night, a
 * morning peak 9-11, an afternoon plateau 14-17, an evening bump for disputes. Averages to 1.
 */
const HOURLY = [0.25, 0.18, 0.14, 0.12, 0.14, 0.25, 0.55, 0.95, 1.45, 1.75, 1.8, 1.55, 1.1, 1.25, 1.6, 1.7, 1.65, 1.45, 1.25, 1.2, 1.05, 0.8, 0.55, 0.37];
const HOURLY_MEAN = HOURLY.reduce((a, b) => a + b, 0) / 24;

/** The hour of day in Anyang (UTC+8) at an instant. */
export function anyangHour(at: Date): number {
  return (at.getUTCHours() + 8) % 24;
}

export function incidentIntensity(at: Date): number {
  return HOURLY[anyangHour(at)]! / HOURLY_MEAN;
}

/** Expected new incidents in the simulated interval of `seconds` ending at `at` (integrated over the cycle). */
export function expectedIncidents(rates: SimulatorRates, at: Date, seconds: number): number {
  const perSecond = rates.incidentsPerDay / 86_400;
  const slice = 900; // integrate in quarter hours: long steps (high --speed) cross several hours
  let total = 0;
  for (let done = 0; done < seconds; done += slice) {
    const len = Math.min(slice, seconds - done);
    const mid = new Date(at.getTime() - (done + len / 2) * 1000);
    total += perSecond * len * incidentIntensity(mid);
  }
  return total;
}

/** Expected cameras going offline in `seconds`, for `online` cameras (steady state at the offline share). */
export function expectedCameraFailures(rates: SimulatorRates, online: number, seconds: number): number {
  const share = rates.cameraOfflineShare;
  // In steady state failures balance recoveries: online * λ = offline / outage.
  const lambdaPerHour = share / (1 - share) / rates.cameraOutageHours;
  return online * lambdaPerHour * (seconds / 3600);
}

/** Probability that one item with a mean dwell of `meanSeconds` moves on within `seconds`. */
export function stepProbability(meanSeconds: number, seconds: number): number {
  return 1 - Math.exp(-seconds / meanSeconds);
}
