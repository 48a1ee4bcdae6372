/**
 * The workspace's hooks: its API and runner (made once per credentials and store), the slice, and the
 * style of the current result in the current language.
 */
import { useMemo } from 'react';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { createAnalysisApi, type AnalysisApi } from '../../net/analysis-api.ts';
import type { AnalysisState } from '../../state/analysis-slice.ts';
import { useStore, type StoreState } from '../../state/store.ts';
import { styleOf, type ResultStyle } from './model/result-style.ts';
import { createRunner, type Runner } from './run-analysis.ts';

export interface AnalysisTools {
  api: AnalysisApi;
  runner: Runner;
}

const cache = new WeakMap<object, AnalysisTools>();

/** One API and one runner per (store, credentials): the map hook and the panel share the run in flight. */
export function useAnalysisTools(): AnalysisTools {
  const { store, credentials } = useServices();
  return useMemo(() => {
    const key = credentials as object;
    let tools = cache.get(key);
    if (!tools) {
      const api = createAnalysisApi(credentials);
      tools = { api, runner: createRunner(store, api) };
      cache.set(key, tools);
    }
    return tools;
  }, [store, credentials]);
}

const selectAnalysis = (s: StoreState) => s.analysis;

export function useAnalysis(): AnalysisState {
  const { store } = useServices();
  return useStore(store, selectAnalysis);
}

/** The style of the current result (null without one), remade when the result or the language changes. */
export function useResultStyle(): ResultStyle | null {
  const { run } = useAnalysis();
  const { t, lang } = useI18n();
  const result = run?.result ?? null;
  return useMemo(() => (result ? styleOf(result, t, lang) : null), [result, t, lang]);
}
