/**
 * Code lists: every classified field is stored as code + label (GB/T 31000 habit). Chinese labels are
 * the operators' own words (shared DOMAIN.md); English is the second language. Where a standard's
 * official table is not public these codes are our proposal: a city replaces them here.
 * Pure data; the client imports it too.
 */
export interface CodeEntry {
  zh: string;
  en: string;
}
export type CodeList = Readonly<Record<string, CodeEntry>>;

const list = <T extends Record<string, CodeEntry>>(entries: T): Readonly<T> => Object.freeze(entries);

export const ADMIN_LEVEL = list({
  '1': { zh: '市', en: 'City' },
  '2': { zh: '区县', en: 'District / county' },
  '3': { zh: '乡镇街道', en: 'Street / township' },
  '4': { zh: '村社区', en: 'Community / village' },
});

export const GRID_TYPE = list({
  COMPREHENSIVE: { zh: '综合网格', en: 'Comprehensive grid' },
  DEDICATED: { zh: '专属网格', en: 'Dedicated grid' },
  MICRO: { zh: '微网格', en: 'Micro grid' },
});

export const GRID_WORKER_ROLE = list({
  GRID_HEAD: { zh: '网格长', en: 'Grid head' },
  FULL_TIME: { zh: '专职网格员', en: 'Full-time grid worker' },
  PART_TIME: { zh: '兼职网格员', en: 'Part-time grid worker' },
});

/** GB/T 28181 camera PTZ type. */
export const CAMERA_PTZ_TYPE = list({
  '1': { zh: '球机', en: 'Dome (PTZ)' },
  '2': { zh: '半球', en: 'Hemisphere' },
  '3': { zh: '固定枪机', en: 'Fixed bullet' },
  '4': { zh: '遥控枪机', en: 'Remote bullet' },
  '5': { zh: '遥控半球', en: 'Remote hemisphere' },
  '6': { zh: '多目全景', en: 'Multi-lens panoramic' },
  '7': { zh: '多目分割', en: 'Multi-lens split' },
});

export const CAMERA_POINT_CLASS = list({
  '1': { zh: '一类', en: 'Class 1' },
  '2': { zh: '二类', en: 'Class 2' },
  '3': { zh: '三类', en: 'Class 3' },
  '9': { zh: '其他', en: 'Other' },
});

export const DEVICE_STATUS = list({
  ON: { zh: '在线', en: 'Online' },
  OFF: { zh: '离线', en: 'Offline' },
});

export const CHECKPOINT_TYPE = list({
  POLICE_CHECKPOINT: { zh: '公安检查站', en: 'Police checkpoint' },
  SECURITY_CHECKPOINT: { zh: '治安卡点', en: 'Security checkpoint' },
  ELECTRONIC_CHECKPOINT: { zh: '电子卡口', en: 'Electronic gate' },
  STREET_POLICE_STATION: { zh: '街面警务站', en: 'Street police post' },
  POLICE_STATION: { zh: '派出所', en: 'Police station' },
  ALARM_POST: { zh: '一键报警柱', en: 'One-touch alarm post' },
});

export const CHECKPOINT_FUNCTION = list({
  '01': { zh: '人脸', en: 'Face' },
  '02': { zh: '人员', en: 'Person' },
  '03': { zh: '机动车', en: 'Motor vehicle' },
  '04': { zh: '非机动车', en: 'Non-motor vehicle' },
  '05': { zh: '物品', en: 'Goods' },
});

export const FIRE_PLACE_TYPE = list({
  CROWDED: { zh: '人员密集场所', en: 'Crowded place' },
  RESIDENTIAL: { zh: '住宅小区', en: 'Residential estate' },
  SCHOOL: { zh: '学校', en: 'School' },
  MARKET: { zh: '商超', en: 'Shopping centre' },
  HOTEL: { zh: '宾馆', en: 'Hotel' },
  ENTERTAINMENT: { zh: '娱乐场所', en: 'Entertainment venue' },
  FACTORY: { zh: '厂房仓库', en: 'Factory / warehouse' },
  SMALL_VENUE: { zh: '九小场所', en: 'Small venue' },
  HIGH_RISE: { zh: '高层建筑', en: 'High-rise building' },
});

export const FIRE_HAZARD_KIND = list({
  BLOCKED_EXIT: { zh: '堵塞疏散通道', en: 'Blocked evacuation route' },
  BLOCKED_FIRE_LANE: { zh: '占用消防车通道', en: 'Fire lane obstructed' },
  ELECTRICAL: { zh: '电气线路', en: 'Electrical wiring' },
  FACILITY_FAILURE: { zh: '消防设施失效', en: 'Fire equipment out of order' },
  EBIKE_CHARGING: { zh: '电动车违规充电', en: 'Illegal e-bike charging' },
  FLAMMABLE_STORAGE: { zh: '易燃物品违规存放', en: 'Flammables stored unsafely' },
  LIVING_IN_WORKPLACE: { zh: '三合一场所', en: 'Living quarters in workplace' },
});

