/**
 * The feature card: opens on a map click or a search pick; loads the whole feature from the OGC API, and
 * again whenever the live feed carries a change of it (selectSelectedSeq), keeping what it shows meanwhile
 * (no flash back to "loading"). For
 * rental housing and incidents, roles that may see personal data get the personal block (PersonalBlock);
 * viewers and wall displays do not, and never request it.
 */
import { useEffect, useState } from 'react';
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import type { AnyFeature } from '../../net/api.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { selectSelectedSeq, selectSelection } from '../../state/selectors.ts';
import { useStore } from '../../state/store.ts';
import { showsPersonalBlock } from '../auth/auth-model.ts';
import { useSession } from '../auth/session.ts';
import { cardRows, cardTitle } from './card-rows.ts';
import { PersonalBlock } from './PersonalBlock.tsx';

type Load = { state: 'loading' } | { state: 'ok'; feature: AnyFeature } | { state: 'error' };

export function FeatureCard() {
  const { store, api } = useServices();
  const { t, lang } = useI18n();
  const { me, active } = useSession();
  const sel = useStore(store, selectSelection);
  const liveSeq = useStore(store, selectSelectedSeq);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const isBin = sel?.preview?.aggregated === true;

  useEffect(() => {
    if (!sel || isBin) return;
    setLoad({ state: 'loading' });
  }, [sel, isBin]);

  useEffect(() => {
    if (!sel || isBin) return;
    const ctl = new AbortController();
    api.feature(sel.collection, sel.id, ctl.signal).then(
      (feature) => setLoad({ state: 'ok', feature }),
      (err: Error) => err.name !== 'AbortError' && setLoad({ state: 'error' }),
    );
    return () => ctl.abort();
  }, [api, sel, isBin, liveSeq]);

  if (!sel) return null;
  const props = load.state === 'ok' ? (load.feature.properties ?? {}) : (sel.preview ?? {});
  const rows = isBin ? [] : cardRows(sel.collection, props, lang, t);
  return (
    <aside className="panel feature-card" data-testid="feature-card" data-collection={sel.collection} data-id={sel.id} data-live-seq={liveSeq ?? undefined}>
      <header>
        <div>
          <div className="card-kind">{COLLECTIONS[sel.collection].title[lang]}</div>
          <h3>{isBin ? t('card.aggregated', { n: String(sel.preview?.count ?? '') }) : cardTitle(props, sel.id)}</h3>
        </div>
        <button type="button" onClick={() => store.dispatch({ type: 'select', selection: null })} aria-label={t('card.close')}>
          ×
        </button>
      </header>
      {load.state === 'loading' && !isBin && <div className="card-note">{t('card.loading')}</div>}
      {load.state === 'error' && <div className="card-note error">{t('card.error')}</div>}
      <dl>
        {rows.map((r) => (
          <div key={r.name} className={r.masked ? 'masked' : undefined} data-field={r.name}>
            <dt>{r.title}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
      </dl>
      {rows.some((r) => r.masked) && <div className="card-note">{t('card.masked')}</div>}
      {!isBin && active && showsPersonalBlock(me, sel.collection) && <PersonalBlock key={`${sel.collection}/${sel.id}`} collection={sel.collection} id={sel.id} />}
    </aside>
  );
}
