// Issue 3: decline, counteroffers won and lost, live board, notifications, capabilities.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ESTABLISHED, NEW_PARTNER, boardNewest, expectAccessible, loginToBoard, navTo, operator, postJob, screenshot, watchConsole } from './helpers';


async function asPartner(browser: Browser, email: string, viewport: { width: number; height: number } | null): Promise<Page> {
  const context = await browser.newContext({ viewport: viewport ?? undefined });
  const page = await context.newPage();
  await boardNewest(page, email);
  return page;
}

test('a job posted by the operator appears live, without a reload', async ({ page, request }, testInfo) => {
  const consoleErrors = watchConsole(page);
  await boardNewest(page, ESTABLISHED);
  const job = await postJob(request, testInfo);
  // R-JOB-9 / live board: the row arrives over the event stream within 5 seconds.
  await expect(page.locator(`[data-reference="${job.reference}"]`)).toBeVisible({ timeout: 5_000 });
  await expect(page.getByTestId('unread-count')).toBeVisible({ timeout: 5_000 });
  // Withdrawn by the marketplace: it leaves just as live.
  await operator(request, 'DELETE', `/jobs/${job.id}`);
  await expect(page.locator(`[data-reference="${job.reference}"]`)).toHaveCount(0, { timeout: 5_000 });
  expect(consoleErrors).toEqual([]);
});

test('decline with a reason and feedback; the job never comes back', async ({ page, request }, testInfo) => {
  const job = await postJob(request, testInfo);
  await boardNewest(page, ESTABLISHED);
  const row = page.locator(`[data-reference="${job.reference}"]`);
  await row.getByTestId('decline').click();
  const dialog = page.getByTestId('decline-dialog');
  await expect(dialog).toBeVisible();
  // No reason chosen: the message is beside the list, nothing is sent.
  await dialog.getByTestId('dialog-confirm').click();
  await expect(dialog.getByTestId('reason-error')).toHaveText('Choose why you decline this job.');
  await dialog.getByTestId('decline-feedback').fill('x'.repeat(1001));
  await expect(dialog.getByTestId('decline-feedback-error')).toContainText('1000 characters');
  await dialog.getByTestId('reason-lead_time_too_short').check();
  await dialog.getByTestId('decline-feedback').fill('We need three weeks for anodizing.');
  await expect(dialog.getByTestId('decline-feedback-error')).toHaveText('');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'decline-dialog');
  await dialog.getByTestId('dialog-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('flash')).toContainText(`${job.reference}: declined`);
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('job').first()).toBeVisible();
  await expect(page.locator(`[data-reference="${job.reference}"]`)).toHaveCount(0);
  await expect(page.getByTestId('sort')).toHaveValue('newest');
});

