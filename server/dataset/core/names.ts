/**
 * Small word lists for GENERATED Chinese names: people, roads, places, units. The road names are common
 * Anyang road names used as a vocabulary; no generated address claims to be a real one.
 */
import type { Rng } from './prng.ts';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗',
  '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '程', '曹', '袁', '邓', '许', '傅', '沈', '彭', '吕', '苏', '卢',
  '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎', '潘', '杜', '夏', '田', '任', '姜', '范', '石', '姚', '郝', '崔', '毛',
  '秦', '史', '侯', '孟', '段', '常', '武', '乔', '贺', '申', '牛', '路', '岳', '付', '耿', '靳', '栗', '闫', '霍', '原',
];
const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '建', '国', '文', '辉', '玉', '兰', '红', '志', '波', '鹏', '宇', '浩', '凯', '丹', '慧', '婷',
  '晨', '阳', '飞', '亮', '俊', '峰', '梅', '琳', '雪', '颖', '斌', '龙', '海', '新', '春', '振', '永', '利', '宁', '欣',
];

export const ROADS = [
  '文峰大道', '人民大道', '中华路', '解放大道', '红旗路', '光明路', '德隆街', '紫薇大道', '平原路', '彰德路',
  '北关路', '永明路', '朝霞路', '殷都路', '梅园路', '灯塔路', '东风路', '文明大道', '安钢大道', '长江大道',
  '黄河大道', '海兴路', '峨嵋大街', '华祥路', '迎宾路', '健康路', '西大街', '东大街', '北大街', '南大街',
  '红星路', '银杏大街', '弦歌大道', '殷商路', '商颂大街', '钢二路', '中州路', '曙光路', '东工路', '万金大道',
  '太行路', '铁西路', '育才路', '工人路', '西工路', '义安路', '高平路', '幸福路', '友谊路', '三道街',
];

export const BRANDS = {
  mall: ['万达广场', '丹尼斯', '大商新玛特', '比优特', '华强城', '苏宁广场', '安阳商场', '易盛'],
  gas: ['中国石化', '中国石油', '中化石油'],
  logistics: ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '京东物流', '中国邮政', '极兔速递'],
  industry: ['钢铁', '化工', '机械', '纺织', '食品', '建材', '新能源', '电子', '医药', '汽车配件'],
};

export function personName(rng: Rng): string {
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** A unit name without its administrative suffix: 楼东社区居委会 → 楼东, 东大街街道 → 东大街. */
export function stem(name: string): string {
  return name
    .replace(/(社区居民委员会|社区居委会|居民委员会|村民委员会|村委会|居委会|委员会)$/, '')
    .replace(/(街道办事处|街道|办公室|镇|乡)$/, '')
    .replace(/社区$/, '')
    .replace(/^开发区/, '');
}

/** A short street-level address: 文峰区中华路128号 (urban) or 滑县道口镇张庄村 (rural). */
export function address(rng: Rng, districtName: string, streetName: string, communityName: string, urban: boolean): string {
  if (!urban) return `${districtName}${streetName}${stem(communityName)}村`;
  return `${districtName}${rng.pick(ROADS)}${rng.int(1, 400)}号`;
}

export function intersectionName(rng: Rng): string {
  const a = rng.pick(ROADS);
  let b = rng.pick(ROADS);
  if (b === a) b = ROADS[(ROADS.indexOf(a) + 7) % ROADS.length]!;
  return `${a}与${b}交叉口`;
}
