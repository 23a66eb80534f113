import type { SimModule } from '../module';

export const tenancyModule: SimModule = {
  id: 'tenancy',
  setup(world) {
    world.fleet = {};
  },
};
