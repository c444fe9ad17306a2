import { defineConfig, devices } from '@playwright/test';

// Debian's chromium: Playwright's own browser download does not work here.
// BASE_URL is set by `./dev test`, which starts the server first.
export default defineConfig({
  testDir: './tests',
  // A real SMTP server on loopback for the one-time codes (support/smtp.ts).
  globalSetup: './support/smtp.ts',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Phones first (REQUIREMENTS §4): a 360 px wide viewport.
    { name: 'phone', use: { ...devices['Pixel 5'], viewport: { width: 360, height: 780 }, defaultBrowserType: 'chromium' } },
  ],
});
