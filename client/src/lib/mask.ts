/**
 * Personal data (Art. 10) never reaches the wall unmasked. The public layers carry none by design; this is
 * the second line of defence for any string that looks like a phone number, a resident id or a person's name field.
 */
const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const RESIDENT_ID = /(?<![\dXx])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dXx])/g;
const PERSONAL_FIELD = /(^|_)(phone|mobile|id_number|id_card|lessor_name|tenant|person_name|tenants)($|_)/i;

export function maskText(text: string): string {
  return text.replace(RESIDENT_ID, (_m, a: string, _b: string, c: string) => `${a}********${c}`).replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
}

/** Masks a chinese name to its first character: 张三丰 → 张**. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export function isPersonalField(name: string): boolean {
  return PERSONAL_FIELD.test(name);
}

/** The value to show for a field: personal fields fully masked, other text with phone/id patterns masked. */
export function maskValue(field: string, value: string): string {
  if (isPersonalField(field)) return /name/i.test(field) ? maskName(value) : `${value.slice(0, 3)}${'*'.repeat(Math.max(0, value.length - 3))}`;
  return maskText(value);
}
