import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskAddress, maskIdNumber, maskName, maskPhone, maskRecord } from '../../server/auth/masking.ts';
import { applyPersonalView, personalView } from '../../server/auth/personal-view.ts';
import type { Principal } from '../../server/auth/principal.ts';

describe('masking', () => {
  it('masks names to the first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李');
    expect(maskName('Li Lei')).toBe('L* L**');
    expect(maskName('')).toBe('');
  });

  it('masks phone numbers to 3 + 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('0372-5991234')).toBe('037****1234');
    expect(maskPhone('110')).toBe('***');
  });

  it('masks ID numbers, keeping the region and the last four', () => {
    expect(maskIdNumber('410502199001011234')).toBe('410502********1234');
    expect(maskIdNumber('41050219900101123x')).toBe('410502********123X');
    expect(maskIdNumber('410502900101123')).toBe('410502*****1123');
    expect(maskIdNumber('P1234567')).toBe('******67');
  });

  it('cuts addresses at the building', () => {
    expect(maskAddress('文峰区中华路12号院3号楼2单元501室')).toBe('文峰区中华路12号院3号楼');
    expect(maskAddress('文峰区中华路12号院3号楼501')).toBe('文峰区中华路12号院3号楼');
    expect(maskAddress('北关区红旗路幸福小区5栋1单元302')).toBe('北关区红旗路幸福小区5栋');
    expect(maskAddress('殷都区钢城路8号2单元301室')).toBe('殷都区钢城路8号');
    expect(maskAddress('龙安区文明大道100号')).toBe('龙安区文明大道100号');
  });

  it('never leaves the middle digits of a phone or ID in the output (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9][0-9]{9}$/), (phone) => {
        const m = maskPhone(phone);
        expect(m).toHaveLength(11);
        expect(m.slice(3, 7)).toBe('****');
        expect(m.slice(0, 3) + m.slice(7)).toBe(phone.slice(0, 3) + phone.slice(7));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), (id) => {
        expect(maskIdNumber(id).slice(6, 14)).toBe('********');
      }),
    );
  });

  it('masks the personal tables by key, recursively, and leaves other fields alone', () => {
    const rental = {
      housing_id: 'R1',
      lessor_name: '王五',
      lessor_phone: '13912345678',
      lessor_id_number: '410503198002021111',
      tenants: [{ name: '赵六', phone: '13700001111', idNumber: '410526199912312222' }],
      tenant_count: 1,
    };
    expect(maskRecord(rental)).toEqual({
      housing_id: 'R1',
      lessor_name: '王*',
      lessor_phone: '139****5678',
      lessor_id_number: '410503********1111',
      tenants: [{ name: '赵*', phone: '137****1111', idNumber: '410526********2222' }],
      tenant_count: 1,
    });
    expect(rental.lessor_name).toBe('王五'); // not mutated
  });
});

describe('personalView', () => {
  const p = (role: Principal['role']): Principal => ({ kind: 'user', id: '1', name: 'x', role, adminCode: '410500' });
  it('is full for case-handling roles, masked for planners, none for the wall, viewers and anonymous callers', () => {
    expect(personalView(p('admin'))).toBe('full');
    expect(personalView(p('dispatcher'))).toBe('full');
    expect(personalView(p('grid_worker'))).toBe('full');
    expect(personalView(p('planner'))).toBe('masked');
    expect(personalView(p('viewer'))).toBe('none');
    expect(personalView({ ...p('wall'), kind: 'token' })).toBe('none');
    expect(personalView(undefined)).toBe('none');
  });

  it('applies the view to a payload', () => {
    const party = { name: '张三', phone: '13812345678' };
    expect(applyPersonalView('full', party)).toEqual(party);
    expect(applyPersonalView('masked', party)).toEqual({ name: '张*', phone: '138****5678' });
    expect(applyPersonalView('none', party)).toBeUndefined();
  });
});
