// Issue 17: the portal's chrome as a shop uses it at 1366x768 and on a 768x1024 tablet: a
// compact header, 44 px targets on every page, dialogs that fit and give the focus back, lists
// that grow, units as the partner reads them, the score page explained, and a session that ends
// during a wizard.
import { expect, test, type Page } from '@playwright/test';
import {
  ESTABLISHED, PASSWORD, PNG, PROBATION, expectAccessible, logOut, loginAt, loginToBoard, navTo, postJob, revealJob, screenshot,
  startServerAt,
} from './helpers';

const tablet = (p: { name: string }) => p.name === 'tablet';

/** Every interactive element on screen that is less than 44 px high (a checkbox or radio by its label). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (e: Element) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('.visually-hidden, .skip-link, [inert], #boot');
    };
    for (const e of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')) {
      if (!visible(e)) continue;
      const input = e as HTMLInputElement;
      const target = (input.type === 'checkbox' || input.type === 'radio') ? (e.closest('label') ?? e) : e;
      const h = target.getBoundingClientRect().height;
      if (h < 44) out.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${(e.textContent ?? '').trim().slice(0, 30)}" ${h.toFixed(0)}px`);
    }
    return out;
  });
}

test('the tablet header is one compact row with a Menu for the rest; the laptop shows every link', async ({ page }, testInfo) => {
  await loginToBoard(page, ESTABLISHED);
  const header = page.locator('header.app-header');
  const box = await header.boundingBox();
  const menu = page.getByTestId('menu-button');
  if (tablet(testInfo.project)) {
    expect(box!.height).toBeLessThanOrEqual(64);
    await expect(page.getByRole('link', { name: 'Payouts' })).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('link', { name: 'Payouts' })).toBeVisible();
    await expect(page.getByTestId('logout')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, testInfo, 'header-menu-open');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('link', { name: 'Payouts' })).toBeHidden();
    await expect(menu).toBeFocused();
    // A link of the menu takes the partner there and closes it.
    await navTo(page, 'Payouts');
    await expect(page.getByRole('heading', { level: 1, name: 'Payouts' })).toBeVisible();
    await expect(page.getByTestId('nav-more')).toBeHidden();
  } else {
    expect(box!.height).toBeLessThanOrEqual(64);
    await expect(menu).toBeHidden();
    for (const name of ['Job board', 'My orders', 'Notifications', 'Counteroffers', 'Payouts', 'Score', 'Settings']) {
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })).toBeVisible();
    }
  }
  await screenshot(page, testInfo, 'header');
});

test('every link, button and field is at least 44 px high on a tablet, on every page', async ({ page, request }, testInfo) => {
  test.skip(!tablet(testInfo.project), 'the tablet rule');
  test.setTimeout(90_000);
  const job = await postJob(request, testInfo, { part_name: 'Target bracket' });
  await loginToBoard(page, ESTABLISHED);
  const orders = await (await page.request.get('/api/v1/orders')).json();
  const open = orders.orders.find((o: { status: string }) => o.status === 'in_production');
  // The demo's delivered store order: its documents, its return form.
  const storeOrders = (await (await page.request.get('/api/v1/store/orders')).json()).orders;
  const delivered = storeOrders.find((o: { lines: { status: string }[] }) => o.lines.every((l) => l.status === 'delivered'));
  const paths = [
    '/board', `/jobs/${job.id}`, '/orders', `/orders/${open.id}`, `/orders/${open.id}/ship`, '/counteroffers',
    '/notifications', '/payouts', '/score', '/score/what-if', '/settings', '/store', '/store/products/AL6061-SH-0125',
    '/store/cart', '/store/orders', `/store/orders/${delivered.id}`,
  ];
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    await expect(page.getByTestId('loading')).toHaveCount(0);
    // With the menu open too: its links are targets as well.
    if (path === '/board') {
      await page.getByTestId('menu-button').click();
    }
    for (const small of await smallTargets(page)) found.push(`${path}: ${small}`);
  }
  await logOut(page);
  await expect(page.getByTestId('login-form')).toBeVisible();
  for (const small of await smallTargets(page)) found.push(`/login: ${small}`);
  expect(found).toEqual([]);
});

test('the decline dialog fits the laptop screen and gives the focus back to its button', async ({ page, request }, testInfo) => {
  const job = await postJob(request, testInfo, { part_name: 'Decline bracket' });
  await loginToBoard(page, ESTABLISHED);
  const row = await revealJob(page, job.reference);
  const decline = row.getByTestId('decline');
  await decline.click();
  const dialog = page.getByTestId('decline-dialog');
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  await expect(page.getByTestId('dialog-confirm')).toBeInViewport();
  await expect(page.getByTestId('dialog-cancel')).toBeInViewport();
  await screenshot(page, testInfo, 'decline-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(decline).toBeFocused();
});

test('My orders: open orders first, closed ones behind the filter, long part lists folded', async ({ page }, testInfo) => {
  await loginToBoard(page, ESTABLISHED);
  await navTo(page, 'My orders');
  const rows = page.getByTestId('order');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('order-count')).toContainText('closed or handed back under the Stage filter');
  // Only open orders by default.
  const statuses = await rows.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  expect(statuses.some((t) => t.includes('Closed'))).toBeFalsy();
  // The kit of six parts is folded to a count and opens.
  const kit = page.getByTestId('part-names').filter({ hasText: '6 parts' });
  await expect(kit).toBeVisible();
  await expect(kit.getByText('Spacer')).toBeHidden();
  await kit.locator('summary').click();
  await expect(kit.getByText('Spacer')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'orders-open');
  // Every order, paged: "Show more" adds the next ones.
  await page.getByTestId('order-stage').selectOption('all');
  await expect(page.getByTestId('orders-show-more')).toBeVisible();
  const before = await rows.count();
  expect(before).toBe(20);
  await page.getByTestId('orders-show-more').click();
  await expect.poll(() => rows.count()).toBeGreaterThan(before);
  await page.getByTestId('order-stage').selectOption('finished');
  await expect(rows.first()).toContainText(/Closed|Handed back/);

  // The kit's page: six lines, four shown first; quantities per line; drawings per line.
  await page.getByTestId('order-stage').selectOption('');
  await page.getByTestId('order').filter({ hasText: 'Fixture' }).getByRole('link').first().click();
  const lines = page.getByTestId('order-line');
  await expect(lines).toHaveCount(4);
  await page.getByTestId('lines-toggle').click();
  await expect(lines).toHaveCount(6);
  await expect(lines.filter({ hasText: 'Locating pin' }).getByTestId('line-quantity')).toHaveText('6');
  await expect(lines.filter({ hasText: 'Locating pin' })).toContainText('0.472 × 0.472 × 1.575 in');
  await expect(page.getByTestId('next-step')).toBeVisible();
  // On a tablet the floor's work comes first: quality control and shipping before the check-ins.
  const y = async (id: string) => (await page.getByTestId(id).boundingBox())!.y;
  if (tablet(testInfo.project)) {
    expect(await y('shipping')).toBeLessThan(await y('check-ins'));
  } else {
    expect(await y('check-ins')).toBeLessThan(await y('shipping'));
  }
  await expectAccessible(page);
  await screenshot(page, testInfo, 'order-kit');
});

test('units and paper follow the market and change in Settings; machines can be typed in inches', async ({ page, request }, testInfo) => {
  const job = await postJob(request, testInfo, { part_name: 'Units bracket' });
  await loginToBoard(page, PROBATION);
  await navTo(page, 'Settings');
  await expect(page.getByTestId('units-imperial')).toBeChecked();
  await expect(page.getByTestId('paper-letter')).toBeChecked();
  // Machines in inches: 30 in is kept as 762 mm.
  await page.getByTestId('envelope-in').check();
  await expect(page.getByLabel('Length X (in)').first()).toBeVisible();
  const x = page.getByTestId('machine-0-x_mm');
  await x.fill('30');
  await page.getByTestId('envelope-mm').check();
  await expect(x).toHaveValue('762');
  await page.getByTestId('envelope-in').check();
  await expect(x).toHaveValue('30.000');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'settings-units');
  // Millimetres instead: every page follows, and it is kept for the next visit.
  await page.getByTestId('units-metric').check();
  await expect(page.getByTestId('display-status')).toContainText('Saved');
  await page.goto(`/jobs/${job.id}`);
  await expect(page.getByTestId('job-size')).toHaveText('90 × 60 × 20 mm');
  await page.goto('/settings');
  await expect(page.getByTestId('units-metric')).toBeChecked();
  await page.getByTestId('units-imperial').check();
  await expect(page.getByTestId('display-status')).toContainText('Saved');
});

test('the score page: one on-time figure explained, dated axis, markers where it moved; a provisional score promises no tier', async ({ page }, testInfo) => {
  await loginToBoard(page, ESTABLISHED);
  await navTo(page, 'Score');
  await expect(page.getByTestId('ots-explained')).toContainText('average credit per job');
  await expect(page.getByTestId('axis-date')).toHaveCount(6);
  await expect(page.getByTestId('event-mark').first()).toBeAttached();
  await expect(page.locator('[data-testid="event-mark"] title').first()).toContainText(/RMA|late/);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'score-page');
  await logOut(page);
  await loginToBoard(page, PROBATION);
  await navTo(page, 'Score');
  await expect(page.getByTestId('provisional')).toBeVisible();
  await expect(page.getByTestId('next-tier')).toContainText('Tiers count once your score settles');
  await expect(page.getByTestId('next-tier')).not.toContainText('+');
  await screenshot(page, testInfo, 'score-provisional');
});

test('a session that ends during the shipping wizard: the page stays, log in again in place, the draft is kept', async ({ page, request, browser }, testInfo) => {
  const job = await postJob(request, testInfo, { part_name: 'Session bracket', quantity: 5 });
  await loginToBoard(page, ESTABLISHED);
  const row = await revealJob(page, job.reference);
  await row.getByTestId('accept').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page).toHaveURL(/\/orders\?accepted=\d+/);
  const id = new URL(page.url()).searchParams.get('accepted');
  await page.goto(`/orders/${id}/ship`);
  await page.locator('[data-testid^="qty-"][data-testid$="-all"]').first().click();
  await page.getByTestId('wizard-continue').click();
  await expect(page).toHaveURL(/step=2/);
  // A US shop's package: inches and pounds first.
  await expect(page.getByTestId('length-unit')).toHaveValue('in');
  await page.getByTestId('length').fill('30');
  await page.getByTestId('width').fill('20');

  // From the office computer, the partner logs out every other device.
  const office = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const headers = { 'X-Requested-With': 'partner-portal' };
  expect((await office.request.post('/api/v1/session', { data: { email: ESTABLISHED, password: PASSWORD }, headers })).ok()).toBeTruthy();
  expect((await office.request.post('/api/v1/sessions/end-others', { headers })).ok()).toBeTruthy();
  await office.close();

  // The tablet's next call finds the session gone: the wizard stays under a dialog.
  await page.getByTestId('package-photo').setInputFiles({ name: 'packed.png', mimeType: 'image/png', buffer: PNG });
  const dialog = page.getByTestId('relogin-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Your session has ended');
  await expect(page).toHaveURL(/step=2/);
  await expect(page.getByTestId('relogin-password')).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'session-ended-in-wizard');
  await page.getByTestId('relogin-password').fill(PASSWORD);
  await page.getByTestId('relogin-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/step=2/);
  await expect(page.getByTestId('length')).toHaveValue('30');
  await expect(page.getByTestId('width')).toHaveValue('20');
  await page.getByTestId('package-photo').setInputFiles({ name: 'packed.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('package-photo-preview')).toBeVisible();
});

test('a payment date on a weekend says the business day the money arrives (R-INV-5)', async ({ page }, testInfo) => {
  // 14 and 28 February 2027 are Sundays.
  const server = await startServerAt('2027-01-12T15:00:00Z', `weekend-${testInfo.project.name}`);
  try {
    await loginAt(page, server.url, ESTABLISHED);
    await navTo(page, 'Payouts');
    const feb14 = page.locator('[data-testid="calendar-day"][data-date="2027-02-14"]');
    await expect(feb14).toContainText('Mon 15 Feb 2027');
    await expect(feb14).toContainText('the 14th is a Sunday: paid the next business day');
    await expect(page.locator('[data-testid="calendar-day"][data-date="2027-01-28"]')).toContainText('Thu 28 Jan 2027');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'payouts-weekend');
  } finally {
    server.stop();
  }
});
