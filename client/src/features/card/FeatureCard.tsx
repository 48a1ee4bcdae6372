/**
 * The feature card: opens on a map click or a search pick; loads the whole feature from the OGC API, and
 * again whenever the live feed carries a change of it (selectSelectedSeq), keeping what it shows meanwhile
 * (no flash back to "loading"). For
 * rental housing and incidents, roles that may see personal data get the personal block (PersonalBlock);
 * viewers and wall displays do not, and never request it. Admin areas show by name: one org-tree request for the
 * feature's finest area code names it and every area above it. The loaded geometry goes to the store, where the
 * map's highlight (map/layers/highlight-layer.ts) follows it while the card is open.
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
import { cardRows, cardTitle, finestAreaCode, type AreaNames } from './card-rows.ts';
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

  const collection = sel?.collection;
  const id = sel?.id;
  useEffect(() => {
    if (!collection || !id || isBin) return;
    setLoad({ state: 'loading' });
  }, [collection, id, isBin]);

  useEffect(() => {
    if (!collection || !id || isBin) return;
    const ctl = new AbortController();
    api.feature(collection, id, ctl.signal).then(
      (feature) => {
        setLoad({ state: 'ok', feature });
        if (feature.geometry) store.dispatch({ type: 'selectionGeometry', collection, id, geometry: feature.geometry as never });
      },
      (err: Error) => err.name !== 'AbortError' && setLoad({ state: 'error' }),
    );
    return () => ctl.abort();
  }, [api, store, collection, id, isBin, liveSeq]);

  const props = !sel ? {} : load.state === 'ok' ? (load.feature.properties ?? {}) : (sel.preview ?? {});
  const names = useAreaNames(finestAreaCode(props));
  if (!sel) return null;
  const rows = isBin ? [] : cardRows(sel.collection, props, lang, t, names);
  return (
    <aside
      className="panel feature-card"
      data-floating="card"
      data-testid="feature-card"
      data-collection={sel.collection}
      data-id={sel.id}
      data-live-seq={liveSeq ?? undefined}
    >
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
            <dd title={r.hint}>{r.value}</dd>
          </div>
        ))}
      </dl>
      {rows.some((r) => r.masked) && <div className="card-note">{t('card.masked')}</div>}
      {!isBin && active && showsPersonalBlock(me, sel.collection) && <PersonalBlock key={`${sel.collection}/${sel.id}`} collection={sel.collection} id={sel.id} />}
    </aside>
  );
}

/** Names of a code's org-tree branch (the unit and every unit above it), by code; empty until they arrive. */
function useAreaNames(code: string | null): AreaNames {
  const { api } = useServices();
  const [names, setNames] = useState<{ code: string | null; names: AreaNames }>({ code: null, names: {} });
  useEffect(() => {
    if (!code) return;
    const ctl = new AbortController();
    api.orgBranch(code, ctl.signal).then(
      (b) => setNames({ code, names: Object.fromEntries([...b.path, b.node].map((n) => [n.code, n.name])) }),
      () => undefined, // outside the jurisdiction or unknown: the codes stay as they are
    );
    return () => ctl.abort();
  }, [api, code]);
  return names.code === code ? names.names : {};
}
