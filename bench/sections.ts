import type { BenchSection } from './types';
import { engineBench } from './engine';
import { transitionsBench } from './transitions';
import { memoryBench } from './memory';
import { storageBench } from './storage';
import { tenancyBench } from './tenancy';
import { seekBench } from './seek';
import { recordingBench } from './recording';

/** Every benchmark section, in report order. */
export const SECTIONS: readonly BenchSection[] = [engineBench, transitionsBench, memoryBench, storageBench, tenancyBench, seekBench, recordingBench];
