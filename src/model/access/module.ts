import type { SimModule } from '../module';

export const accessModule: SimModule = {
  id: 'access',
  setup(world) {
    world.access = {};
  },
};
