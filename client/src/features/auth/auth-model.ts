/**
 * Pure rules of signing in: what a failed login says, who the top bar shows, whether a principal sees the
 * whole city, which cards get a personal-data block and who may reveal it in full.
 */
import type { Lang, MessageKey, Translate } from '../../i18n/index.ts';
import type { Me, PersonalCollection } from '../../net/api.ts';

import { CITY_CODE } from '../../../../server/protocol/geo.ts';
import { PASSWORD_POLICY, type PasswordProblemCode } from '../../../../server/protocol/password.ts';

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

/** The message key of each password problem code (server/protocol/password.ts); the figures come with the code. */
const PROBLEM_KEYS: Readonly<Record<PasswordProblemCode, MessageKey>> = {
  TOO_SHORT: 'password.error.short',
  TOO_LONG: 'password.error.long',
  TOO_FEW_CLASSES: 'password.error.classes',
  CONTAINS_USERNAME: 'password.error.username',
};

/** One problem from the server's `details.problems`, worded with its own figures (policy figures as fallback). */
function problemMessage(problem: unknown, t: Translate): string | null {
  const p = problem as Record<string, unknown> | null;
  const code = typeof p?.code === 'string' && Object.hasOwn(PROBLEM_KEYS, p.code) ? (p.code as PasswordProblemCode) : null;
  if (!code) return null;
  const figure = (name: string, fallback: number) => (typeof p?.[name] === 'number' ? (p[name] as number) : fallback);
  return t(PROBLEM_KEYS[code], {
    min: figure('min', code === 'TOO_FEW_CLASSES' ? PASSWORD_POLICY.classes : PASSWORD_POLICY.min),
    max: figure('max', PASSWORD_POLICY.max),
    passphrase: figure('passphrase', PASSWORD_POLICY.passphrase),
  });
}

/** The policy hint under the form, with the policy's figures (the rule itself is the server's). */
export function passwordPolicyHint(t: Translate): string {
  return t('password.policy', { min: PASSWORD_POLICY.min, classes: PASSWORD_POLICY.classes, passphrase: PASSWORD_POLICY.passphrase });
}

/** What a refused password change says: the wrong current password, or each policy problem by its code. */
export function passwordChangeMessages(err: unknown, t: Translate): string[] {
  const e = err as { name?: string; status?: number; code?: string; details?: Record<string, unknown> } | null;
  if (!e || e.name !== 'ApiError') return [t('auth.error.network')];
  if (e.status === 401) return [t('password.error.current')];
  if (e.status === 423 || e.status === 429) return [loginErrorMessage(err, t)];
  if (e.code === 'WEAK_PASSWORD') {
    const problems = Array.isArray(e.details?.problems) ? (e.details.problems as unknown[]) : [];
    const known = problems.map((p) => problemMessage(p, t)).filter((m): m is string => m !== null);
    // No problems listed, or a code this client does not know yet: the generic refusal, never the server's English.
    return known.length > 0 && known.length === problems.length ? known : [...known, t('password.error.weak')];
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

/** A city-wide principal (the whole of Anyang): no start fit, counts from /api/counts. */
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
