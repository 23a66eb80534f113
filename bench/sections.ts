import type { BenchSection } from './types';
import { engineBench } from './engine';
import { transitionsBench } from './transitions';
import { memoryBench } from './memory';
import { storageBench } from './storage';
import { tenancyBench } from './tenancy';
import { seekBench } from './seek';
import { recordingBench } from './recording';
import { exportBench } from './export';
import { networkBench } from './network';
import { lessonsBench } from './lessons';
import { scalingBench } from './scaling';
import { renderBench } from './render';

/** Every benchmark section, in report order. */
export const SECTIONS: readonly BenchSection[] = [engineBench, transitionsBench, memoryBench, storageBench, tenancyBench, networkBench, seekBench, lessonsBench, recordingBench, exportBench, renderBench, scalingBench];
