import dedicatedInstanceVsHost from './dedicated-instance-vs-host.json';
import licensingOnDedicatedHosts from './licensing-on-dedicated-hosts.json';

/** Built-in lessons of this area: import each JSON file and list it here. */
export const tenancyLessons: readonly unknown[] = [dedicatedInstanceVsHost, licensingOnDedicatedHosts];
