/** The current language's translator, from the store. */
import { useMemo } from 'react';
import { translator, type Lang, type Translate } from '../i18n/index.ts';
import { selectLang } from '../state/selectors.ts';
import { useStore } from '../state/store.ts';
import { useServices } from './services.ts';

export function useI18n(): { t: Translate; lang: Lang } {
  const { store } = useServices();
  const lang = useStore(store, selectLang);
  return useMemo(() => ({ t: translator(lang), lang }), [lang]);
}
