/**
 * One grading run over the grids of a scope: the streamed grading pass (risk-pass.ts: measure a chunk, add travel
 * times to the nearest on-duty fire and police unit, grade, keep what changed), then the grades that changed are
 * written in batches — each batch one transaction with the RISK_RISE warnings of the grids whose level rose — and
 * the run is recorded in risk_runs. A grade is rewritten when its level, its model version or its score (by ≥ 1
 * point) changed (needsWrite), so a quiet hour does not push 6,000 unchanged grids through the live feed;
 * `risk_computed_at` is when the grade was written.
 */
import type { Database } from '../core/database.ts';
import { writeGrades, type GradeWrite } from './risk-sql.ts';
import { gradeScope, type GradeWriteMeasure } from './risk-pass.ts';
import { raiseWarnings, type NewWarning } from './warnings-repository.ts';
import type { Grade } from '../../domain/analysis/risk-model.ts';
import { RISK_FACTORS, RISK_MODEL, WARNING_RULES, type RiskFactorName } from '../../domain/analysis/model-config.ts';
import { isRise, warningLevelOf } from '../../domain/risk/levels.ts';
import { RISK_LEVEL } from '../../protocol/codes.ts';

export type RunTrigger = 'schedule' | 'request' | 'startup';

export interface Progress {
  phase: 'measure' | 'grade' | 'write' | 'done';
  done: number;
  total: number;
}

export interface RiskRunResult {
  runId: number;
  modelVersion: string;
  scope: string;
  grids: number;
  changed: number;
  risen: number;
  warnings: number;
  levels: Record<string, number>;
  ms: number;
}

/** The top contributions of a grade, largest first, as warning evidence. */
function topFactors(g: Grade, n = 3): { factor: RiskFactorName; zh: string; points: number }[] {
  return (Object.entries(g.factors) as [RiskFactorName, number][])
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([factor, points]) => ({ factor, zh: RISK_FACTORS[factor].zh, points }));
}

export function riseWarning(m: GradeWriteMeasure, g: Grade): NewWarning {
  const top = topFactors(g);
  return {
    kind: 'RISK_RISE',
    level: warningLevelOf(g.level),
    title: `网格${m.code}风险升至${RISK_LEVEL[g.level].zh}`,
    reason: `风险等级由${RISK_LEVEL[m.oldLevel as keyof typeof RISK_LEVEL]?.zh ?? m.oldLevel}升至${RISK_LEVEL[g.level].zh}（${g.score}分），主要因子：${top.map((t) => `${t.zh} ${t.points}分`).join('、')}`,
    evidence: { grid: m.code, from: m.oldLevel, to: g.level, score: g.score, previousScore: m.oldScore, factors: g.factors, top, modelVersion: RISK_MODEL.version },
    causeKey: `RISK_RISE:${m.code}`,
    area: { gridCodes: [m.code] },
  };
}

export async function runRiskGrading(
  db: Database,
  opts: { scope: string; trigger: RunTrigger; requestedBy?: string | null; now?: Date; onProgress?: (p: Progress) => void },
): Promise<RiskRunResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const progress = opts.onProgress ?? (() => undefined);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO risk_runs (model_version, scope, trigger, requested_by, started_at) VALUES ($1, $2, $3, $4, $5::timestamptz) RETURNING id`,
    [RISK_MODEL.version, opts.scope, opts.trigger, opts.requestedBy ?? null, now.toISOString()],
  );
  const runId = rows[0]!.id;
  try {
    progress({ phase: 'measure', done: 0, total: 0 });
    const { grids, levels, writes } = await gradeScope(db, opts.scope, now, (done, total) => progress({ phase: 'grade', done, total }));
    let risen = 0;
    let warnings = 0;
    for (let i = 0; i < writes.length; i += RISK_MODEL.batchSize) {
      const batch = writes.slice(i, i + RISK_MODEL.batchSize);
      const rises = batch.filter(({ m, g }) => isRise(m.oldLevel, g.level) && (WARNING_RULES.riskRiseTo as readonly string[]).includes(g.level));
      risen += batch.filter(({ m, g }) => isRise(m.oldLevel, g.level)).length;
      await db.transaction(async (tx) => {
        const grades: GradeWrite[] = batch.map(({ m, g }) => ({ code: m.code, level: g.level, score: g.score, factors: g.factors }));
        await writeGrades(tx, grades, RISK_MODEL.version, now);
        warnings += await raiseWarnings(tx, rises.map(({ m, g }) => riseWarning(m, g)), now);
      });
      progress({ phase: 'write', done: Math.min(i + batch.length, writes.length), total: writes.length });
    }
    const ms = Math.round(performance.now() - started);
    await db.query('UPDATE risk_runs SET finished_at = now(), grids = $2, changed = $3, warnings = $4 WHERE id = $1', [runId, grids, writes.length, warnings]);
    progress({ phase: 'done', done: writes.length, total: writes.length });
    return { runId, modelVersion: RISK_MODEL.version, scope: opts.scope, grids, changed: writes.length, risen, warnings, levels, ms };
  } catch (err) {
    await db.query('UPDATE risk_runs SET finished_at = now(), error = $2 WHERE id = $1', [runId, (err as Error).message.slice(0, 500)]).catch(() => undefined);
    throw err;
  }
}