test('counteroffer, validated as typed, then win it when the bidding closes', async ({ page, request }, testInfo) => {
  const job = await postJob(request, testInfo);
  await boardNewest(page, ESTABLISHED);
  const row = page.locator(`[data-reference="${job.reference}"]`);
  await row.getByTestId('counteroffer').click();
  const dialog = page.getByTestId('counter-dialog');
  await expect(dialog).toBeVisible();
  const price = dialog.getByTestId('counter-price');
  await price.fill('-5');
  await expect(dialog.getByTestId('counter-price-error')).toHaveText('Enter a price above zero.');
  await price.fill('12abc');
  await expect(dialog.getByTestId('counter-price-error')).toContainText('as a number');
  await price.fill('0');
  await expect(dialog.getByTestId('counter-price-error')).toHaveText('Enter a price above zero.');
  await price.fill('99999999999');
  await expect(dialog.getByTestId('counter-price-error')).toContainText('at most');
  await dialog.getByTestId('counter-ship-by').fill('2020-01-01');
  await expect(dialog.getByTestId('counter-ship-by-error')).toContainText('after today');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'counteroffer-dialog-errors');
  await price.fill('1,650.00');
  await expect(dialog.getByTestId('counter-price-error')).toHaveText('');
  const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await dialog.getByTestId('counter-ship-by').fill(later);
  await dialog.getByTestId('counter-note').fill('We can do it for less with a later date.');
  await expect(dialog.getByTestId('counter-ship-by-error')).toHaveText('');
  await dialog.getByTestId('dialog-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('flash')).toContainText('counteroffer sent');
  await expect(row).toHaveCount(0);

  await navTo(page, 'Counteroffers');
  const offer = page.locator(`[data-testid="offer"][data-reference="${job.reference}"]`);
  await expect(offer).toHaveAttribute('data-status', 'pending');
  await expect(offer).toContainText('$1,650.00');

  // The marketplace closes the bidding: the only (lowest) offer wins, live.
  const settled = await operator(request, 'POST', `/jobs/${job.id}/close`);
  expect(settled.outcome).toBe('awarded');
  await expect(offer).toHaveAttribute('data-status', 'won', { timeout: 5_000 });
  await expectAccessible(page);
  await screenshot(page, testInfo, 'counteroffers-won');
  await page.getByRole('link', { name: /Notifications/ }).click();
  const notice = page.locator('[data-testid="notification"][data-kind="counteroffer_won"]').first();
  await expect(notice).toContainText(job.reference);
  // Issue 17: no doubled words ("New New job"), the device's local time (never "UTC"), and the
  // link goes to the order the notice is about.
  await expect(notice).toContainText('Unread');
  await expect(page.getByTestId('feed')).not.toContainText('New New');
  await expect(notice.getByTestId('notification-time')).not.toContainText('UTC');
  await expect(notice.getByRole('link', { name: 'See the order' })).toHaveAttribute('href', /\/orders\/\d+$/);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'notifications');
  await notice.getByTestId('mark-read').click();
  await expect(page.locator('[data-testid="notification"][data-kind="counteroffer_won"]').first()).not.toHaveClass(/unread/);
  await page.getByRole('link', { name: 'My orders' }).click();
  await page.getByTestId('order-sort').selectOption('newest');
  await expect(page).toHaveURL(/sort=newest/);
  const order = page.getByTestId('order').filter({ hasText: 'Sensor bracket' }).first();
  await expect(order).toContainText('$1,650.00');
});

/** An SLS job: both the established shop and the new additive shop match it. */
const sls = {
  requirements: {
    process: 'sls',
    material: 'nylon_pa12',
    finish: 'as_printed',
    certifications: [],
    part_size: { x_mm: 100, y_mm: 100, z_mm: 100 },
  },
};

test('counteroffer lost to a lower one; the winner is told', async ({ page, request, browser }, testInfo) => {
  const job = await postJob(request, testInfo, { ...sls, price: { amount_minor: 300_000, currency: 'USD' } });
  // The established shop offers lower, in its own browser.
  const rival = await asPartner(browser, ESTABLISHED, null);
  await rival.locator(`[data-reference="${job.reference}"]`).getByTestId('counteroffer').click();
  await rival.getByTestId('counter-price').fill('2800');
  await rival.getByTestId('counter-dialog').getByTestId('dialog-confirm').click();
  await expect(rival.getByTestId('flash')).toContainText('counteroffer sent');

  await boardNewest(page, NEW_PARTNER);
  await page.locator(`[data-reference="${job.reference}"]`).getByTestId('counteroffer').click();
  await page.getByTestId('counter-price').fill('2900');
  await page.getByTestId('counter-dialog').getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('flash')).toContainText('counteroffer sent');
  await navTo(page, 'Counteroffers');
  const offer = page.locator(`[data-testid="offer"][data-reference="${job.reference}"]`);
  await expect(offer).toHaveAttribute('data-status', 'pending');
  await operator(request, 'POST', `/jobs/${job.id}/close`);
  await expect(offer).toHaveAttribute('data-status', 'lost', { timeout: 5_000 });
  await expect(offer).toContainText('lower');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'counteroffers-lost');
  await rival.goto('/counteroffers');
  await expect(rival.locator(`[data-testid="offer"][data-reference="${job.reference}"]`)).toHaveAttribute('data-status', 'won');
  await rival.context().close();
});

