/**
 * The layer registry: one entry per OGC collection id. These ids are a contract shared by the OGC API
 * (/ogc/collections/{id}), vector tiles (/tiles/{id}/...), the live feed's layer names and the client.
 * Pure data; the client imports it too. SQL sources live server-side in server/db/features/layer-sources.ts.
 */
import * as codes from './codes.ts';
import type { CodeList } from './codes.ts';

export const COLLECTION_IDS = [
  'districts',
  'streets',
  'communities',
  'grids',
  'cameras',
  'checkpoints',
  'fire-hazards',
  'rental-housing',
  'incidents',
  'units',
  'depots',
  'key-places',
  'warnings',
] as const;

export type CollectionId = (typeof COLLECTION_IDS)[number];

/** `object`: a JSON object (e.g. a grid's risk factor contributions); never filterable, never in tiles. */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date-time' | 'date' | 'object';

export interface PropertyDef {
  name: string;
  type: PropertyType;
  title: { zh: string; en: string };
  /** May be used as an equality filter on /items (e.g. ?status=ON). */
  filterable?: boolean;
  /** The code list of a classified field; its label is the `<name>_label` property. */
  codes?: CodeList;
  /** Written by the server only (an analysis result): OGC writes may not set it. */
  readOnly?: boolean;
}

export interface CollectionDef {
  id: CollectionId;
  title: { zh: string; en: string };
  description: string;
  geometryType: 'Point' | 'MultiPolygon';
  /** The property that is the feature id (OGC featureId, socket change id). */
  idProperty: string;
  properties: readonly PropertyDef[];
  /** Below this zoom the tile endpoint answers empty: the layer is too dense to draw as features. */
  minZoom: number;
  /** Whether the live feed carries this layer's changes. */
  live: boolean;
  /**
   * What a vector tile of this collection carries: the id and the fields the client's styles read
   * (client/src/map/feature-colour.ts, layer-styles.ts; the basemap's labels for admin units). Filters run
   * in the tile SQL and need no property; the card fetches the whole feature from the OGC API by id.
   */
  tileProperties: readonly string[];
}

