import { defineConfig } from 'vitest/config';

// Front-end logic tests (src/web/**/*.test.ts). Server and browser tests run on node's runner.
export default defineConfig({ test: { include: ['src/web/**/*.test.ts'], environment: 'node' } });
