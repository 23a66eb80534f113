import { describe, expect, it } from 'vitest';
import { CheckpointStore, settled, withWrong } from './checkpoint-store';

describe('CheckpointStore', () => {
  it('keeps each question as it was left, per lesson and step, until reset', () => {
    const store = new CheckpointStore();
    store.update('tour', 3, (s) => withWrong(s, '"B"', 1));
    store.update('tour', 3, (s) => withWrong(s, '"C"', 2));
    store.update('tour', 5, (s) => settled(s, { correct: true, feedback: 'Correct', rightAnswer: 'A' }));
    expect(store.get('tour', 3)).toMatchObject({ wrongChoices: [1, 2], lastWrong: '"C"', verdict: null });
    expect(store.get('tour', 5).verdict?.correct).toBe(true);
    expect(store.get('other', 3).wrongChoices).toEqual([]);
    store.reset();
    expect(store.get('tour', 5).verdict).toBeNull();
  });

  it('a settled question forgets the last wrong answer and unfolds', () => {
    const store = new CheckpointStore();
    store.update('l', 0, (s) => ({ ...withWrong(s, 'x', 0), folded: true }));
    const done = store.update('l', 0, (s) => settled(s, { correct: true, feedback: 'ok', rightAnswer: 'y' }));
    expect(done).toMatchObject({ lastWrong: null, folded: false, wrongChoices: [0] });
  });
});
