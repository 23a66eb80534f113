import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { growthExponent, logLogSvg, logTicks, tickLabel } from './plot';

describe('growth exponent (log-log slope)', () => {
  it('recovers the exponent of any power law', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 3, noNaN: true }), fc.double({ min: 0.01, max: 1000, noNaN: true }), (k, c) => {
        const points = [1, 10, 100, 1000].map((x) => ({ x, y: c * x ** k }));
        expect(growthExponent(points)).toBeCloseTo(k, 6);
      }),
    );
  });

  it('is linear for 2K/20K/100K doubling work, 1.45 for the super-linear fleet of issue 15', () => {
    expect(growthExponent([{ x: 2e3, y: 2 }, { x: 2e4, y: 20 }, { x: 1e5, y: 100 }])).toBeCloseTo(1, 6);
    expect(growthExponent([{ x: 2e3, y: 0.8 }, { x: 2e4, y: 5.5 }, { x: 1e5, y: 56 }])).toBeGreaterThan(1.05);
  });

  it('needs two usable points', () => {
    expect(growthExponent([{ x: 1, y: 1 }])).toBeNaN();
    expect(growthExponent([{ x: 1, y: 1 }, { x: 10, y: 0 }])).toBeNaN();
  });
});

describe('log-log SVG', () => {
  const svg = logLogSvg({
    title: 'Fleet <placement> & audit',
    xLabel: 'hosts',
    yLabel: 'CPU s',
    series: [{ name: 'CPU time', points: [{ x: 2000, y: 0.8 }, { x: 20000, y: 5.5 }, { x: 100000, y: 56 }] }],
  });

  it('is a standalone SVG with escaped text, one marker per point and the slope in the legend', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Fleet &lt;placement&gt; &amp; audit');
    expect(svg).not.toContain('<placement>');
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain(`slope ${growthExponent([{ x: 2000, y: 0.8 }, { x: 20000, y: 5.5 }, { x: 100000, y: 56 }]).toFixed(2)}`);
  });

  it('places larger values right and higher', () => {
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    expect(circles[0]!.x).toBeLessThan(circles[1]!.x);
    expect(circles[1]!.x).toBeLessThan(circles[2]!.x);
    expect(circles[0]!.y).toBeGreaterThan(circles[2]!.y);
  });

  it('takes a legend text instead of the fitted slope when given one', () => {
    const custom = logLogSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'peak', points: [{ x: 1, y: 2 }, { x: 10, y: 30 }], legend: 'slope 1.00 above idle' }, { name: 'idle', points: [{ x: 1, y: 5 }, { x: 10, y: 5 }], legend: '' }] });
    expect(custom).toContain('>peak — slope 1.00 above idle<');
    expect(custom).toContain('>idle<');
    expect(custom).not.toMatch(/peak — slope 1\.\d+</);
  });

  it('refuses a plot with nothing to draw', () => {
    expect(() => logLogSvg({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [] }] })).toThrow(/no positive points/);
  });

  it('labels ticks compactly', () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(tickLabel(2000)).toBe('2 K');
    expect(tickLabel(16_777_216)).toBe('16.8 M');
    expect(tickLabel(0.05)).toBe('0.05');
  });
});
