/**
 * Pure rules of signing in: what a failed login says, who the top bar shows, whether a principal sees the
 * whole city, which cards get a personal-data block and who may reveal it in full.
 */
import type { Lang, MessageKey, Translate } from '../../i18n/index.ts';
import type { Me, PersonalCollection } from '../../net/api.ts';

import { CITY_CODE } from '../../../../server/protocol/geo.ts';

export { CITY_CODE };

/** The message of a failed sign-in, from the ApiError (status, code, details) or a network failure. */
export function loginErrorMessage(err: unknown, t: Translate): string {
  const e = err as { name?: string; status?: number; code?: string; details?: Record<string, unknown> } | null;
  if (!e || e.name !== 'ApiError') return t('auth.error.network');
  const retry = Number(e.details?.retryAfterSeconds);
  switch (e.status) {
    case 401:
      return t('auth.error.invalid');
    case 423:
      return t('auth.error.locked', { minutes: Number.isFinite(retry) && retry > 0 ? Math.ceil(retry / 60) : 15 });
    case 429:
      return t('auth.error.rateLimited', { seconds: Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : 60 });
    case 400:
      return t('auth.error.missing');
    case 503:
      return t('auth.error.starting');
    default:
      return t('auth.error.other', { code: e.code ?? String(e.status ?? '') });
  }
}

/** The password policy of the server (server/auth/password.ts), checked before sending. Pure. */
export function passwordPolicyProblems(password: string, username: string): MessageKey[] {
  const problems: MessageKey[] = [];
  const length = Array.from(password).length;
  if (length < 10) problems.push('password.error.short');
  if (length > 256) problems.push('password.error.long');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (length < 16 && classes < 3) problems.push('password.error.classes');
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) problems.push('password.error.username');
  return problems;
}

const SERVER_PROBLEMS: readonly [RegExp, MessageKey][] = [
  [/at least/, 'password.error.short'],
  [/at most/, 'password.error.long'],
  [/three of/, 'password.error.classes'],
  [/username/, 'password.error.username'],
];

/** What a refused password change says: the wrong current password, or each policy problem. */
export function passwordChangeMessages(err: unknown, t: Translate): string[] {
  const e = err as { name?: string; status?: number; code?: string; details?: Record<string, unknown> } | null;
  if (!e || e.name !== 'ApiError') return [t('auth.error.network')];
  if (e.status === 401) return [t('password.error.current')];
  if (e.status === 423 || e.status === 429) return [loginErrorMessage(err, t)];
  if (e.code === 'WEAK_PASSWORD') {
    const problems = Array.isArray(e.details?.problems) ? (e.details.problems as unknown[]).map(String) : [];
    const keys = problems.map((p) => SERVER_PROBLEMS.find(([re]) => re.test(p))?.[1] ?? null);
    return keys.length ? keys.map((k, i) => (k ? t(k) : problems[i]!)) : [t('password.error.classes')];
  }
  return [t('auth.error.other', { code: e.code ?? String(e.status ?? '') })];
}

/** A person whose password was set by someone else must replace it before any data (403 PASSWORD_CHANGE_REQUIRED). */
export function mustChangePassword(me: Me): boolean {
  return me.user?.mustChangePassword === true;
}

/** The name the top bar shows: a person's display name (else username), or a token's name. */
export function whoLabel(me: Me, t: Translate): string {
  if (me.user) return me.user.displayName || me.user.username;
  return t('auth.tokenUser', { name: me.token?.name ?? '' });
}

export function roleLabel(me: Me, lang: Lang): string {
  return me.roleLabel?.[lang] ?? me.role;
}

/** The jurisdiction's name, else its code. */
export function jurisdictionLabel(me: Me): string {
  return me.jurisdiction.name || me.jurisdiction.code;
}

/** A city-wide principal (the whole of Anyang): no start fit, counts from /api/health. */
export function isCityWide(code: string): boolean {
  return code === CITY_CODE;
}

/** The same principal again (a re-login after expiry keeps the mounted app; another one remounts it). */
export function identityKey(me: Me): string {
  const who = me.user ? `user:${me.user.id}` : `token:${me.token?.id ?? ''}`;
  return `${who}|${me.role}|${me.jurisdiction.code}`;
}

const PERSONAL_COLLECTIONS: ReadonlySet<string> = new Set<PersonalCollection>(['rental-housing', 'incidents']);

export function hasPersonalData(collection: string): collection is PersonalCollection {
  return PERSONAL_COLLECTIONS.has(collection);
}

/** Whether the card asks for personal data at all: never for viewers and walls (personalView 'none'). */
export function showsPersonalBlock(me: Me, collection: string): collection is PersonalCollection {
  return (me.personalView === 'masked' || me.personalView === 'full') && hasPersonalData(collection);
}

/** Whether the "show full" button is offered: only roles whose personalView is 'full'. */
export function canRevealFull(me: Me): boolean {
  return me.personalView === 'full';
}

/** The label of a personal record's kind (lessor, tenant, reporter, party); unknown kinds as they are. */
export function personalKindLabel(kind: string, t: Translate): string {
  const key = `personal.kind.${kind}` as MessageKey;
  const text = t(key);
  return text === key ? kind : text;
}

/** Which notice a refused credential gives: a wall's token was rejected, or a person's session ended. */
export function expiryNotice(hadToken: boolean): MessageKey {
  return hadToken ? 'auth.tokenRejected' : 'auth.expired';
}
