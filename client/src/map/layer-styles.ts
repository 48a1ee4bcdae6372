/**
 * The cartography of every layer: which property colours it and with which colour per code. The map
 * layers and the legend both read this, so they cannot disagree. Labels come from the code lists.
 */
import * as codes from '../../../server/protocol/codes.ts';
import type { CodeList } from '../../../server/protocol/codes.ts';
import type { CollectionId } from '../../../server/protocol/collections.ts';
import { CATEGORICAL, RISK, TIMER, WARNING_LEVEL_COLOURS, type RGB } from '../lib/colors.ts';
import { INCIDENT_BUCKETS, type IncidentBucket } from '../lib/incident-rules.ts';

export interface ColourScheme {
  /** The property whose code picks the colour. */
  property: string;
  colours: Readonly<Record<string, RGB>>;
  /** Where the legend's labels come from (absent: an i18n key per code, e.g. incident buckets). */
  codes?: CodeList;
}

function paletteFor(list: CodeList, fixed: Readonly<Record<string, RGB>> = {}): Record<string, RGB> {
  return Object.fromEntries(Object.keys(list).map((code, i) => [code, fixed[code] ?? CATEGORICAL[i % CATEGORICAL.length]!]));
}

export const BUCKET_COLOURS: Readonly<Record<IncidentBucket, RGB>> = {
  TO_ACCEPT: [236, 64, 122],
  TO_DISPATCH: [255, 167, 38],
  IN_PROGRESS: [41, 182, 246],
  TO_CHECK: [171, 71, 188],
  DONE: [120, 144, 156],
  SUSPENDED: [141, 110, 99],
  ENDED: [90, 90, 90],
};

export const GRID_TYPE_COLOURS: Readonly<Record<string, RGB>> = {
  COMPREHENSIVE: [38, 166, 154],
  DEDICATED: [171, 71, 188],
  MICRO: [255, 202, 40],
};

export const SCHEMES: Readonly<Partial<Record<CollectionId, ColourScheme>>> = {
  grids: { property: 'type', colours: GRID_TYPE_COLOURS, codes: codes.GRID_TYPE },
  cameras: { property: 'ptz_type', colours: paletteFor(codes.CAMERA_PTZ_TYPE), codes: codes.CAMERA_PTZ_TYPE },
  checkpoints: {
    property: 'type',
    colours: paletteFor(codes.CHECKPOINT_TYPE, { POLICE_STATION: [30, 136, 229], ALARM_POST: [229, 57, 53] }),
    codes: codes.CHECKPOINT_TYPE,
  },
  'fire-hazards': { property: 'grade', colours: { MAJOR: RISK.MAJOR!, GENERAL: RISK.LARGER! }, codes: codes.FIRE_HAZARD_GRADE },
  'rental-housing': { property: 'hazard_level', colours: RISK, codes: codes.RISK_LEVEL },
  incidents: { property: 'bucket', colours: BUCKET_COLOURS },
  units: { property: 'type', colours: paletteFor(codes.UNIT_TYPE, { POLICE_PATROL: [30, 136, 229], FIRE_RESCUE: [229, 57, 53], MEDICAL: [255, 255, 255] }), codes: codes.UNIT_TYPE },
  depots: { property: 'level', colours: { CITY: [255, 87, 34], COUNTY: [255, 152, 0], TOWNSHIP: [255, 193, 7] }, codes: codes.DEPOT_LEVEL },
  'key-places': { property: 'type', colours: paletteFor(codes.KEY_PLACE_TYPE), codes: codes.KEY_PLACE_TYPE },
  // 一级 red … 四级 blue: the risk colours (lib/colors.ts), as on the wall and in the planner's workspace.
  warnings: { property: 'level', colours: WARNING_LEVEL_COLOURS, codes: codes.WARNING_LEVEL },
};

export const FALLBACK: RGB = [158, 158, 158];

export function colourOf(layer: CollectionId, code: unknown): RGB {
  return SCHEMES[layer]?.colours[String(code)] ?? FALLBACK;
}

export { INCIDENT_BUCKETS, TIMER };