export const FIRE_HAZARD_GRADE = list({
  GENERAL: { zh: '一般隐患', en: 'General hazard' },
  MAJOR: { zh: '重大火灾隐患', en: 'Major fire hazard' },
});

export const FIRE_HAZARD_STATUS = list({
  REGISTERED: { zh: '已登记', en: 'Registered' },
  RECTIFYING: { zh: '整改中', en: 'Rectifying' },
  RECHECK: { zh: '待复查', en: 'Awaiting recheck' },
  CLOSED: { zh: '已销号', en: 'Closed' },
});

export const LESSOR_TYPE = list({
  PERSON: { zh: '个人', en: 'Individual' },
  ORGANISATION: { zh: '单位', en: 'Organisation' },
  AGENCY: { zh: '中介', en: 'Agency' },
});

export const RENTAL_USE = list({
  RESIDENTIAL: { zh: '居住', en: 'Residential' },
  BUSINESS: { zh: '生产经营', en: 'Business' },
  STORAGE: { zh: '仓储', en: 'Storage' },
  GROUP_RENTAL: { zh: '群租', en: 'Group rental' },
});

export const RENTAL_REGISTRATION = list({
  REGISTERED: { zh: '已登记', en: 'Registered' },
  UNREGISTERED: { zh: '未登记', en: 'Unregistered' },
});

/** Risk level (Art. 19): red, orange, yellow, blue. NONE is "no hazard found". */
export const RISK_LEVEL = list({
  MAJOR: { zh: '重大风险', en: 'Major risk' },
  LARGER: { zh: '较大风险', en: 'Larger risk' },
  GENERAL: { zh: '一般风险', en: 'General risk' },
  LOW: { zh: '低风险', en: 'Low risk' },
  NONE: { zh: '无隐患', en: 'No hazard' },
});

/** Warning level (Art. 19 分级预警): 1 red … 4 blue, the same four colours as RISK_LEVEL. */
export const WARNING_LEVEL = list({
  '1': { zh: '一级预警', en: 'Level 1 (red)' },
  '2': { zh: '二级预警', en: 'Level 2 (orange)' },
  '3': { zh: '三级预警', en: 'Level 3 (yellow)' },
  '4': { zh: '四级预警', en: 'Level 4 (blue)' },
});

/** A warning's life: raised by an analysis, acknowledged and lifted by a person (each step audited). */
export const WARNING_STATUS = list({
  ACTIVE: { zh: '预警中', en: 'Active' },
  ACKNOWLEDGED: { zh: '已确认', en: 'Acknowledged' },
  LIFTED: { zh: '已解除', en: 'Lifted' },
});

/** What raised a warning. */
export const WARNING_KIND = list({
  RISK_RISE: { zh: '风险等级上升', en: 'Risk level rose' },
  HOTSPOT: { zh: '热点出现', en: 'Hotspot emerged' },
  COVERAGE: { zh: '覆盖不达标', en: 'Coverage target breached' },
});

export const INCIDENT_SOURCE = list({
  GRID_WORKER: { zh: '网格员上报', en: 'Grid worker' },
  HOTLINE_12345: { zh: '12345热线', en: '12345 hotline' },
  PUBLIC_APP: { zh: '随手拍', en: 'Public app' },
  VIDEO_AI: { zh: '视频智能发现', en: 'Video AI' },
  IOT_SENSOR: { zh: '物联感知', en: 'IoT sensor' },
  POLICE_110: { zh: '110警情', en: '110 police call' },
  DEPT_TRANSFER: { zh: '部门移交', en: 'Department transfer' },
  SUPERIOR_ASSIGNED: { zh: '上级交办', en: 'Assigned by superior' },
  PETITION: { zh: '信访', en: 'Petition' },
});

export const INCIDENT_CATEGORY = list({
  '01': { zh: '矛盾纠纷', en: 'Disputes' },
  '02': { zh: '治安隐患', en: 'Public-order hazard' },
  '03': { zh: '安全隐患', en: 'Safety hazard' },
  '04': { zh: '特殊人群服务管理', en: 'Special groups' },
  '05': { zh: '重点青少年', en: 'At-risk youth' },
  '06': { zh: '城市管理', en: 'Urban management' },
  '07': { zh: '生态环境', en: 'Environment' },
  '08': { zh: '民生服务', en: 'Public services' },
  '09': { zh: '信访稳定/群体性事件', en: 'Petitions / mass incidents' },
  '10': { zh: '公共卫生', en: 'Public health' },
  '11': { zh: '自然灾害', en: 'Natural disaster' },
  '12': { zh: '电信网络诈骗', en: 'Telecom fraud' },
  '13': { zh: '校园及周边安全', en: 'Campus safety' },
  '14': { zh: '护路护线', en: 'Road and line protection' },
  '15': { zh: '大型活动安全', en: 'Large-event safety' },
  '99': { zh: '其他', en: 'Other' },
});

