/**
 * Wire types of GET/PUT /api/users/me/preferences: what a signed-in user chose for themselves, kept on the
 * server so it follows them from device to device. Every field is null until chosen (the client then uses the
 * device's choice, or the role's default layers). Pure; the client imports it too.
 */
import { COLLECTION_IDS, type CollectionId } from './collections.ts';

export const PREFERENCE_LANGS = ['zh', 'en'] as const;
export const PREFERENCE_THEMES = ['dark', 'light'] as const;

/** The layers a user can switch on the map (admin boundaries belong to the basemap). */
export const PREFERENCE_LAYERS = COLLECTION_IDS.filter((id) => id !== 'districts' && id !== 'streets' && id !== 'communities');

/** Per layer, per filterable property, the values chosen (any of them). */
export type LayerFilterPrefs = Partial<Record<CollectionId, Record<string, string[]>>>;

export interface UserPreferences {
  lang: (typeof PREFERENCE_LANGS)[number] | null;
  theme: (typeof PREFERENCE_THEMES)[number] | null;
  /** The layers on; null: never chosen (the role's defaults apply). */
  layers: CollectionId[] | null;
  /** The layers' filters; null: never chosen. */
  filters: LayerFilterPrefs | null;
  updatedAt: string | null;
}

export const NO_PREFERENCES: UserPreferences = { lang: null, theme: null, layers: null, filters: null, updatedAt: null };
