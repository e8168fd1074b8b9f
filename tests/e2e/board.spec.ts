import { expect, test } from '@playwright/test';
import { ESTABLISHED, FROZEN, PASSWORD, PROBATION, expectAccessible, loginToBoard, revealJob, screenshot, watchConsole } from './helpers';

test('the board lists matched jobs with live countdowns', async ({ page }, testInfo) => {
  const consoleErrors = watchConsole(page);
  await loginToBoard(page, ESTABLISHED);
  const jobs = page.getByTestId('job');
  await expect(jobs.first()).toBeVisible();
  // The first 20 rows are drawn; "Show more" adds the next 20.
  await expect(jobs).toHaveCount(20);
  await page.getByTestId('show-more').click();
  await expect(jobs).toHaveCount(40);
  const first = jobs.first();
  await expect(first.getByTestId('price')).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(first).toContainText('Matches:');
  const countdown = first.getByTestId('time-left');
  const before = await countdown.innerText();
  await expect(countdown).not.toHaveText(before, { timeout: 5_000 });
  await expectAccessible(page);
  await screenshot(page, testInfo, 'board');
  expect(consoleErrors, 'no console errors or CSP violations').toEqual([]);
});

// The live stream's start is not a change: the board and the notices are read again at its first
// `ready` only when something happened between the read and the stream (x-live-version below the
// stream's count). A second read of the same count is the waste this guards against.
test('a hard load of the board reads the jobs and the notices once, unless the live stream saw a change', async ({ page }) => {
  // Logged in by the API, so the only page load is the board's.
  const login = await page.request.post('/api/v1/session', {
    headers: { 'X-Requested-With': 'partner-portal' },
    data: { email: ESTABLISHED, password: PASSWORD },
  });
  expect(login.status()).toBe(200);
  const reads: Record<string, number[]> = { '/api/v1/jobs': [], '/api/v1/notifications': [] };
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    const version = res.headers()['x-live-version'];
    if (path in reads && version) reads[path].push(Number(version.split(' ')[2]));
  });
  await page.goto('/board');
  await expect(page.getByTestId('job').first()).toBeVisible();
  // The stream is open and its first `ready` handled well within this.
  await page.waitForTimeout(2_000);
  for (const [path, counts] of Object.entries(reads)) {
    expect(counts.length, `${path} read at least once`).toBeGreaterThan(0);
    // Each further read follows an event: it answers at a higher count than the one before.
    for (let i = 1; i < counts.length; i++) expect(counts[i], `${path} read again without a change: ${counts}`).toBeGreaterThan(counts[i - 1]);
  }
});

test('filters live in the URL and survive a reload and the back button', async ({ page }) => {
  await loginToBoard(page, ESTABLISHED);
  await expect(page.getByTestId('job').first()).toBeVisible();
  const total = async () => Number((await page.getByTestId('result-count').innerText()).split(' of ')[0]);
  const all = await total();
  // Issue 17: only combinations on the board are offered, each with its count; the material
  // list follows the process (no nylon among CNC jobs).
  const materials = page.getByTestId('filter-material').locator('option');
  await expect(materials.filter({ hasText: /^Nylon PA12 \(\d+\)$/ })).toHaveCount(1);
  await page.getByTestId('filter-process').selectOption('cnc_milling');
  await expect(page).toHaveURL(/process=cnc_milling/);
  await expect(materials.filter({ hasText: 'Nylon' })).toHaveCount(0);
  await expect(materials.filter({ hasText: /^Aluminum 6061 \(\d+\)$/ })).toHaveCount(1);
  await expect(page.getByTestId('filter-process').locator('option', { hasText: /^SLS \(\d+\)$/ })).toHaveCount(1);
  await page.getByTestId('sort').selectOption('price');
  await expect(page).toHaveURL(/process=cnc_milling&sort=price/);
  await page.reload();
  await expect(page.getByTestId('filter-process')).toHaveValue('cnc_milling');
  await expect(page.getByTestId('sort')).toHaveValue('price');
  const rows = page.getByTestId('job');
  await expect(rows.first()).toBeVisible();
  expect(await total()).toBeLessThan(all);
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    await expect(rows.nth(i)).toContainText('CNC milling');
  }
  const prices = await rows.getByTestId('price').allInnerTexts();
  const cents = prices.map((p) => Number(p.replace(/[^\d]/g, '')));
  expect(cents).toEqual([...cents].sort((a, b) => b - a));
  await page.goBack();
  await expect(page).toHaveURL(/process=cnc_milling$/);
  await expect(page.getByTestId('sort')).toHaveValue('time_left');
});

