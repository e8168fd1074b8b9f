// How the portal arrives (issue 15): the static shell painted before the wasm, every page outside
// the board arriving as its own chunk (by navigation and by a hard load), and a chunk that fails
// to arrive: "reconnecting" where the page would be, the page once the network is back, and an
// app that keeps working.
import { expect, test, type Page } from '@playwright/test';
import { ESTABLISHED, expectAccessible, loginToBoard, navTo, screenshot, watchConsole } from './helpers';

const CHUNK = /\/split-[0-9a-f]+\/[^/]+\.wasm$/;
const MAIN_WASM = /\/partner-portal-[0-9a-f]+_bg\.wasm$/;

/** A navigation inside the app (the router's own popstate path), not a reload. */
async function navigateInApp(page: Page, path: string) {
  await page.evaluate((path) => {
    history.pushState(null, '', path);
    dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
}

/** Holds the main wasm back until the returned function is called. */
async function holdWasm(page: Page): Promise<() => Promise<void>> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(MAIN_WASM, async (route) => {
    await held;
    await route.continue();
  });
  // Released, the route lets the module through (a later hold's route comes first).
  return async () => release();
}

/** Counts the chunks the page fetches. */
function countChunks(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (CHUNK.test(r.url())) n += 1;
  });
  return () => n;
}

test('the login card and the board frame are painted before the wasm arrives, then the app takes over', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  const release = await holdWasm(page);
  await page.goto('/login');
  // No wasm yet: the static shell is what the partner sees.
  await expect(page.locator('#boot .boot-login')).toBeVisible();
  await expect(page.locator('#boot .boot-login h1')).toHaveText('Log in');
  await expect(page.locator('#boot .boot-app')).toBeHidden();
  await screenshot(page, testInfo, 'boot-login');
  const shellBox = await page.locator('#boot .login-card').boundingBox();
  await release();
  await expect(page.getByTestId('login-form')).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
  // The app's card sits where the static one was: nothing jumps.
  const appBox = await page.getByTestId('login-form').boundingBox();
  expect(Math.abs((appBox?.y ?? 0) - (shellBox?.y ?? 99))).toBeLessThan(2);
  expect(Math.abs((appBox?.height ?? 0) - (shellBox?.height ?? 99))).toBeLessThan(2);

  await page.getByLabel('Email').fill(ESTABLISHED);
  await page.getByLabel('Password').fill('portal-demo');
  await page.getByTestId('login-submit').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Job board' })).toBeVisible();

  // A hard load of the board while logged in: the frame and the board's head first.
  const releaseBoard = await holdWasm(page);
  await page.goto('/board');
  await expect(page.locator('#boot .boot-board h1')).toHaveText('Job board');
  await expect(page.locator('#boot .app-header')).toBeVisible();
  await screenshot(page, testInfo, 'boot-board');
  const headerBox = await page.locator('#boot .app-header').boundingBox();
  await releaseBoard();
  await expect(page.locator('header.app-header nav')).toBeVisible();
  await expect(page.locator('#boot')).toHaveCount(0);
  const appHeader = await page.locator('header.app-header').boundingBox();
  expect(Math.abs((appHeader?.height ?? 0) - (headerBox?.height ?? 99))).toBeLessThan(2);
  expect(errors).toEqual([]);
});

test('every page outside the board arrives as its own chunk, by navigation and by a hard load', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  const chunks = countChunks(page);
  await loginToBoard(page, ESTABLISHED);
  await expect(page.getByTestId('result-count')).toBeVisible();
  const pages: [string, string][] = [
    ['Counteroffers', 'My counteroffers'],
    ['My orders', 'My orders'],
    ['Payouts', 'Payouts'],
    ['Score', 'Partner Success Score'],
    ['Notifications', 'Notifications'],
    ['Settings', 'Settings'],
  ];
  for (const [link, heading] of pages) {
    const before = chunks();
    await navTo(page, link);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    expect(chunks(), `${link} came as a chunk`).toBeGreaterThan(before);
  }
  await navTo(page, 'Score');
  await page.getByTestId('what-if-link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'What if…' })).toBeVisible();

  // An order and the pages under it, by navigation.
  await navTo(page, 'My orders');
  await page.locator('main a[href^="/orders/"]').first().click();
  await expect(page.getByTestId('order-title')).toBeVisible();
  const id = Number(new URL(page.url()).pathname.split('/')[2]);
  for (const path of [`/orders/${id}/ship`, `/orders/${id}/invoice`, `/orders/${id}/shipments/1/label`]) {
    const before = chunks();
    await navigateInApp(page, path);
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.locator('main h1')).not.toHaveText('Page not found');
    expect(chunks(), `${path} came as a chunk`).toBeGreaterThan(before);
  }
  await navTo(page, 'Job board');
  await expect(page.getByRole('heading', { level: 1, name: 'Job board' })).toBeVisible();

  // Hard loads: the page's chunk arrives before it shows; nothing is lost on the way.
  await page.goto(`/orders/${id}`);
  await expect(page.getByTestId('order-title')).toBeVisible();
  await screenshot(page, testInfo, 'hard-load-order');
  await expectAccessible(page);
  await page.goto('/score/what-if');
  await expect(page.getByRole('heading', { level: 1, name: 'What if…' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a chunk that does not arrive: reconnecting where the page would be, the page once it arrives, and the app goes on', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  await loginToBoard(page, ESTABLISHED);
  await expect(page.getByTestId('result-count')).toBeVisible();
  const payouts = /\/split-[0-9a-f]+\/split_payouts\.wasm$/;
  let refused = 0;
  // The network is gone for the first two tries.
  await page.route(payouts, async (route) => {
    if (refused < 2) {
      refused += 1;
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  await navTo(page, 'Payouts');
  await expect(page.getByTestId('reconnecting')).toBeVisible();
  await expect(page.getByTestId('reconnecting')).toContainText('Reconnecting');
  await screenshot(page, testInfo, 'chunk-reconnecting');
  await expect(page.getByRole('heading', { level: 1, name: 'Payouts' })).toBeVisible({ timeout: 15_000 });
  expect(refused).toBe(2);
  await expect(page.getByTestId('reconnecting')).toHaveCount(0);

  // The app goes on: other pages, the board and its dialogs.
  await navTo(page, 'Score');
  await expect(page.getByRole('heading', { level: 1, name: 'Partner Success Score' })).toBeVisible();
  await navTo(page, 'Job board');
  await expect(page.getByRole('heading', { level: 1, name: 'Job board' })).toBeVisible();
  await page.getByTestId('decline').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // A hard load whose page chunk fails first.
  await page.unroute(payouts);
  const notifications = /\/split-[0-9a-f]+\/split_notifications\.wasm$/;
  let once = false;
  await page.route(notifications, async (route) => {
    if (!once) {
      once = true;
      await route.abort('internetdisconnected');
    } else {
      await route.continue();
    }
  });
  await page.goto('/notifications');
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible({ timeout: 15_000 });
  expect(once).toBe(true);
  // Only the refused fetches were logged, nothing else went wrong.
  expect(errors.filter((e) => !/Failed to fetch|split_(payouts|notifications)/.test(e))).toEqual([]);
});
