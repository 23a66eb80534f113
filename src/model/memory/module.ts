import type { SimModule } from '../module';

export const memoryModule: SimModule = {
  id: 'memory',
  setup(world) {
    world.memory = {};
  },
};
