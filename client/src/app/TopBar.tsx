/**
 * The top bar: title, the routes, org breadcrumb, search, live badge, who is signed in, theme and language
 * switches. Its two drop-downs (org list, search results) open one at a time; Esc or a click outside closes them.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { UserBadge } from '../features/auth/UserBadge.tsx';
import { ConnectionBadge } from '../features/live/ConnectionBadge.tsx';
import { OrgTree } from '../features/org/OrgTree.tsx';
import { SearchBox } from '../features/search/SearchBox.tsx';
import { selectTheme } from '../state/selectors.ts';
import { useStore } from '../state/store.ts';
import { RouteNav } from './RouteNav.tsx';
import { useServices } from './services.ts';
import { useI18n } from './use-i18n.ts';
import { TopPopupContext, type TopPopup } from './top-popup.ts';

export function TopBar() {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const theme = useStore(store, selectTheme);
  const [open, setOpen] = useState<TopPopup>(null);
  const popup = useMemo(() => ({ open, setOpen }), [open]);
  const bar = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(null);
    const onDown = (e: PointerEvent) => {
      const target = e.target as Element | null;
      if (!target?.closest(open === 'org' ? '.org' : '.search')) setOpen(null);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);
  return (
    <TopPopupContext.Provider value={popup}>
    <header className="top-bar" ref={bar}>
      <div className="brand">
        <h1>{t('app.title')}</h1>
        <span>{t('app.subtitle')}</span>
      </div>
      <RouteNav />
      <OrgTree />
      <SearchBox />
      <ConnectionBadge />
      <UserBadge />
      <div className="switches">
        <button type="button" onClick={() => store.dispatch({ type: 'setTheme', theme: theme === 'dark' ? 'light' : 'dark' })} data-testid="theme-switch">
          {theme === 'dark' ? t('theme.light') : t('theme.dark')}
        </button>
        <button type="button" onClick={() => store.dispatch({ type: 'setLang', lang: lang === 'zh' ? 'en' : 'zh' })} data-testid="lang-switch">
          {t('lang.switch')}
        </button>
      </div>
    </header>
    </TopPopupContext.Provider>
  );
}
