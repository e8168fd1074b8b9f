// The end-to-end suite: the release SPA served by portal-api with a fresh demo database, in
// Debian's Chromium (never a downloaded browser). `cargo xtask test` starts the server and sets
// BASE_URL and ARTIFACTS_DIR.
import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One server, one database, two cores: run serially so tests see a predictable board.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: process.env.ARTIFACTS_DIR ? `${process.env.ARTIFACTS_DIR}/test-results` : 'test-results',
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:8080',
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Devices in a shop's own zone (issue 17: screens show the device's local time, never UTC):
    // the office laptop in Chicago, the tablet in Berlin.
    { name: 'laptop', use: { viewport: { width: 1366, height: 768 }, timezoneId: 'America/Chicago' } },
    { name: 'tablet', use: { viewport: { width: 768, height: 1024 }, hasTouch: true, timezoneId: 'Europe/Berlin' } },
  ],
});
