/** Looks up locale strings; `{name}` placeholders are filled from params. Pure. */
import { analysisEn, analysisZh } from './analysis.ts';
import { deskEn, deskZh } from './desk.ts';
import { dispatchEn, dispatchZh } from './dispatch.ts';
import { en } from './en.ts';
import { wallEn, wallZh } from './wall.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = 'zh' | 'en';

/** The shell's catalogue plus one per feature (each feature owns its file). */
const ZH = { ...zhCN, ...dispatchZh, ...analysisZh, ...wallZh, ...deskZh } as const;
const EN: Record<keyof typeof ZH, string> = { ...en, ...dispatchEn, ...analysisEn, ...wallEn, ...deskEn };
export type MessageKey = keyof typeof ZH;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { zh: ZH, en: EN };

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
