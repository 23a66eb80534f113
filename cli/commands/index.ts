import type { CliCommand } from '../command';
import { capacityCommand } from './capacity';
import { exportVideoCommand } from './export-video';
import { lessonsCommand } from './lessons';
import { replayCommand } from './replay';
import { runCommand } from './run';
import { schemasCommand } from './schemas';
import { validateCommand } from './validate';

/** Every `isolab` subcommand, in the order `isolab --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [lessonsCommand, runCommand, validateCommand, replayCommand, exportVideoCommand, schemasCommand, capacityCommand];
