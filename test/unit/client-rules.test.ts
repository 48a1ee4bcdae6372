import { describe, expect, it } from 'vitest';
import { isOpen, statusBucket, timerLight } from '../../client/src/lib/incident-rules.ts';
import { formatCount, formatPercent } from '../../client/src/lib/format.ts';
import { maskName, maskText, maskValue } from '../../client/src/lib/mask.ts';
import { INCIDENT_STATUS } from '../../server/protocol/codes.ts';

const H = 3_600_000;

describe('incident status buckets', () => {
  it('puts every status of the code list in an operator bucket', () => {
    expect(Object.keys(INCIDENT_STATUS).map(statusBucket)).toEqual([
      'TO_ACCEPT', 'TO_DISPATCH', 'IN_PROGRESS', 'IN_PROGRESS', 'TO_CHECK', 'TO_CHECK', 'DONE', 'DONE', 'ENDED', 'ENDED', 'SUSPENDED', 'DONE',
    ]);
  });
  it('keeps the clock running only for open incidents', () => {
    expect(isOpen('PROCESSING')).toBe(true);
    expect(isOpen('SUSPENDED')).toBe(true);
    expect(isOpen('CLOSED')).toBe(false);
    expect(isOpen('VOID')).toBe(false);
  });
});

describe('timer light', () => {
  const reported = 0;
  const deadline = 10 * H;
  it('is green below 80 % of the time limit', () => expect(timerLight('PROCESSING', reported, deadline, 7.9 * H)).toBe('GREEN'));
  it('is yellow from 80 % to 100 %', () => {
    expect(timerLight('PROCESSING', reported, deadline, 8 * H)).toBe('YELLOW');
    expect(timerLight('PROCESSING', reported, deadline, 10 * H)).toBe('YELLOW');
  });
  it('is red past the deadline', () => expect(timerLight('REPORTED', reported, deadline, 10.01 * H)).toBe('RED'));
  it('is off for closed incidents and unusable times', () => {
    expect(timerLight('CLOSED', reported, deadline, 20 * H)).toBeNull();
    expect(timerLight('PROCESSING', Number.NaN, deadline, H)).toBeNull();
    expect(timerLight('PROCESSING', deadline, reported, H)).toBeNull();
  });
});

describe('display formats', () => {
  it('writes counts of ten thousand and more in 万 in Chinese', () => {
    expect(formatCount(321_456, 'zh')).toBe('32.1万');
    expect(formatCount(9_999, 'zh')).toBe('9,999');
    expect(formatCount(321_456, 'en')).toBe('321,456');
  });
  it('writes percentages to one decimal', () => expect(formatPercent(0.9744)).toBe('97.4%'));
});

describe('personal data masking', () => {
  it('masks mobile numbers and resident ids inside any text', () => {
    expect(maskText('联系 13812345678')).toBe('联系 138****5678');
    expect(maskText('410502199001011234')).toBe('410502********1234');
  });
  it('masks names to their first character', () => expect(maskName('张三丰')).toBe('张**'));
  it('masks whole personal fields, and leaves a 20-digit camera id alone', () => {
    expect(maskValue('lessor_phone', '0372-5551234')).toBe('037*********');
    expect(maskValue('lessor_name', '李四')).toBe('李*');
    expect(maskValue('id', '41050000001320000001')).toBe('41050000001320000001');
  });
});
