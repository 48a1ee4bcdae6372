/**
 * A figure on the wall: label and value, written by the shared display rules (server/domain/kpis/format.ts).
 * `data-kpi` names the figure by its path in the GET /api/kpis answer and `data-value` holds the raw number, so a
 * test reads the same number the screen shows and compares it with the API.
 */
import type { ReactNode } from 'react';

export interface KpiTileProps {
  kpi: string;
  label: string;
  value: number | null;
  text: string;
  unit?: string;
  tone?: 'bad' | 'warn' | 'ok' | 'accent' | 'major' | 'larger' | 'general' | 'low';
  size?: 'big' | 'mid' | 'small';
  note?: ReactNode;
}

export function KpiTile({ kpi, label, value, text, unit, tone, size = 'mid', note }: KpiTileProps) {
  return (
    <div className={`kpi kpi-${size}${tone ? ` tone-${tone}` : ''}`} data-kpi={kpi} data-value={value === null ? '' : String(value)}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">
        {text}
        {unit && <small className="kpi-unit">{unit}</small>}
      </div>
      {note && <div className="kpi-note">{note}</div>}
    </div>
  );
}

export function WallSection({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`wall-section${className ? ` ${className}` : ''}`}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
