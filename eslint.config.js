// Lint: typescript-eslint's recommended rules plus the dependency direction of ARCHITECTURE.md:
// pure pipeline stages import nothing that does I/O, and only the owning layer imports each heavy library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const io = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'kysely', 'bullmq', 'ioredis', 'express', 'sharp', 'onnxruntime-node', 'pg', 'better-sqlite3'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'map-ui/dist/**', 'data/**', 'models/training/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/pipeline/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: io.map((name) => ({ name, message: 'core/pipeline is pure: no I/O here.' })) }] },
  },
  {
    files: ['api/**/*.ts', 'core/**/*.ts', 'map-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'onnxruntime-node', message: 'Only models/ talks to onnxruntime.' }] }],
    },
  },
);
