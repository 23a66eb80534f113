import type { CliCommand } from '../command';

/** Placeholder: the tenancy work replaces this with the Dedicated Host capacity catalog. */
export const capacityCommand: CliCommand = {
  name: 'capacity',
  summary: 'Dedicated Host capacity per instance family (not built yet)',
  usage: 'isolab capacity [family] [--json]',
  async run(_args, io) {
    io.err('capacity: not built yet');
    return 2;
  },
};
