import { describe, expect, it } from 'vitest';
import { readRuntimeEnv } from './runtime-env';

const hostile = {
  ELECTRON_RENDERER_URL: 'https://attacker.example/',
  ISOLAB_USER_DATA_DIR: '/tmp/elsewhere',
  ISOLAB_NO_PROTOCOL_REGISTRATION: '1',
};

describe('dev and test environment variables', () => {
  it('are ignored when the app is packaged', () => {
    expect(readRuntimeEnv(hostile, true)).toEqual({ skipProtocolRegistration: false });
  });

  it('are read in development and tests', () => {
    expect(readRuntimeEnv({ ...hostile, ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toEqual({
      devServerUrl: 'http://localhost:5173/',
      userDataDir: '/tmp/elsewhere',
      skipProtocolRegistration: true,
    });
  });

  it('take only an http(s) dev server URL', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'not a url', '']) {
      expect(readRuntimeEnv({ ELECTRON_RENDERER_URL: url }, false).devServerUrl).toBeUndefined();
    }
  });
});
