import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the isolab bin', () => {
  it('runs from source through node (shebang + tsx wiring) and exits with the contract codes', () => {
    const bin = join(process.cwd(), 'cli', 'bin', 'isolab.js');
    const ok = spawnSync(process.execPath, [bin, 'run', 'hello-host', '--json'], { encoding: 'utf8', timeout: 30_000 });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ target: 'hello-host', stateHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const bad = spawnSync(process.execPath, [bin, 'run', 'hello-host', '--seed', 'x'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
