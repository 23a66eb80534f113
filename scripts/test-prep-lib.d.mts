export interface Tool {
  name: string;
  package: string;
  path: string;
}
export const TOOLS: Tool[];
export function missingTools(tools?: Tool[], exists?: (path: string) => boolean): Tool[];
export function installCommand(missing: Tool[]): string;
