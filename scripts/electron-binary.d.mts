export function executableName(platform?: NodeJS.Platform): string;
export function findElectronBinary(options?: {
  env?: NodeJS.ProcessEnv;
  root?: string;
  platform?: NodeJS.Platform;
}): { found: true; path: string; source: string } | { found: false; reason: string };
