import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
    // The sandbox's browser tests have their own config (vitest.sandbox.config.ts).
    exclude: ['tests/sandbox-browser/**', 'node_modules/**'],
    restoreMocks: true,
  },
})
