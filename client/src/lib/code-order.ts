/**
 * The order a code list is shown in (filters, legends): numeric codes by their number (01 … 15), other codes in
 * the list's own order, and 其他 (code 99 or labelled 其他/Other) always last. Pure.
 */
import type { CodeList } from '../../../server/protocol/codes.ts';

const isOther = (code: string, label: { zh: string; en: string } | undefined) =>
  code === '99' || code === 'OTHER' || label?.zh === '其他' || label?.en === 'Other';

export function orderedCodes(list: CodeList): string[] {
  const codes = Object.keys(list);
  const numeric = codes.every((c) => /^\d+$/.test(c));
  const ordered = numeric ? [...codes].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b)) : codes;
  return [...ordered.filter((c) => !isOther(c, list[c])), ...ordered.filter((c) => isOther(c, list[c]))];
}
