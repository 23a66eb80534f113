#!/usr/bin/env node
// The `isolab` bin: registers tsx so the TypeScript CLI runs straight from the source tree,
// with no build step after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../isolab.ts');
