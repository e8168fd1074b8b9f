// R-JOB-8: the surge banner at a fixed clock inside and outside 10:00-12:00 New York time, on
// both sides of a daylight-saving change. Each case starts its own server (the same binary and
// SPA as the suite's) with --now, a fresh demo database, and reads the board there.
import { expect, test } from '@playwright/test';
import { ESTABLISHED, PASSWORD, expectAccessible, screenshot, startServerAt } from './helpers';

const cases = [
  // Summer (EDT, UTC-4): 14:30 UTC is 10:30 in New York, inside the window.
  { now: '2026-07-01T14:30:00Z', surge: true, name: 'summer-1030' },
  // Winter (EST, UTC-5): the same 14:30 UTC is 09:30 in New York, before the window.
  { now: '2026-11-20T14:30:00Z', surge: false, name: 'winter-0930' },
  // Winter, 15:30 UTC is 10:30 EST: inside.
  { now: '2026-11-20T15:30:00Z', surge: true, name: 'winter-1030' },
  // Winter, 17:00 UTC is 12:00 EST: the window has ended.
  { now: '2026-11-20T17:00:00Z', surge: false, name: 'winter-1200' },
];

for (const c of cases) {
  test(`surge banner at ${c.now} is ${c.surge ? 'shown' : 'not shown'}`, async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    const server = await startServerAt(c.now);
    try {
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Email').fill(ESTABLISHED);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await expect(page.getByTestId('job').first()).toBeVisible();
      if (c.surge) {
        await expect(page.getByTestId('surge-banner')).toContainText('Surge hours until 12:00 Eastern time');
        await expectAccessible(page);
        await screenshot(page, testInfo, `surge-${c.name}`);
      } else {
        await expect(page.getByTestId('surge-banner')).toHaveCount(0);
      }
    } finally {
      server.stop();
    }
  });
}
