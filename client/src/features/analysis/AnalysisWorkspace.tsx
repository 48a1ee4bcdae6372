/** The /analysis route's side panel: the analysis panel, and the layer panel on a second tab. */
import { useState } from 'react';
import { useI18n } from '../../app/use-i18n.ts';
import { LayerPanel } from '../layers/LayerPanel.tsx';
import { AnalysisPanel } from './panel/AnalysisPanel.tsx';
import './analysis.css';

export function AnalysisWorkspace() {
  const { t } = useI18n();
  const [tab, setTab] = useState<'analysis' | 'layers'>('analysis');
  return (
    <aside className="panel analysis-workspace" data-testid="analysis-workspace">
      <nav className="analysis-tabs" role="tablist">
        {(['analysis', 'layers'] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'on' : ''} onClick={() => setTab(k)} data-testid={`analysis-tab-${k}`}>
            {t(`analysis.tab.${k}`)}
          </button>
        ))}
      </nav>
      {tab === 'analysis' ? <AnalysisPanel /> : <LayerPanel />}
    </aside>
  );
}
