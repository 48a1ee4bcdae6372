/**
 * Which filters a layer gets for the org-tree area: the shared rule of server/domain/features/area-filter.ts
 * (GET /api/counts?area= narrows by the same rule, so the panel's counts are what the map draws).
 */
export { areaFilter } from '../../../server/domain/features/area-filter.ts';
