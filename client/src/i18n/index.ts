/** Looks up locale strings; `{name}` placeholders are filled from params. Pure. */
import { en } from './en.ts';
import { zhCN, type MessageKey } from './zh-CN.ts';

export type Lang = 'zh' | 'en';
export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { zh: zhCN, en };

export function translator(lang: Lang): Translate {
  const cat = CATALOGUES[lang];
  return (key, params) => {
    const text = cat[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

/** A registry title ({ zh, en }) in the current language. */
export function pick(text: { zh: string; en: string }, lang: Lang): string {
  return text[lang];
}
