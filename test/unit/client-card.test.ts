import { describe, expect, it } from 'vitest';
import { cardRows, cardTitle, finestAreaCode } from '../../client/src/features/card/card-rows.ts';
import { translator } from '../../client/src/i18n/index.ts';
import { zhCN } from '../../client/src/i18n/zh-CN.ts';
import { en } from '../../client/src/i18n/en.ts';

const camera = {
  id: '41050000001320000001',
  name: '文峰大道东口球机',
  ptz_type: 1,
  ptz_type_label: '球机',
  point_class: 1,
  point_class_label: '一类',
  status: 'OFF',
  status_label: '离线',
  installed_on: '2024-05-01',
  generated: true,
  updated_at: '2026-11-28T08:00:00Z',
  contact_phone: '13812345678',
};

describe('feature card rows', () => {
  it('shows every field with its Chinese title, codes by their label with the code on hover, no internal fields', () => {
    const rows = cardRows('cameras', camera, 'zh', translator('zh'));
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.id).toMatchObject({ title: '国标编码', value: '41050000001320000001', masked: false });
    expect(byName.ptz_type).toMatchObject({ title: '摄像机类型', value: '球机', hint: '代码 1' });
    expect(byName.status).toMatchObject({ value: '离线', hint: '代码 OFF' });
    expect(byName.generated).toBeUndefined(); // 生成数据 is bookkeeping, not the users' business
    expect(rows.some((r) => r.name === 'ptz_type_label')).toBe(false);
    expect(rows.every((r) => !/\([A-Z0-9_]+\)$/.test(r.value))).toBe(true);
  });

  it('uses English titles and labels in English', () => {
    const rows = cardRows('cameras', camera, 'en', translator('en'));
    expect(rows.find((r) => r.name === 'ptz_type')).toMatchObject({ title: 'PTZ type', value: 'Dome (PTZ)', hint: 'Code 1' });
  });

  it('shows admin areas by name (the code on hover) once the names are known, else the code', () => {
    const props = { ...camera, district_code: '410502', street_code: '410502001' };
    const named = cardRows('cameras', props, 'zh', translator('zh'), { '410502': '文峰区', '410502001': '东大街街道' });
    expect(named.find((r) => r.name === 'district_code')).toMatchObject({ value: '文峰区', hint: '代码 410502' });
    expect(named.find((r) => r.name === 'street_code')).toMatchObject({ value: '东大街街道' });
    expect(cardRows('cameras', props, 'zh', translator('zh')).find((r) => r.name === 'district_code')!.value).toBe('410502');
    expect(finestAreaCode(props)).toBe('410502001');
    expect(finestAreaCode({ grid_code: '410502001001001', district_code: '410502' })).toBe('410502001001001');
    expect(finestAreaCode({})).toBeNull();
  });

  it('masks personal data, even in fields the registry does not know', () => {
    const row = cardRows('cameras', camera, 'zh', translator('zh')).find((r) => r.name === 'contact_phone');
    expect(row).toMatchObject({ value: '138********', masked: true });
  });

  it('titles a feature by its name-like property', () => {
    expect(cardTitle({ title: '噪音扰民' }, 'E1')).toBe('噪音扰民');
    expect(cardTitle({}, 'E1')).toBe('E1');
  });
});

describe('locale files', () => {
  it('have the same keys in both languages and no empty strings', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const v of [...Object.values(en), ...Object.values(zhCN)]) expect(v.trim()).not.toBe('');
  });
  it('fill placeholders', () => expect(translator('zh')('layers.zoomIn', { z: 13 })).toBe('放大至 13 级以上显示点位'));
});
