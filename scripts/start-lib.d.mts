export function shouldTryDownload(binary: { found: boolean; reason?: string }, env: NodeJS.ProcessEnv): boolean;
export function fallbackLine(reason: string): string;
export function browserOpener(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { command: string; args: string[] } | null;
