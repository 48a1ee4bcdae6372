/** The names of the risk model's factors, from the model's own configuration (server/domain/analysis/model-config.ts). */
import { RISK_FACTORS } from '../../../../../server/domain/analysis/model-config.ts';
import type { FactorNames } from './factors.ts';

export const FACTOR_NAMES: FactorNames = Object.fromEntries(Object.entries(RISK_FACTORS).map(([k, f]) => [k, { zh: f.zh, en: f.en }]));
