/** Server codes and flight-check facts worded in the reader's language (Chinese, the default). */
import { describe, expect, it } from 'vitest';
import { errorText, flightCheckText } from '../../../map-ui/src/i18n/error-text.ts';
import { MESSAGES } from '../../../map-ui/src/i18n/messages.ts';

describe('errorText', () => {
  it('words a known code, keeps the server message for an unknown one', () => {
    expect(errorText('due_in_past', 'dueAt 2026-01-01 is not after now')).toBe('整改期限须晚于当前时间');
    expect(errorText('invalid_request', 'invalid from', { fields: 'from' })).toBe('输入有误：from');
    expect(errorText('some_new_code', 'the server says why')).toBe('the server says why');
    expect(errorText(undefined, 'no code')).toBe('no code');
  });

  it('has English for every code it words in Chinese', () => {
    const keys = Object.keys(MESSAGES.zh).filter((k) => k.startsWith('error.') || k.startsWith('check.'));
    expect(keys.length).toBeGreaterThan(20);
    for (const k of keys) expect(MESSAGES.en[k as keyof typeof MESSAGES.en], k).toMatch(/[A-Za-z]/);
  });
});

describe('flightCheckText', () => {
  it('words each kind from its facts, and an unknown one by the server message', () => {
    expect(flightCheckText({ kind: 'gap', gapS: 34.71, message: 'no log for 34.7 s' })).toBe('飞行日志中断 34.7 秒');
    expect(flightCheckText({ kind: 'altitude', maxRelAlt: 180, message: 'above' })).toBe('超过限高（最高 180.0 米）');
    expect(flightCheckText({ kind: 'no-fly', zone: { name: '东营胜利机场净空区' }, message: 'inside' })).toBe('进入禁飞区：东营胜利机场净空区');
    expect(flightCheckText({ kind: 'battery', message: 'battery low' })).toBe('battery low');
  });
});