export const INCIDENT_URGENCY = list({
  CRITICAL: { zh: '特急', en: 'Critical' },
  URGENT: { zh: '紧急', en: 'Urgent' },
  NORMAL: { zh: '一般', en: 'Normal' },
});

/** Default time limits per urgency, in hours (configurable per category later). */
export const URGENCY_TIME_LIMIT_HOURS: Readonly<Record<keyof typeof INCIDENT_URGENCY, number>> = {
  CRITICAL: 2,
  URGENT: 24,
  NORMAL: 72,
};

export const INCIDENT_SCALE = list({
  INDIVIDUAL: { zh: '个体', en: 'Individual' },
  GENERAL: { zh: '一般', en: 'General' },
  GROUP: { zh: '群体', en: 'Group' },
  LARGE_GROUP: { zh: '较大群体', en: 'Large group' },
  MAJOR_GROUP: { zh: '重大群体', en: 'Major group' },
});

/** The closed loop of Art. 21 plus its side paths. */
export const INCIDENT_STATUS = list({
  REPORTED: { zh: '已上报', en: 'Reported' },
  ACCEPTED: { zh: '已受理', en: 'Accepted' },
  DISPATCHED: { zh: '已派遣', en: 'Dispatched' },
  PROCESSING: { zh: '处置中', en: 'Processing' },
  DISPOSED: { zh: '已处置', en: 'Disposed' },
  CHECKING: { zh: '核查中', en: 'Checking' },
  CLOSED: { zh: '已办结', en: 'Closed' },
  EVALUATED: { zh: '已回访评价', en: 'Evaluated' },
  REJECTED: { zh: '不予受理', en: 'Rejected' },
  VOID: { zh: '作废', en: 'Void' },
  SUSPENDED: { zh: '挂账', en: 'Suspended' },
  SELF_RESOLVED: { zh: '随手办', en: 'Resolved on the spot' },
});

export const UNIT_TYPE = list({
  POLICE_PATROL: { zh: '巡逻警力', en: 'Police patrol' },
  FIRE_RESCUE: { zh: '消防救援', en: 'Fire and rescue' },
  MEDICAL: { zh: '医疗急救', en: 'Medical' },
  GRID_WORKER: { zh: '网格员', en: 'Grid worker' },
  RESCUE_TEAM: { zh: '专业救援队', en: 'Professional rescue team' },
  SOCIAL_RESCUE: { zh: '社会救援力量', en: 'Social rescue team' },
  VOLUNTEER: { zh: '志愿者', en: 'Volunteer' },
});

export const UNIT_STATUS = list({
  AVAILABLE: { zh: '待命', en: 'Available' },
  DISPATCHED: { zh: '已派遣', en: 'Dispatched' },
  EN_ROUTE: { zh: '途中', en: 'En route' },
  ON_SCENE: { zh: '到场处置', en: 'On scene' },
  OFF_DUTY: { zh: '休息', en: 'Off duty' },
});

export const DEPOT_LEVEL = list({
  CITY: { zh: '市级', en: 'City' },
  COUNTY: { zh: '县级', en: 'County' },
  TOWNSHIP: { zh: '乡级', en: 'Township' },
});

export const SUPPLY_CATEGORY = list({
  FLOOD: { zh: '防汛', en: 'Flood control' },
  FIRE: { zh: '消防', en: 'Firefighting' },
  MEDICAL: { zh: '医疗', en: 'Medical' },
  LIVING: { zh: '生活', en: 'Living' },
  COMMUNICATION: { zh: '通信', en: 'Communication' },
  LIGHTING: { zh: '照明', en: 'Lighting' },
  POWER: { zh: '发电', en: 'Power generation' },
});

export const KEY_PLACE_TYPE = list({
  SCHOOL: { zh: '学校', en: 'School' },
  KINDERGARTEN: { zh: '幼儿园', en: 'Kindergarten' },
  HOSPITAL: { zh: '医院', en: 'Hospital' },
  ELDERLY_CARE: { zh: '养老机构', en: 'Elderly care' },
  CROWDED_PLACE: { zh: '人员密集场所', en: 'Crowded place' },
  STATION: { zh: '车站', en: 'Station' },
  GAS_STATION: { zh: '加油站', en: 'Petrol station' },
  HAZMAT: { zh: '危化企业', en: 'Hazardous-chemicals plant' },
  LOGISTICS: { zh: '寄递物流网点', en: 'Parcel / logistics point' },
  MARKET: { zh: '集贸市场', en: 'Market' },
  PARK: { zh: '公园广场', en: 'Park / square' },
  GOVERNMENT: { zh: '党政机关', en: 'Government office' },
  ENTERPRISE: { zh: '重点企业', en: 'Key enterprise' },
});

/** Looks up a label; unknown codes fall back to the code itself (never throws on display). */
export function labelOf(listOf: CodeList, code: string | number, lang: 'zh' | 'en' = 'zh'): string {
  return listOf[String(code)]?.[lang] ?? String(code);
}
