/** The names of the risk model's factors (the model's own configuration names them; these follow it). */
import type { FactorNames } from './factors.ts';

export const FACTOR_NAMES: FactorNames = {
  incidents: { zh: '近期事件（时间衰减、按类别加权）', en: 'Recent incidents (time-decayed, weighted by category)' },
  fireHazards: { zh: '未销号火灾隐患（按等级加权）', en: 'Open fire hazards (weighted by grade)' },
  rental: { zh: '出租房屋密度', en: 'Rental housing density' },
  floating: { zh: '流动人口密度', en: 'Floating population density' },
  cameraGap: { zh: '视频覆盖缺口', en: 'Camera coverage gap' },
  fireResponse: { zh: '最近消防力量到达时间', en: 'Time to the nearest fire unit' },
  policeResponse: { zh: '最近巡逻警力到达时间', en: 'Time to the nearest police patrol' },
};
