/** Search by name, address or code; picking a result flies there and opens its card. */
import { useEffect, useState } from 'react';
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import type { SearchResult } from '../../net/api.ts';

type Results = { state: 'idle' } | { state: 'ok'; items: SearchResult[] } | { state: 'error' };

export function SearchBox() {
  const { api, map, store } = useServices();
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Results>({ state: 'idle' });

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setResults({ state: 'idle' });
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api.search(text, ctl.signal).then(
        (items) => setResults({ state: 'ok', items }),
        (err: Error) => err.name !== 'AbortError' && setResults({ state: 'error' }),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [api, q]);

  const choose = (r: SearchResult) => {
    if (r.bbox) map.fitBounds(r.bbox, r.collection === 'grids' ? 17 : 15);
    else if (r.point) map.flyTo(r.point, 16);
    const isArea = COLLECTIONS[r.collection].geometryType === 'MultiPolygon';
    store.dispatch({ type: 'select', selection: isArea && r.collection !== 'grids' ? null : { collection: r.collection, id: r.id } });
    setResults({ state: 'idle' });
  };

  return (
    <div className="search" data-testid="search">
      <input
        type="search"
        value={q}
        placeholder={t('search.placeholder')}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && results.state === 'ok' && results.items[0] && choose(results.items[0])}
        aria-label={t('search.placeholder')}
      />
      {results.state !== 'idle' && (
        <ul className="search-results" role="listbox">
          {results.state === 'error' && <li className="none">{t('search.error')}</li>}
          {results.state === 'ok' && results.items.length === 0 && <li className="none">{t('search.none')}</li>}
          {results.state === 'ok' &&
            results.items.map((r) => (
              <li key={`${r.collection}/${r.id}`} role="option" aria-selected={false} onClick={() => choose(r)} data-collection={r.collection} data-id={r.id}>
                <span className="kind">{COLLECTIONS[r.collection].title[lang]}</span>
                <span className="label">{r.label}</span>
                <span className="sublabel">{r.sublabel}</span>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
