import type { SimModule } from '../module';

export const cpuModule: SimModule = {
  id: 'cpu',
  setup(world) {
    world.cpu = {};
  },
};
