import { describe, expect, it } from 'vitest';
import { findLesson } from '../../src/lessons';
import { faultMoment } from './moment';

const lesson = (id: string) => {
  const found = findLesson(id);
  if (!found) throw new Error(`missing lesson ${id}`);
  return found;
};

describe('the moment a fault starts to matter', () => {
  it('finds where no-scrub first changes hello-host: after a guest is torn down', () => {
    const hello = lesson('hello-host');
    const moment = faultMoment(hello, 'no-scrub', hello.seed ?? 1);
    expect(moment).toBeTruthy();
    if (!moment) return;
    expect(moment.step).toBeGreaterThan(moment.beforeStep);
    expect(moment.time).toBeGreaterThan(moment.beforeTime);
    // Before the teardown step both runs agree, so the comparison can restart from there.
    expect(moment.beforeTime).toBeGreaterThan(0);
  });

  it('says when a fault changes nothing in a lesson', () => {
    const storage = lesson('ebs-zeroing');
    expect(faultMoment(storage, 'ignore-tenancy', storage.seed ?? 1)).toBeNull();
  });
});
