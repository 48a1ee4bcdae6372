/** Export of the result on screen as GeoJSON or CSV, built in the browser from that result (./export.ts). */
import { useI18n } from '../../../app/use-i18n.ts';
import type { AnalysisResult } from '../../../state/analysis-slice.ts';
import { downloadText } from '../download.ts';
import { exportFileName, resultToCsv, resultToGeoJson } from '../model/export.ts';

export function ExportButtons({ result }: { result: AnalysisResult }) {
  const { t } = useI18n();
  return (
    <div className="analysis-export" data-testid="analysis-export">
      <span>{t('analysis.export')}</span>
      <button type="button" data-testid="export-geojson" onClick={() => downloadText(resultToGeoJson(result), exportFileName(result, 'geojson'), 'application/geo+json')}>
        {t('analysis.export.geojson')}
      </button>
      <button type="button" data-testid="export-csv" onClick={() => downloadText(resultToCsv(result), exportFileName(result, 'csv'), 'text/csv;charset=utf-8')}>
        {t('analysis.export.csv')}
      </button>
    </div>
  );
}