test('accepting a job, after confirming, moves it to My orders', async ({ page }, testInfo) => {
  await loginToBoard(page, ESTABLISHED);
  const row = page.getByTestId('job').filter({ has: page.getByTestId('accept') }).first();
  await expect(row).toBeVisible();
  const reference = await row.getAttribute('data-reference');
  const part = await row.locator('.part-name').innerText();
  await row.getByTestId('accept').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(part);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'board-accept-dialog');
  // Cancel first: nothing happens.
  await page.getByTestId('dialog-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(`[data-reference="${reference}"]`)).toBeVisible();
  await row.getByTestId('accept').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page).toHaveURL(/\/orders\?accepted=\d+/);
  await expect(page.getByTestId('accepted-banner')).toContainText(part);
  await expect(page.locator('[data-testid="order"].highlight')).toContainText(part);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'orders-after-accept');
  await page.getByRole('link', { name: 'Job board' }).click();
  await expect(page.getByTestId('job').first()).toBeVisible();
  await expect(page.locator(`[data-reference="${reference}"]`)).toHaveCount(0);
});

test('the probation partner sees an over-limit job it cannot accept, and why', async ({ page }, testInfo) => {
  await loginToBoard(page, PROBATION);
  await expect(page.getByTestId('probation-banner')).toContainText('$5,000.00');
  const pump = await revealJob(page, 'J-24001');
  await expect(pump).toBeVisible();
  await expect(pump.getByTestId('price')).toHaveText('$7,800.00');
  await expect(pump.getByTestId('blocked-reason')).toContainText('Over the probation limit');
  await expect(pump.getByTestId('blocked-reason')).toContainText('$5,000.00');
  await expect(pump.getByTestId('accept')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'board-probation');
});

test('the frozen partner sees why and whom to contact', async ({ page }, testInfo) => {
  await loginToBoard(page, FROZEN);
  const notice = page.getByTestId('frozen-notice');
  await expect(notice).toContainText('Your account is frozen');
  await expect(notice).toContainText('30 days');
  await expect(notice.getByRole('link')).toHaveAttribute('href', /^mailto:/);
  await expect(page.getByTestId('job')).toHaveCount(0);
  // Nothing to filter and no limits to explain while frozen.
  await expect(page.getByTestId('filter-process')).toHaveCount(0);
  await expect(page.getByTestId('probation-banner')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'board-frozen');
});

test('a lost connection shows an error with a retry that recovers', async ({ page }, testInfo) => {
  await loginToBoard(page, ESTABLISHED);
  await expect(page.getByTestId('job').first()).toBeVisible();
  // Cut the connection to the board's endpoint only (the server itself is real and running).
  await page.route('**/api/v1/jobs', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByTestId('error-panel')).toContainText('cannot be reached');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'board-unreachable');
  await page.unroute('**/api/v1/jobs');
  await page.getByTestId('retry').click();
  await expect(page.getByTestId('job').first()).toBeVisible();
});

test('an accept whose answer was lost is retried with the same key: one order', async ({ page }, testInfo) => {
  await loginToBoard(page, ESTABLISHED);
  const ordersBefore = (await (await page.request.get('/api/v1/orders')).json()).orders.length;
  const row = page.getByTestId('job').filter({ has: page.getByTestId('accept') }).first();
  const part = await row.locator('.part-name').innerText();
  // The request reaches the real server, which accepts; the answer never comes back.
  await page.route('**/api/v1/jobs/*/accept', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  await row.getByTestId('accept').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('dialog-error')).toContainText('cannot be reached');
  await expect(page.getByTestId('dialog-confirm')).toHaveText('Try again');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'board-accept-lost-answer');
  await page.unroute('**/api/v1/jobs/*/accept');
  await page.getByTestId('dialog-confirm').click();
  await expect(page).toHaveURL(/\/orders\?accepted=\d+/);
  await expect(page.getByTestId('accepted-banner')).toContainText(part);
  const ordersAfter = (await (await page.request.get('/api/v1/orders')).json()).orders.length;
  expect(ordersAfter).toBe(ordersBefore + 1);
});
