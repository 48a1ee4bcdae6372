/**
 * The queue: one row per incident in priority order (state/dispatch/queue-model.ts) with its timer light,
 * urgency, title, status and age. A click selects the row and opens its card; the selected row is kept in view
 * (the keyboard moves it). While the mouse moves over the list its rows hold still (use-held-queue.ts): a row that
 * left the queue meanwhile stays, marked, and the incidents that arrived wait behind a note. Rows carry data-id /
 * data-status (and data-gone) for tests and assistive tools.
 */
import { useEffect, useRef } from 'react';
import { INCIDENT_CATEGORY, INCIDENT_STATUS, INCIDENT_URGENCY } from '../../../../../server/protocol/codes.ts';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { formatAge } from '../../../lib/format.ts';
import { lightOf, type QueueItem } from '../../../state/dispatch/queue-model.ts';
import { useStore } from '../../../state/store.ts';
import { useHeldQueue } from './use-held-queue.ts';

export function QueueList({ items, now }: { items: readonly QueueItem[]; now: number }) {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const selectedId = useStore(store, (s) => s.dispatch.selectedId);
  const openId = useStore(store, (s) => s.dispatch.openId);
  const status = useStore(store, (s) => s.dispatch.queue.status);
  const error = useStore(store, (s) => s.dispatch.queue.error);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selectedId) return;
    list.current?.querySelector(`[data-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  const label = (codes: Record<string, { zh: string; en: string }>, code: string) => codes[code]?.[lang] ?? code;
  const held = useHeldQueue(items);

  return (
    <div
      className="queue"
      data-testid="dispatch-queue"
      data-status={status}
      data-held={held.held || undefined}
      onPointerMove={held.onPointerMove}
      onPointerLeave={held.onPointerLeave}
    >
      {status === 'error' && <div className="card-note error">{t('dispatch.queue.error', { code: error ?? '' })}</div>}
      {status === 'ok' && items.length === 0 && <div className="card-note">{t('dispatch.queue.empty')}</div>}
      {/* takes no room: a note that pushed the rows down would move them under the pointer it holds them for */}
      <div className="queue-held" role="status">
        {held.arrived > 0 && <span data-testid="queue-held">{t('dispatch.queue.held', { n: held.arrived })}</span>}
      </div>
      <ol ref={list} className="queue-list" role="listbox" aria-label={t('dispatch.queue.title')}>
        {held.rows.map(({ item: it, gone }) => {
          const light = gone ? null : lightOf(it, now);
          return (
            <li
              key={it.id}
              role="option"
              aria-selected={it.id === selectedId}
              className={`queue-row urgency-${it.urgency.toLowerCase()}${it.id === openId ? ' open' : ''}${gone ? ' gone' : ''}`}
              data-id={it.id}
              data-status={it.status}
              data-gone={gone || undefined}
              data-testid="queue-row"
              onClick={() => store.dispatch({ type: 'dispatchOpen', id: it.id })}
            >
              <span className={`light light-${(light ?? 'none').toLowerCase()}`} title={light ? t(`timer.${light}`) : ''} />
              <span className="queue-urgency">{label(INCIDENT_URGENCY, it.urgency)}</span>
              <span className="queue-title">
                {it.supervised && <b className="flag">{t('dispatch.flag.supervised')}</b>}
                {it.title || it.eventNo || it.id}
              </span>
              <span className="queue-status">{gone ? t('dispatch.queue.gone') : label(INCIDENT_STATUS, it.status)}</span>
              <span className="queue-meta">
                {label(INCIDENT_CATEGORY, it.category)} · {Number.isFinite(it.reportedAt) ? t('dispatch.queue.ago', { age: formatAge(now - it.reportedAt, lang) }) : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
