import type { SimModule } from '../module';

export const storageModule: SimModule = {
  id: 'storage',
  setup(world) {
    world.storage = {};
  },
};
