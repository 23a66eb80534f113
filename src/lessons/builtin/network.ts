import neighboursAreStrangers from './neighbours-are-strangers.json';
import securityGroupsInTheHypervisor from './security-groups-in-the-hypervisor.json';

/** Built-in lessons of the network-isolation area (issue 14). */
export const networkLessons: readonly unknown[] = [neighboursAreStrangers, securityGroupsInTheHypervisor];
