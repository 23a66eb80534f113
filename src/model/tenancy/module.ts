import { tenancyAuditor } from '../../audit/tenancy';
import type { SimModule } from '../module';
import { TENANCY_ACTIONS } from './actions';
import { IGNORE_TENANCY, TENANCY_HANDLERS } from './handlers';
import { buildFleet } from './setup';

export const tenancyModule: SimModule = {
  id: 'tenancy',
  actions: TENANCY_ACTIONS,
  handlers: TENANCY_HANDLERS,
  faults: [{ name: IGNORE_TENANCY, description: 'Fleet placement ignores tenancy: Dedicated Instances, Dedicated Hosts and shared hosts are filled by capacity alone' }],
  afterEvent: [tenancyAuditor],
  setup(world, lesson) {
    world.fleet = buildFleet(lesson.fleet);
  },
};
