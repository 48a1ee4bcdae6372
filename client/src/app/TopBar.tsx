/** The top bar: title, org breadcrumb, search, live badge, who is signed in, theme and language switches. */
import { UserBadge } from '../features/auth/UserBadge.tsx';
import { ConnectionBadge } from '../features/live/ConnectionBadge.tsx';
import { OrgTree } from '../features/org/OrgTree.tsx';
import { SearchBox } from '../features/search/SearchBox.tsx';
import { selectTheme } from '../state/selectors.ts';
import { useStore } from '../state/store.ts';
import { useServices } from './services.ts';
import { useI18n } from './use-i18n.ts';

export function TopBar() {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const theme = useStore(store, selectTheme);
  return (
    <header className="top-bar">
      <div className="brand">
        <h1>{t('app.title')}</h1>
        <span>{t('app.subtitle')}</span>
      </div>
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
  );
}