const t = (zh: string, en: string) => ({ zh, en });
const p = (name: string, type: PropertyType, zh: string, en: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({
  name,
  type,
  title: t(zh, en),
  ...extra,
});
/** A classified field: the code (filterable) and its label. */
const coded = (name: string, zh: string, en: string, list: CodeList, type: PropertyType = 'string'): PropertyDef[] => [
  p(name, type, zh, en, { filterable: true, codes: list }),
  p(`${name}_label`, 'string', `${zh}名称`, `${en} label`),
];
const place: PropertyDef[] = [
  p('address', 'string', '地址', 'Address'),
  p('district_code', 'string', '区县代码', 'District code', { filterable: true }),
  p('street_code', 'string', '乡镇街道代码', 'Street code', { filterable: true }),
  p('community_code', 'string', '村社区代码', 'Community code', { filterable: true }),
  p('grid_code', 'string', '网格编码', 'Grid code', { filterable: true }),
];
const generated = p('generated', 'boolean', '生成数据', 'Generated data');
const updated = p('updated_at', 'date-time', '更新时间', 'Updated at');
/** The row version: +1 on every write (a trigger); commands name the version they saw. */
const version = p('version', 'integer', '版本', 'Version');

/** A grid's risk grade (issue 12; migration 035): written by the risk model only (server/domain/analysis/model-config.ts). */
const riskGrade: PropertyDef[] = [
  p('risk_level', 'string', '风险等级', 'Risk level', { filterable: true, codes: codes.RISK_LEVEL, readOnly: true }),
  p('risk_score', 'number', '风险分值', 'Risk score', { readOnly: true }),
  p('risk_factors', 'object', '风险因子贡献', 'Risk factor contributions', { readOnly: true }),
  p('risk_model_version', 'string', '风险模型版本', 'Risk model version', { readOnly: true }),
  p('risk_computed_at', 'date-time', '定级时间', 'Graded at', { readOnly: true }),
];

const adminUnit = (id: CollectionId, zh: string, en: string, minZoom: number): CollectionDef => ({
  id,
  title: t(zh, en),
  description: `${zh} (${en}): official GB/T 2260 and statistical division codes.`,
  geometryType: 'MultiPolygon',
  idProperty: 'code',
  properties: [
    p('code', 'string', '区划代码', 'Division code', { filterable: true }),
    p('name', 'string', '名称', 'Name', { filterable: true }),
    p('level', 'integer', '层级', 'Level'),
    p('level_label', 'string', '层级名称', 'Level label'),
    p('parent_code', 'string', '上级代码', 'Parent code', { filterable: true }),
    p('district_code', 'string', '区县代码', 'District code', { filterable: true }),
    p('street_code', 'string', '乡镇街道代码', 'Street code', { filterable: true }),
    p('households', 'integer', '户数', 'Households'),
    p('population', 'integer', '人口', 'Population'),
    p('geom_source', 'string', '边界来源', 'Boundary source'),
    generated,
  ],
  minZoom,
  live: false,
  tileProperties: ['code', 'name'],
});

export const COLLECTIONS: Readonly<Record<CollectionId, CollectionDef>> = {
  districts: adminUnit('districts', '区县', 'Districts and counties', 0),
  streets: adminUnit('streets', '乡镇街道', 'Streets and townships', 6),
  communities: adminUnit('communities', '村社区', 'Communities and villages', 9),
  grids: {
    id: 'grids',
    title: t('网格', 'Grids'),
    description: 'Comprehensive and dedicated management grids (Art. 13); 15-digit grid codes.',
    geometryType: 'MultiPolygon',
    idProperty: 'code',
    properties: [
      p('code', 'string', '网格编码', 'Grid code', { filterable: true }),
      p('name', 'string', '网格名称', 'Name'),
      ...coded('type', '网格类型', 'Grid type', codes.GRID_TYPE),
      p('dedicated_to', 'string', '专属对象', 'Dedicated to'),
      p('community_code', 'string', '村社区代码', 'Community code', { filterable: true }),
      p('street_code', 'string', '乡镇街道代码', 'Street code', { filterable: true }),
      p('district_code', 'string', '区县代码', 'District code', { filterable: true }),
      p('households', 'integer', '户数', 'Households'),
      p('population', 'integer', '人口', 'Population'),
      p('worker_count', 'integer', '网格员数', 'Grid workers'),
      ...riskGrade,
      generated,
      updated,
    ],
    minZoom: 10,
    live: true,
    tileProperties: ['code', 'type', 'population', 'households', 'worker_count'],
  },
  cameras: {
    id: 'cameras',
    title: t('视频点位', 'Video monitoring points'),
    description: 'Public-security video points (Art. 11); GB/T 28181 20-digit ids.',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '国标编码', 'GB/T 28181 id', { filterable: true }),
      p('name', 'string', '点位名称', 'Name'),
      ...coded('ptz_type', '摄像机类型', 'PTZ type', codes.CAMERA_PTZ_TYPE, 'integer'),
      ...coded('point_class', '点位类型', 'Point class', codes.CAMERA_POINT_CLASS, 'integer'),
      ...coded('status', '状态', 'Status', codes.DEVICE_STATUS),
      p('direction_deg', 'integer', '朝向(度)', 'Direction (deg)'),
      p('fov_deg', 'integer', '视场角(度)', 'Field of view (deg)'),
      p('management_unit', 'string', '管理单位', 'Management unit'),
      p('installed_on', 'date', '安装日期', 'Installed on'),
      ...place,
      generated,
      updated,
    ],
    minZoom: 11,
    live: true,
    tileProperties: ['id', 'ptz_type', 'status'],
  },
  checkpoints: {
    id: 'checkpoints',
    title: t('治安防控设施', 'Checkpoints and police facilities'),
    description: 'Police checkpoints, security checkpoints, e-gates, street police posts, stations, alarm posts (Art. 12).',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '编号', 'Id', { filterable: true }),
      p('name', 'string', '名称', 'Name'),
      ...coded('type', '设施类型', 'Type', codes.CHECKPOINT_TYPE),
      p('functions', 'string', '卡口功能', 'Gate functions'),
      p('function_labels', 'string', '卡口功能名称', 'Gate function labels'),
      p('staffed', 'boolean', '有人值守', 'Staffed', { filterable: true }),
      ...coded('status', '状态', 'Status', codes.DEVICE_STATUS),
      ...place,
      generated,
      updated,
    ],
    minZoom: 8,
    live: true,
    tileProperties: ['id', 'type', 'status'],
  },
  'fire-hazards': {
    id: 'fire-hazards',
    title: t('火灾隐患', 'Fire hazards'),
    description: 'Fire hazards found in screening (Art. 33) and their rectification.',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '隐患编号', 'Id', { filterable: true }),
      p('place_name', 'string', '场所名称', 'Place'),
      ...coded('place_type', '场所类型', 'Place type', codes.FIRE_PLACE_TYPE),
      ...coded('hazard_kind', '隐患类别', 'Hazard kind', codes.FIRE_HAZARD_KIND),
      ...coded('grade', '隐患等级', 'Grade', codes.FIRE_HAZARD_GRADE),
      ...coded('status', '整改状态', 'Status', codes.FIRE_HAZARD_STATUS),
      p('found_at', 'date-time', '发现时间', 'Found at'),
      p('deadline', 'date', '整改期限', 'Rectification deadline'),
      p('closed_at', 'date-time', '销号时间', 'Closed at'),
      ...place,
      generated,
      updated,
    ],
    minZoom: 8,
    live: true,
    tileProperties: ['id', 'grade', 'status'],
  },
  'rental-housing': {
    id: 'rental-housing',
    title: t('出租房屋', 'Rental housing'),
    description: 'Registered and found rental units (Art. 27). Personal data is never part of this collection.',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '房屋编号', 'Id', { filterable: true }),
      ...coded('lessor_type', '出租人类型', 'Lessor type', codes.LESSOR_TYPE),
      ...coded('use', '房屋用途', 'Use', codes.RENTAL_USE),
      p('tenant_count', 'integer', '承租人数', 'Tenants'),
      p('floating_count', 'integer', '流动人口数', 'Floating population'),
      ...coded('registration', '登记状态', 'Registration', codes.RENTAL_REGISTRATION),
      ...coded('hazard_level', '隐患等级', 'Hazard level', codes.RISK_LEVEL),
      p('last_checked_on', 'date', '最近检查', 'Last checked'),
      ...place,
      generated,
      updated,
    ],
    minZoom: 13,
    live: true,
    tileProperties: ['id', 'hazard_level'],
  },
  incidents: {
    id: 'incidents',
    title: t('事件', 'Incidents'),
    description: 'Events of the one-stop dispute and event platform (Arts. 19, 21), with their lifecycle status.',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '事件编号', 'Id', { filterable: true }),
      p('event_no', 'string', '事件单号', 'Event number', { filterable: true }),
      p('title', 'string', '标题', 'Title'),
      p('description', 'string', '描述', 'Description'),
      ...coded('source', '事件来源', 'Source', codes.INCIDENT_SOURCE),
      ...coded('category', '事件类别', 'Category', codes.INCIDENT_CATEGORY),
      ...coded('urgency', '紧急程度', 'Urgency', codes.INCIDENT_URGENCY),
      ...coded('scale', '事件规模', 'Scale', codes.INCIDENT_SCALE),
      ...coded('status', '办理状态', 'Status', codes.INCIDENT_STATUS),
      p('supervised', 'boolean', '督办', 'Supervised', { filterable: true }),
      p('escalated', 'boolean', '上报上级', 'Escalated', { filterable: true }),
      p('rework_count', 'integer', '返工次数', 'Rework count'),
      p('reported_at', 'date-time', '上报时间', 'Reported at'),
      p('deadline', 'date-time', '办理时限', 'Deadline'),
      p('closed_at', 'date-time', '办结时间', 'Closed at'),
      // GREEN / YELLOW / RED (lifecycle.ts timerLight), null once ended; kept by the server, pushed when time turns it.
      p('timer_light', 'string', '计时灯', 'Timer light', { filterable: true }),
      p('assigned_unit_id', 'string', '处置力量', 'Assigned unit', { filterable: true }),
      ...place,
      version,
      generated,
      updated,
    ],
    minZoom: 9,
    live: true,
    tileProperties: ['id', 'status', 'reported_at', 'deadline'],
  },
  units: {
    id: 'units',
    title: t('处置力量', 'Response units'),
    description: 'Police, fire, medical, rescue teams (Art. 25), grid workers and volunteers, with live position.',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '力量编号', 'Id', { filterable: true }),
      p('name', 'string', '名称', 'Name'),
      p('callsign', 'string', '呼号', 'Call sign'),
      ...coded('type', '力量类型', 'Type', codes.UNIT_TYPE),
      ...coded('status', '状态', 'Status', codes.UNIT_STATUS),
      p('headcount', 'integer', '人数', 'Headcount'),
      p('home_depot_id', 'string', '所属储备库', 'Home depot'),
      p('heading_deg', 'integer', '航向(度)', 'Heading (deg)'),
      p('speed_kmh', 'number', '速度(km/h)', 'Speed (km/h)'),
      p('position_at', 'date-time', '定位时间', 'Position time'),
      p('district_code', 'string', '区县代码', 'District code', { filterable: true }),
      p('street_code', 'string', '乡镇街道代码', 'Street code', { filterable: true }),
      p('community_code', 'string', '村社区代码', 'Community code', { filterable: true }),
      version,
      generated,
      updated,
    ],
    minZoom: 0,
    live: true,
    tileProperties: ['id', 'type', 'status'],
  },
  depots: {
    id: 'depots',
    title: t('应急物资储备库', 'Emergency supply depots'),
    description: 'Emergency supply depots (Art. 24) with stock per category.',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '储备库编号', 'Id', { filterable: true }),
      p('name', 'string', '名称', 'Name'),
      ...coded('level', '级别', 'Level', codes.DEPOT_LEVEL),
      p('address', 'string', '地址', 'Address'),
      p('district_code', 'string', '区县代码', 'District code', { filterable: true }),
      p('street_code', 'string', '乡镇街道代码', 'Street code', { filterable: true }),
      p('stock_items', 'integer', '物资品类数', 'Stock items'),
      p('stock_quantity', 'integer', '物资总数', 'Total quantity'),
      generated,
      updated,
    ],
    minZoom: 0,
    live: false,
    tileProperties: ['id', 'level'],
  },
  'key-places': {
    id: 'key-places',
    title: t('重点场所', 'Key places'),
    description: 'Schools, hospitals, crowded places, stations, hazardous-chemicals plants and other key places (Arts. 26, 28, 29).',
    geometryType: 'Point',
    idProperty: 'id',
    properties: [
      p('id', 'string', '场所编号', 'Id', { filterable: true }),
      p('name', 'string', '名称', 'Name'),
      ...coded('type', '场所类型', 'Type', codes.KEY_PLACE_TYPE),
      ...place,
      generated,
      updated,
    ],
    minZoom: 8,
    live: false,
    tileProperties: ['id', 'type'],
  },
  warnings: {
    id: 'warnings',
    title: t('风险预警', 'Early warnings'),
    description: 'Early warnings (Art. 19 分级预警) raised by the risk analysis: level, area, reason, evidence; acknowledged and lifted by a person.',
    geometryType: 'MultiPolygon',
    idProperty: 'id',
    properties: [
      p('id', 'string', '预警编号', 'Id', { filterable: true }),
      ...coded('level', '预警级别', 'Warning level', codes.WARNING_LEVEL, 'integer'),
      ...coded('kind', '预警类型', 'Kind', codes.WARNING_KIND),
      ...coded('status', '预警状态', 'Status', codes.WARNING_STATUS),
      p('title', 'string', '标题', 'Title'),
      p('reason', 'string', '预警原因', 'Reason'),
      p('evidence', 'object', '依据', 'Evidence'),
      p('district_code', 'string', '区县代码', 'District code', { filterable: true }),
      p('street_code', 'string', '乡镇街道代码', 'Street code', { filterable: true }),
      p('community_code', 'string', '村社区代码', 'Community code', { filterable: true }),
      p('grid_code', 'string', '网格编码', 'Grid code', { filterable: true }),
      p('raised_at', 'date-time', '发布时间', 'Raised at'),
      p('acknowledged_at', 'date-time', '确认时间', 'Acknowledged at'),
      p('acknowledged_by', 'string', '确认人', 'Acknowledged by'),
      p('lifted_at', 'date-time', '解除时间', 'Lifted at'),
      p('lifted_by', 'string', '解除人', 'Lifted by'),
      p('note', 'string', '处理意见', 'Note'),
      version,
      updated,
    ],
    minZoom: 0,
    live: true,
    tileProperties: ['id', 'level', 'kind', 'status'],
  },
};

/** The registry entries of a collection's tile properties, in registry order. */
export function tilePropertyDefs(def: CollectionDef): PropertyDef[] {
  const wanted = new Set(def.tileProperties);
  return def.properties.filter((p) => wanted.has(p.name));
}

export function isCollectionId(id: string): id is CollectionId {
  return (COLLECTION_IDS as readonly string[]).includes(id);
}
