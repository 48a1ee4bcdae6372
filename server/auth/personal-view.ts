/**
 * How much personal data a principal may receive: in full (and then every view is audited), masked, or
 * none at all (the wall and viewers never receive it, not even in the payload). Pure.
 */
import { can, type Principal } from './principal.ts';
import { maskRecord } from './masking.ts';

export type PersonalView = 'full' | 'masked' | 'none';

export function personalView(principal: Principal | undefined): PersonalView {
  if (can(principal, 'personal:read')) return 'full';
  if (can(principal, 'personal:masked')) return 'masked';
  return 'none';
}

/**
 * The personal part of a payload as this view may carry it: unchanged, masked, or undefined (omit the key).
 * A 'full' result must be audited by the caller (server/http/auth/auth-personal.ts does both).
 */
export function applyPersonalView<T>(view: PersonalView, personal: T): T | undefined {
  if (view === 'full') return personal;
  if (view === 'masked') return maskRecord(personal);
  return undefined;
}

/**
 * How a principal receives the personal layer properties declared in masking.ts LAYER_PERSONAL, on every path
 * (items, single features, tiles, search, live changes): in full only with personal:read, masked otherwise.
 */
export type LayerView = 'full' | 'masked';

export function layerView(principal: Principal | undefined): LayerView {
  return personalView(principal) === 'full' ? 'full' : 'masked';
}