test('a job taken by another partner while its dialog is open says so', async ({ page, request, browser }, testInfo) => {
  const job = await postJob(request, testInfo, sls);
  await boardNewest(page, NEW_PARTNER);
  await page.locator(`[data-reference="${job.reference}"]`).getByTestId('accept').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  // The established shop accepts it meanwhile (through the same API the SPA uses).
  const rival = await asPartner(browser, ESTABLISHED, null);
  const res = await rival.request.post(`/api/v1/jobs/${job.id}/accept`, {
    headers: { 'X-Requested-With': 'partner-portal', 'Idempotency-Key': `rival-${job.id}` },
  });
  expect(res.status()).toBe(201);
  await expect(dialog.getByTestId('dialog-error')).toContainText('just left your board', { timeout: 5_000 });
  await expect(dialog.getByTestId('dialog-confirm')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'dialog-job-taken');
  await dialog.getByTestId('dialog-cancel').click();
  await expect(page.locator(`[data-reference="${job.reference}"]`)).toHaveCount(0);
  await page.getByRole('link', { name: /Notifications/ }).click();
  await expect(page.locator('[data-testid="notification"][data-kind="job_taken"]').first()).toContainText(job.reference);
  await rival.context().close();
});

test('capabilities: removing a material shrinks the board, adding it back grows it', async ({ page, request }, testInfo) => {
  const job = await postJob(request, testInfo, sls);
  await boardNewest(page, NEW_PARTNER);
  const row = page.locator(`[data-reference="${job.reference}"]`);
  await expect(row).toBeVisible();
  await navTo(page, 'Settings');
  await expect(page.getByTestId('materials-nylon_pa12')).toBeChecked();
  await page.getByTestId('materials-nylon_pa12').uncheck();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'settings-capabilities');
  // A machine with a bad envelope is named beside its field.
  await page.getByTestId('add-machine').click();
  const last = (await page.getByTestId('machine').count()) - 1;
  await page.getByTestId(`machine-${last}-name`).fill('Formlabs Fuse 1');
  await page.getByTestId(`machine-${last}-x_mm`).fill('0');
  await expect(page.getByTestId('caps-errors')).toBeVisible();
  await expect(page.getByTestId('save-capabilities')).toBeEnabled();
  await page.getByTestId(`machine-${last}-remove`).click();
  await page.getByTestId('save-capabilities').click();
  await expect(page.getByTestId('caps-notice')).toContainText('Saved');
  await page.getByRole('link', { name: 'Job board' }).click();
  await expect(page.getByTestId('result-count')).toBeVisible();
  await expect(row).toHaveCount(0);
  // Back again: the job returns (it was never acted on).
  await navTo(page, 'Settings');
  await page.getByTestId('materials-nylon_pa12').check();
  await page.getByTestId('save-capabilities').click();
  await expect(page.getByTestId('caps-notice')).toContainText('Saved');
  await page.goto('/board?sort=newest');
  await expect(page.locator(`[data-reference="${job.reference}"]`)).toBeVisible();
  await operator(request, 'DELETE', `/jobs/${job.id}`);
});

test('notification preferences are saved and kept', async ({ page }, testInfo) => {
  await boardNewest(page, NEW_PARTNER);
  await page.goto('/settings');
  const morning = page.getByTestId('pref-morning_digest');
  const before = await morning.isChecked();
  await morning.setChecked(!before);
  await expect(page.getByTestId('prefs-status')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByTestId('pref-morning_digest')).toBeChecked({ checked: !before });
  await page.getByTestId('pref-morning_digest').setChecked(before);
  await expect(page.getByTestId('prefs-status')).toHaveText('Saved.');
  await screenshot(page, testInfo, 'settings-notifications');
});
