import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deque } from './deque';

describe('Deque', () => {
  it('behaves like an array under any sequence of push, pop, shift and retain', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('push' as const), value: fc.integer() }),
      fc.record({ op: fc.constant('pop' as const) }),
      fc.record({ op: fc.constant('shift' as const) }),
      fc.record({ op: fc.constant('retainEven' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const deque = new Deque<number>();
        let model: number[] = [];
        for (const o of ops) {
          if (o.op === 'push') {
            deque.push(o.value);
            model.push(o.value);
          } else if (o.op === 'pop') expect(deque.pop()).toBe(model.pop());
          else if (o.op === 'shift') expect(deque.shift()).toBe(model.shift());
          else {
            deque.retain((v) => v % 2 === 0);
            model = model.filter((v) => v % 2 === 0);
          }
          expect(deque.length).toBe(model.length);
          expect(deque.first()).toBe(model[0]);
          expect(deque.last()).toBe(model[model.length - 1]);
        }
        expect(deque.toArray()).toEqual(model);
      }),
      { numRuns: 50 },
    );
  });

  it('compacts its dead prefix so a long-lived queue stays small', () => {
    const deque = new Deque<number>();
    for (let i = 0; i < 100_000; i++) {
      deque.push(i);
      if (deque.length > 10) deque.shift();
    }
    expect(deque.toArray()).toEqual(Array.from({ length: 10 }, (_, i) => 99_990 + i));
    expect((deque as unknown as { items: unknown[] }).items.length).toBeLessThan(3000);
  });
});
