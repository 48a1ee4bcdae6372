/**
 * The org tree: breadcrumb 安阳市 › 区县 › 乡镇街道 › 村社区 › 网格 and the current unit's children.
 * Choosing a unit zooms to it and narrows every layer to it (the area filter). The tree starts at the
 * signed-in principal's jurisdiction: a district user sees their district and what lies below it.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import type { OrgBranch, OrgNode } from '../../net/api.ts';
import { useSession } from '../auth/session.ts';

import { CITY_CODE } from '../../../../server/protocol/geo.ts';

export { CITY_CODE };

export function OrgTree() {
  const { api, map, store } = useServices();
  const { t } = useI18n();
  const root = useSession().me.jurisdiction.code;
  const [code, setCode] = useState(root);
  const [branch, setBranch] = useState<OrgBranch | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const ctl = new AbortController();
    api.orgBranch(code, ctl.signal).then(setBranch, (err: Error) => err.name !== 'AbortError' && console.warn('[org]', err));
    return () => ctl.abort();
  }, [api, code]);

  const go = (node: OrgNode | null) => {
    const target = node ?? { code: root, name: t('org.city'), level: 1, bbox: null };
    setCode(target.code);
    store.dispatch({ type: 'setArea', area: node && node.level > 1 ? { code: node.code, name: node.name, level: node.level } : null });
    if (target.bbox) map.fitBounds(target.bbox, node?.level === 5 ? 17 : 15);
  };

  // Above the jurisdiction there is nothing this principal may open.
  const trail = branch ? [...branch.path, branch.node].filter((n) => root === CITY_CODE || n.code.startsWith(root)) : [];
  return (
    <nav className="org" data-testid="org-tree">
      <ol className="breadcrumb">
        {trail.length === 0 && <li>{t('org.city')}</li>}
        {trail.map((n, i) => (
          <li key={n.code}>
            <button type="button" onClick={() => go(n)}  aria-current={i === trail.length - 1 ? 'location' : undefined}>
              {n.name}
            </button>
          </li>
        ))}
        {branch && branch.children.length > 0 && (
          <li>
            <button type="button" className="org-more" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="org-children-toggle">
              {branch.node.level === 4 ? t('org.grids') : t('org.children')} ▾
            </button>
          </li>
        )}
      </ol>
      {open && branch && (
        <ul className="org-children" data-testid="org-children">
          {branch.children.map((c) => (
            <li key={c.code}>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  go(c);
                }}
                data-code={c.code}
              >
                {c.name}
                <small>{c.childCount > 0 ? ` ${c.childCount}` : ''}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
