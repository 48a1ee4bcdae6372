/**
 * Search by name, address, code, or a place's pinyin and initials (`wenfeng`, `wf`). Results come grouped by
 * kind (places first), each with what tells it apart (its kind, address or code, and the areas it lies in).
 * Picking a place narrows the map to it (the org tree's breadcrumb follows); picking a thing flies there and
 * opens its card. The arrow keys move through the results, Enter picks, Esc closes; opening the results closes
 * the org tree's list (app/top-popup.ts).
 */
import { useEffect, useRef, useState } from 'react';
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { useServices } from '../../app/services.ts';
import { useTopPopup } from '../../app/top-popup.ts';
import { useI18n } from '../../app/use-i18n.ts';
import type { SearchResult } from '../../net/api.ts';
import { areaLevel, groupResults, shownOrder } from './search-groups.ts';

type Results = { state: 'idle' } | { state: 'ok'; items: SearchResult[] } | { state: 'error' };

export function SearchBox() {
  const { api, map, store } = useServices();
  const { t, lang } = useI18n();
  const popup = useTopPopup();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Results>({ state: 'idle' });
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setResults({ state: 'idle' });
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api.search(text, ctl.signal).then(
        (items) => {
          setResults({ state: 'ok', items });
          setActive(0);
          popup.setOpen('search');
        },
        (err: Error) => err.name !== 'AbortError' && setResults({ state: 'error' }),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
    // popup.setOpen is stable enough: a new query opens the list
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, q]);

  const open = popup.open === 'search' && results.state !== 'idle';
  const groups = results.state === 'ok' ? groupResults(results.items) : [];
  const order = shownOrder(groups);

  const choose = (r: SearchResult) => {
    const level = areaLevel(r);
    if (r.bbox) map.fitBounds(r.bbox, r.collection === 'grids' ? 17 : 15);
    else if (r.point) map.flyTo(r.point, 16);
    if (level !== null) store.dispatch({ type: 'setArea', area: { code: r.id, name: r.label, level } });
    const isArea = COLLECTIONS[r.collection].geometryType === 'MultiPolygon';
    store.dispatch({
      type: 'select',
      selection: isArea && r.collection !== 'grids' ? null : { collection: r.collection, id: r.id, since: Date.now(), ...(r.point ? { at: r.point } : {}) },
    });
    popup.setOpen(null);
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      // The first Esc closes the list and keeps the text (a search field would clear it); the next one clears.
      if (open) e.preventDefault();
      popup.setOpen(null);
      return;
    }
    if (!order.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      popup.setOpen('search');
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : order.length - 1)) % order.length);
    } else if (e.key === 'Enter' && order[active]) choose(order[active]!);
  };

  return (
    <div className="search" data-testid="search" ref={box}>
      <input
        type="search"
        value={q}
        placeholder={t('search.placeholder')}
        title={t('desk.search.hint')}
        onChange={(e) => setQ(e.target.value)}
        onFocus={() => results.state !== 'idle' && popup.setOpen('search')}
        onKeyDown={onKey}
        aria-label={t('search.placeholder')}
        aria-expanded={open}
        aria-controls="search-results"
        role="combobox"
      />
      {open && (
        <div className="search-results" id="search-results" role="listbox" data-testid="search-results">
          {results.state === 'error' && <div className="none">{t('search.error')}</div>}
          {results.state === 'ok' && results.items.length === 0 && <div className="none">{t('search.none')}</div>}
          {groups.map((g) => (
            <section key={g.group} data-group={g.group}>
              <h4>{t(`desk.search.group.${g.group}`)}</h4>
              <ul>
                {g.items.map((r) => {
                  const i = order.indexOf(r);
                  return (
                    <li
                      key={`${r.collection}/${r.id}`}
                      role="option"
                      aria-selected={i === active}
                      onMouseEnter={() => setActive(i)}
                      onClick={() => choose(r)}
                      data-collection={r.collection}
                      data-id={r.id}
                    >
                      <span className="kind">{COLLECTIONS[r.collection].title[lang]}</span>
                      <span className="label">{r.label}</span>
                      <span className="sublabel">{r.sublabel}</span>
                      {r.area && <span className="area">{r.area}</span>}
                    </li>
                  );
                })}
              </ul>
              {g.more > 0 && <div className="none more">{t('desk.search.more', { n: g.more })}</div>}
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
