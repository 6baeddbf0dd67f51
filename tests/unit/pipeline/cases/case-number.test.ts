import { describe, expect, it } from 'vitest';
import { caseYear, formatCaseNumber, parseCaseNumber } from '../../../../core/pipeline/cases/case-number.ts';

describe('case numbers', () => {
  it('are DY-<year>-<6 digits>', () => {
    expect(formatCaseNumber(2026, 123)).toBe('DY-2026-000123');
    expect(formatCaseNumber(2026, 1)).toBe('DY-2026-000001');
    expect(formatCaseNumber(2026, 1_234_567)).toBe('DY-2026-1234567');
    expect(() => formatCaseNumber(2026, 0)).toThrow(RangeError);
  });

  it('take the year in China Standard Time', () => {
    expect(caseYear('2026-12-31T15:59:59Z')).toBe(2026);
    expect(caseYear('2026-12-31T16:00:00Z')).toBe(2027); // 1 January 00:00 in Dongying
    expect(caseYear(new Date('2026-06-01T00:00:00Z'))).toBe(2026);
    expect(() => caseYear('not a time')).toThrow(RangeError);
  });

  it('read back as they are spoken or typed', () => {
    expect(parseCaseNumber('DY-2026-000123')).toEqual({ year: 2026, sequence: 123 });
    expect(parseCaseNumber(' dy-2026-000123 ')).toEqual({ year: 2026, sequence: 123 });
    expect(parseCaseNumber('3f2a9c1e-0000-4000-8000-000000000000')).toBeNull();
    expect(parseCaseNumber('DY-2026-12')).toBeNull();
  });
});
