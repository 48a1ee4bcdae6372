/**
 * The org tree: breadcrumb 安阳市 › 区县 › 乡镇街道 › 村社区 › 网格 and the current unit's children.
 * Choosing a unit zooms to it and narrows every layer to it (the area filter). The breadcrumb follows the map's
 * chosen area wherever it was chosen (here, or a place picked in search). The tree starts at the signed-in
 * principal's jurisdiction: a district user sees their district and what lies below it. Its list and the search
 * results open one at a time (app/top-popup.ts); Esc closes it.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services.ts';
import { useTopPopup } from '../../app/top-popup.ts';
import { useI18n } from '../../app/use-i18n.ts';
import type { OrgBranch, OrgNode } from '../../net/api.ts';
import { selectArea } from '../../state/selectors.ts';
import { useStore } from '../../state/store.ts';
import { useSession } from '../auth/session.ts';

import { CITY_CODE } from '../../../../server/protocol/geo.ts';

export { CITY_CODE };

export function OrgTree() {
  const { api, map, store } = useServices();
  const { t } = useI18n();
  const popup = useTopPopup();
  const root = useSession().me.jurisdiction.code;
  const area = useStore(store, selectArea);
  // The chosen area, when it lies inside the jurisdiction; else the jurisdiction itself.
  const code = area && (root === CITY_CODE || area.code.startsWith(root)) ? area.code : root;
  const [branch, setBranch] = useState<OrgBranch | null>(null);
  const open = popup.open === 'org';

  useEffect(() => {
    const ctl = new AbortController();
    api.orgBranch(code, ctl.signal).then(setBranch, (err: Error) => err.name !== 'AbortError' && console.warn('[org]', err));
    return () => ctl.abort();
  }, [api, code]);

  const go = (node: OrgNode | null) => {
    const target = node ?? { code: root, name: t('org.city'), level: 1, bbox: null };
    store.dispatch({ type: 'setArea', area: node && node.level > 1 && node.code !== CITY_CODE ? { code: node.code, name: node.name, level: node.level } : null });
    if (target.bbox) map.fitBounds(target.bbox, node?.level === 5 ? 17 : 15);
  };

  // Above the jurisdiction there is nothing this principal may open.
  const trail = branch ? [...branch.path, branch.node].filter((n) => root === CITY_CODE || n.code.startsWith(root)) : [];
  return (
    <nav className="org" data-testid="org-tree" onKeyDown={(e) => e.key === 'Escape' && popup.setOpen(null)}>
      <ol className="breadcrumb" data-testid="org-breadcrumb">
        {trail.length === 0 && <li>{t('org.city')}</li>}
        {trail.map((n, i) => (
          <li key={n.code}>
            <button type="button" onClick={() => go(n)} aria-current={i === trail.length - 1 ? 'location' : undefined} data-code={n.code}>
              {n.name}
            </button>
          </li>
        ))}
        {branch && branch.children.length > 0 && (
          <li>
            <button
              type="button"
              className="org-more"
              onClick={() => popup.setOpen(open ? null : 'org')}
              aria-expanded={open}
              data-testid="org-children-toggle"
            >
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
                  popup.setOpen(null);
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
