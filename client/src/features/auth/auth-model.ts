/**
 * Pure rules of signing in: what a failed login says, who the top bar shows, whether a principal sees the
 * whole city, which cards get a personal-data block and who may reveal it in full.
 */
import type { Lang, MessageKey, Translate } from '../../i18n/index.ts';
import type { Me, PersonalCollection } from '../../net/api.ts';

export const CITY_CODE = '410500';

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
