/**
 * The personal data of a rental house (lessor, tenants) or an incident (reporter, parties), from
 * GET /api/personal/{collection}/{id}: masked by default; roles whose personalView is 'full' may reveal it
 * (?full=true), and are told that the server records every such view in the audit log. Viewers and wall
 * displays never call it (FeatureCard does not render this block for them, and keys it by feature, so a
 * revealed view never carries over to the next card). 404 (no records, or a server
 * without the endpoint) reads "no personal records"; 403 says why.
 */
import { useEffect, useState } from 'react';
import type { PersonalCollection, PersonalData } from '../../net/api.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { canRevealFull, personalKindLabel } from '../auth/auth-model.ts';
import { useSession } from '../auth/session.ts';

type Load =
  | { state: 'loading' }
  | { state: 'ok'; data: PersonalData }
  | { state: 'none' }
  | { state: 'forbidden'; outside: boolean }
  | { state: 'error' };

export function PersonalBlock({ collection, id }: { collection: PersonalCollection; id: string }) {
  const { api } = useServices();
  const { me } = useSession();
  const { t } = useI18n();
  const [full, setFull] = useState(false);
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    const ctl = new AbortController();
    setLoad({ state: 'loading' });
    api.personal(collection, id, full, ctl.signal).then(
      (data) => setLoad({ state: 'ok', data }),
      (err: { name?: string; status?: number; code?: string }) => {
        if (err.name === 'AbortError') return;
        if (err.status === 404) setLoad({ state: 'none' });
        else if (err.status === 403) setLoad({ state: 'forbidden', outside: err.code === 'OUT_OF_JURISDICTION' });
        else setLoad({ state: 'error' });
      },
    );
    return () => ctl.abort();
  }, [api, collection, id, full]);

  const view = load.state === 'ok' ? load.data.view : full ? 'full' : 'masked';
  return (
    <section className={`personal personal-${view}`} data-testid="personal-block" data-view={load.state === 'ok' ? view : load.state}>
      <h4>
        {t('personal.title')}
        {/* How records are shown, only when there are records: "no records" is the one thing said otherwise. */}
        {load.state === 'ok' && load.data.records.length > 0 && <small>{t(view === 'full' ? 'personal.view.full' : 'personal.view.masked')}</small>}
      </h4>
      {load.state === 'loading' && <div className="card-note">{t('personal.loading')}</div>}
      {load.state === 'none' && <div className="card-note">{t('personal.none')}</div>}
      {load.state === 'forbidden' && <div className="card-note">{t(load.outside ? 'personal.outOfJurisdiction' : 'personal.forbidden')}</div>}
      {load.state === 'error' && <div className="card-note error">{t('personal.error')}</div>}
      {load.state === 'ok' && load.data.records.length === 0 && <div className="card-note">{t('personal.none')}</div>}
      {load.state === 'ok' && load.data.records.length > 0 && (
        <table>
          <thead>
            <tr>
              <th />
              <th>{t('personal.name')}</th>
              <th>{t('personal.phone')}</th>
              <th>{t('personal.idNumber')}</th>
            </tr>
          </thead>
          <tbody>
            {load.data.records.map((r, i) => (
              <tr key={i} data-kind={r.kind} data-testid="personal-record">
                <th>{personalKindLabel(r.kind, t)}</th>
                <td data-field="name">{r.name ?? '—'}</td>
                <td data-field="phone">{r.phone ?? '—'}</td>
                <td data-field="idNumber">{r.idNumber ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canRevealFull(me) && load.state === 'ok' && load.data.records.length > 0 && view === 'masked' && (
        <div className="personal-actions">
          <button type="button" onClick={() => setFull(true)} data-testid="personal-reveal">
            {t('personal.reveal')}
          </button>
          <span className="card-note">{t('personal.revealHint')}</span>
        </div>
      )}
      {view === 'full' && load.state === 'ok' && (
        <div className="personal-actions">
          <span className="card-note audited" data-testid="personal-audited">
            {t('personal.revealed')}
          </span>
          <button type="button" onClick={() => setFull(false)} data-testid="personal-hide">
            {t('personal.hide')}
          </button>
        </div>
      )}
    </section>
  );
}
