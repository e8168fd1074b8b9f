// Issue 18 (R-EMB-1): the board embedded in a partner's own site. The host pages are served from
// other origins (other ports on 127.0.0.1) by a plain HTTP server in this test.
import { test, expect, type Page, type FrameLocator } from '@playwright/test';
import * as http from 'node:http';
import {
  ESTABLISHED,
  expectAccessible,
  freePort,
  loginToBoard,
  navTo,
  postJob,
  screenshot,
  watchConsole,
} from './helpers';

type Host = { origin: string; stop: () => Promise<void> };

/** A partner's website: a heading, some text, and the snippet in the middle. */
function hostPage(snippet: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Machining</title>
<style>body{font-family:Georgia,serif;max-width:52rem;margin:0 auto;padding:1rem;color:#222;background:#fafafa}
#jobs script{--portal-accent:#a32200;--portal-radius:2px;--portal-font:Georgia, serif}</style></head>
<body><header><h1>Acme Machining</h1><p>Precision parts since 1987. What our shop floor is making this week:</p></header>
<main><section id="jobs" aria-label="Our current jobs">${snippet}</section></main>
<footer><p>Acme Machining, 1 Mill Road, Dayton, OH</p></footer></body></html>`;
}

async function startHost(pages: Record<string, string>): Promise<Host> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const body = pages[(req.url ?? '/').split('?')[0]];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { origin: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Makes a key in Settings for `origin` and answers its secret (read from the snippet). */
async function makeKey(page: Page, origin: string, name: string, prices: boolean): Promise<string> {
  if (!page.url().endsWith('/settings')) await navTo(page, 'Settings');
  const form = page.getByTestId('embed-form');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Sites it may be shown on').fill(origin);
  if (prices) await page.getByTestId('embed-prices').check();
  await page.getByTestId('embed-theme').selectOption('dark');
  await page.getByTestId('embed-create').click();
  const snippet = await page.getByTestId('embed-script').inputValue();
  const key = /data-key="([^"]+)"/.exec(snippet)?.[1];
  expect(key, snippet).toBeTruthy();
  return key!;
}

function jobsIn(frame: FrameLocator) {
  return frame.locator('li.job');
}

test('embed: a key is made in Settings, checked, previewed and shown on the partner\'s site', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await loginToBoard(page, ESTABLISHED);
  await navTo(page, 'Settings');
  // A bad origin is named beside the field, and nothing is made.
  const form = page.getByTestId('embed-form');
  await form.getByLabel('Name').fill('Website');
  await form.getByLabel('Sites it may be shown on').fill('http://acme.example');
  await page.getByTestId('embed-create').click();
  await expect(page.getByTestId('embed-origins-error')).toContainText('not HTTPS');
  await expect(form.getByLabel('Sites it may be shown on')).toBeFocused();
  await expect(page.getByTestId('embed-new')).toHaveCount(0);

  // The partner's site: its pages are written once the key exists.
  const pages: Record<string, string> = {};
  const host = await startHost(pages);
  try {
    const key = await makeKey(page, host.origin, `Website ${testInfo.project.name}`, false);
    // The live preview is the real embed, framed by the portal itself.
    const preview = page.frameLocator('[data-testid="embed-preview"]');
    await expect(preview.locator('h1')).toContainText('Current jobs at');
    await expect(jobsIn(preview).first()).toBeVisible();
    await expect(page.getByTestId('embed-key').first()).toContainText(host.origin.replace('http://', ''));
    await expectAccessible(page);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide, 'nothing wider than the screen').toEqual([]);
    await screenshot(page, testInfo, 'settings-embed');

    // The partner's site with the script snippet, and with the plain frame.
    const script = `<script src="${process.env.BASE_URL}/embed.js" data-key="${key}" async></script>`;
    const iframe = `<iframe src="${process.env.BASE_URL}/embed/frame?key=${key}" title="Our current jobs" style="width:100%;height:480px;border:0"></iframe>`;
    pages['/'] = hostPage(script);
    pages['/plain.html'] = hostPage(iframe);
    const allowed = host;
    {
      await page.goto(`${allowed.origin}/`);
      const frame = page.frameLocator('#jobs iframe');
      await expect(page.locator('#jobs iframe')).toHaveAttribute('title', 'Current jobs');
      await expect(frame.locator('h1')).toContainText('Current jobs at');
      // The first ten jobs, then every one on request (from the keyboard here).
      await expect(jobsIn(frame)).toHaveCount(10);
      // (The demo's board moves while the suite runs: counts are compared, not fixed.)
      const showAll = frame.getByRole('button', { name: /Show all \d+ jobs/ });
      await showAll.focus();
      await showAll.press('Enter');
      await expect(showAll).toHaveCount(0);
      await expect.poll(() => jobsIn(frame).count()).toBeGreaterThan(10);
      await expect(jobsIn(frame).nth(10).locator('a')).toBeFocused();
      await expect(frame.locator('.money')).toHaveCount(0);
      await expect(frame.locator('.left').first()).toContainText('left');
      // The key's theme, and the host's accent and radius from the snippet's element.
      await expect(frame.locator('html')).toHaveAttribute('data-theme', 'dark');
      const accent = await frame.locator('html').evaluate((e) => getComputedStyle(e).getPropertyValue('--accent').trim());
      expect(accent).toBe('#a32200');
      const radius = await frame.locator('li.job').first().evaluate((e) => getComputedStyle(e).borderTopLeftRadius);
      expect(radius).toBe('2px');
      // Sized to its content: the frame's height is the board's.
      const height = async () => (await page.locator('#jobs iframe').boundingBox())!.height;
      await expect.poll(async () => Math.abs((await height()) - (await frame.locator('body').evaluate((e) => (e as HTMLElement).offsetHeight)))).toBeLessThan(2);
      const tall = await height();
      // A job posted through the operator API appears live, and the frame grows with it.
      const posted = await postJob(request, testInfo, { part_name: 'Embed bracket' });
      const link = frame.locator(`a[href$="/jobs/${posted.id}"]`);
      await expect(link).toContainText('Embed bracket');
      await expect.poll(height).toBeGreaterThan(tall);
      // Each job opens the portal in a new tab.
      await expect(link).toHaveAttribute('target', '_blank');
      await expect(link).toHaveAttribute('href', `${process.env.BASE_URL}/jobs/${posted.id}`);
      await expectAccessible(page);
      await screenshot(page, testInfo, 'embed-host-script');

      // The plain iframe form.
      await page.goto(`${allowed.origin}/plain.html`);
      await expect(page.frameLocator('#jobs iframe').locator('h1')).toContainText('Current jobs at');
      await screenshot(page, testInfo, 'embed-host-iframe');

      // A site the key does not name: the browser refuses to frame it, the frame stays empty.
      const other = await startHost(pages);
      try {
        const refused = page.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
        await page.goto(`${other.origin}/`);
        await refused;
        await expect(page.locator('#jobs iframe')).toHaveCount(1);
        await expect(page.frameLocator('#jobs iframe').locator('#board')).toHaveCount(0);
      } finally {
        await other.stop();
      }

      // Revoked in Settings: the open embed empties at once.
      // (The partner's Settings in another tab of the same browser, logged in already.)
      const partner = await page.context().newPage();
      await page.goto(`${allowed.origin}/`);
      await expect(jobsIn(frame).first()).toBeVisible();
      await partner.goto('/settings');
      const row = partner.getByTestId('embed-key').filter({ hasText: `Website ${testInfo.project.name}` });
      await row.getByTestId('embed-revoke').click();
      await expect(partner.getByTestId('revoke-key-dialog')).toBeVisible();
      await partner.getByTestId('revoke-key-dialog').getByRole('button', { name: 'Revoke key' }).click();
      await expect(row).toHaveCount(0);
      await expect(frame.locator('.note')).toHaveText('This board is no longer shared.');
      await expect(jobsIn(frame)).toHaveCount(0);
      await partner.close();
    }
  } finally {
    await host.stop();
  }
  expect(errors.filter((e) => !e.includes('frame-ancestors'))).toEqual([]);
});
