/**
 * The cameras around the scene, from the incident's context: those that SEE it (within their range and facing
 * it) first, then those that merely stand nearby (facing away, out of range, offline), each with its distance.
 */
import { useI18n } from '../../../app/use-i18n.ts';
import type { ContextCamera } from '../../../net/dispatch-api.ts';
import { formatDistance } from './recommendation-text.ts';

const SHOWN_NEARBY = 5;

export function CameraList({ cameras }: { cameras: readonly ContextCamera[] }) {
  const { t, lang } = useI18n();
  const seeing = cameras.filter((c) => c.sees).sort((a, b) => a.distanceMeters - b.distanceMeters);
  const nearby = cameras.filter((c) => !c.sees).sort((a, b) => a.distanceMeters - b.distanceMeters);
  const row = (c: ContextCamera) => (
    <li key={c.id} data-camera={c.id} data-sees={c.sees}>
      <span className="cam-name">{String(c.name ?? c.id)}</span>
      <span className="cam-dist">{formatDistance(c.distanceMeters, lang)}</span>
      {!c.sees && typeof c.reason === 'string' && <span className="cam-why">{t(`dispatch.camera.${reasonKey(c.reason)}`)}</span>}
    </li>
  );
  return (
    <section className="cameras" data-testid="cameras">
      <h4>
        {t('dispatch.camera.seeing')} <b>{seeing.length}</b>
      </h4>
      {seeing.length ? <ul className="cam-seeing">{seeing.map(row)}</ul> : <div className="card-note">{t('dispatch.camera.noneSeeing')}</div>}
      {nearby.length > 0 && (
        <>
          <h5>{t('dispatch.camera.nearby', { n: nearby.length })}</h5>
          <ul className="cam-nearby">{nearby.slice(0, SHOWN_NEARBY).map(row)}</ul>
        </>
      )}
    </section>
  );
}

function reasonKey(reason: string): 'away' | 'range' | 'offline' | 'other' {
  return reason === 'FACING_AWAY' ? 'away' : reason === 'OUT_OF_RANGE' ? 'range' : reason === 'OFFLINE' ? 'offline' : 'other';
}
