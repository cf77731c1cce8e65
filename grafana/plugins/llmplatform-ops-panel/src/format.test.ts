import { percent, rate, seconds, used } from './format';

describe('format', () => {
  it('shows rates, ratios and durations as operators read them', () => {
    expect(rate(2)).toBe('2.00 req/s');
    expect(percent(0.125)).toBe('12.5 %');
    expect(percent(null)).toBe('–');
    expect(seconds(0.25)).toBe('250 ms');
    expect(seconds(2.5)).toBe('2.50 s');
    expect(seconds(null)).toBe('–');
  });

  it('counts quota use from what is left, past 100 % when the bucket is in debt', () => {
    expect(used(75, 100)).toBe(0.25);
    expect(used(100, 100)).toBe(0);
    expect(used(-1000, 1000)).toBe(2);
    expect(used(null, 100)).toBeNull();
    expect(used(5, 0)).toBeNull();
  });
});
