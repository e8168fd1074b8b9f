// A job's page (issue 17): everything accepting binds the partner to, the drawings to download,
// the accept dialog stating the same terms, and notifications that lead to the job.
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import { ESTABLISHED, NEW_PARTNER, PROBATION, expectAccessible, logOut, loginAt, loginToBoard, postJob, revealJob, screenshot, startServerAt } from './helpers';

// A shop in Chicago: every instant on screen is in its zone, never UTC (issue 17).
test.use({ timezoneId: 'America/Chicago' });

const TERMS = {
  qc_report_required: true,
  delivery_terms: 'dap',
  ship_to: 'Aerodyne Test Lab\n5 Hangar Road\nWichita, KS 67209',
  tolerance: '±0.02 mm on the bearing bores; ISO 2768-f elsewhere',
  notes: 'Mask both bearing bores before anodizing.',
};

test('a job has a page with its part, terms, lead time and drawings; the accept dialog states the same terms', async ({ page, request }, testInfo) => {
  const job = await postJob(request, testInfo, { part_name: 'Valve body', terms: TERMS });
  await loginToBoard(page, ESTABLISHED);
  const row = await revealJob(page, job.reference);
  await row.getByTestId('job-link').click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job.id}$`));
  await expect(page.getByTestId('job-title')).toContainText('Valve body');
  // A US shop reads inches (90 × 60 × 20 mm).
  await expect(page.getByTestId('job-size')).toHaveText('3.543 × 2.362 × 0.787 in');
  await expect(page.getByTestId('job-quantity')).toHaveText('40 pcs');
  await expect(page.getByTestId('terms-tolerance')).toHaveText(TERMS.tolerance);
  await expect(page.getByTestId('terms-notes')).toHaveText(TERMS.notes);
  await expect(page.getByTestId('terms-qc')).toContainText('Required');
  await expect(page.getByTestId('terms-photos')).toContainText('photos of every part');
  await expect(page.getByTestId('terms-delivery')).toContainText('DAP');
  await expect(page.getByTestId('terms-delivery')).toContainText('Wichita');
  await expect(page.getByTestId('job-lead-days')).toContainText(/lead time 1[345] days from today/);
  await expect(page.getByTestId('job-price')).toContainText('$1,800.00');
  await expect(page.getByTestId('drawing')).toHaveCount(2);
  await expect(page.getByTestId('job-closes')).toContainText(/CST|GMT-6/);
  await expect(page.getByTestId('job-closes')).not.toContainText('UTC');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'job-page');

  // The drawing downloads as a real PDF, the model as a STEP file.
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('drawing').filter({ hasText: 'PDF' }).click()]);
  expect(pdf.suggestedFilename()).toBe(`${job.reference}-1.pdf`);
  expect(fs.readFileSync(await pdf.path()).subarray(0, 5).toString()).toBe('%PDF-');
  const [step] = await Promise.all([page.waitForEvent('download'), page.getByTestId('drawing').filter({ hasText: 'STEP' }).click()]);
  expect(fs.readFileSync(await step.path()).toString()).toContain('FACETED_BREP');

  // Accepting from the page: the dialog says the same terms and the total the order pays.
  const accept = page.getByTestId('accept');
  await accept.click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog.getByTestId('terms-tolerance')).toHaveText(TERMS.tolerance);
  await expect(dialog.getByTestId('terms-qc')).toContainText('Required');
  const total = await dialog.getByTestId('job-total').innerText();
  // The dialog fits the viewport: its buttons are on screen without scrolling the page.
  const box = await dialog.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  await expect(page.getByTestId('dialog-confirm')).toBeInViewport();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'job-accept-dialog');
  // Cancelling gives the focus back to the button that opened the dialog.
  await page.getByTestId('dialog-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(accept).toBeFocused();

  await accept.click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page).toHaveURL(/\/orders\?accepted=\d+/);
  const orderId = new URL(page.url()).searchParams.get('accepted');
  // The order pays what the dialog promised: price plus bonus, shown as such.
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('order-value')).toContainText(total);
  await expect(page.getByTestId('order-drawings').getByRole('link')).toHaveCount(2);
  // The job's page now says it is no longer on the board, and where to look.
  await page.goto(`/jobs/${job.id}`);
  await expect(page.getByTestId('job-gone')).toContainText('My orders');
});

test('a notice about a new job leads to the job', async ({ page, request }, testInfo) => {
  await loginToBoard(page, ESTABLISHED);
  const job = await postJob(request, testInfo, { part_name: 'Notice bracket' });
  await page.goto('/notifications');
  const item = page.getByTestId('notification').filter({ hasText: job.reference }).first();
  await expect(item).toBeVisible();
  await item.getByRole('link', { name: 'See the job' }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job.id}$`));
  await expect(page.getByTestId('job-title')).toContainText('Notice bracket');
});

test('on probation: no counteroffer while the one slot is taken; otherwise only within the limit (R-JOB-5)', async ({ page, request }, testInfo) => {
  // The probation shop holds its one active job: it can neither accept nor counteroffer.
  const cnc = await postJob(request, testInfo, { price: { amount_minor: 780_000, currency: 'USD' } });
  await loginToBoard(page, PROBATION);
  await page.goto(`/jobs/${cnc.id}`);
  await expect(page.getByTestId('blocked-reason')).toContainText('Over the probation limit');
  await expect(page.getByTestId('accept')).toHaveCount(0);
  await expect(page.getByTestId('counteroffer')).toHaveCount(0);
  await logOut(page);

  // The new additive shop has no active job: it may counteroffer, within $5,000.00 only.
  const sls = await postJob(request, testInfo, {
    requirements: { process: 'sls', material: 'nylon_pa12', finish: 'as_printed', certifications: [], part_size: { x_mm: 100, y_mm: 100, z_mm: 100 } },
    price: { amount_minor: 780_000, currency: 'USD' },
  });
  await loginToBoard(page, NEW_PARTNER);
  await page.goto(`/jobs/${sls.id}`);
  await expect(page.getByTestId('blocked-reason')).toContainText('Over the probation limit');
  await page.getByTestId('counteroffer').click();
  const dialog = page.getByTestId('counter-dialog');
  await expect(dialog.getByTestId('counter-limit')).toContainText('$5,000.00');
  // A later date alone keeps the job's price, which is over the limit.
  const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Your ship date').fill(later);
  await page.getByTestId('dialog-confirm').click();
  await expect(dialog.locator('#counter-price-error')).toContainText('Offer at most $5,000.00');
  await page.getByLabel('Your price (USD)').fill('4800');
  await expect(dialog.locator('#counter-price-error')).toBeEmpty();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'job-probation-counteroffer');
  await page.getByTestId('dialog-confirm').click();
  await expect(page).toHaveURL(/\/board/);
  await expect(page.getByTestId('flash')).toContainText('counteroffer sent');
});

test('the board\'s bonus follows the score live: after RMAs drop the tier, every row loses its bonus without a reload', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const token = `bonus-${testInfo.project.name}`;
  const server = await startServerAt('2026-12-02T15:00:00Z', token);
  try {
    await loginAt(page, server.url, ESTABLISHED);
    await expect(page.getByTestId('bonus').first()).toBeVisible();
    const rows = await page.getByTestId('job').count();
    expect(await page.getByTestId('bonus').count()).toBe(rows);
    // The customer rejects every line of the shop's shipped orders (the marketplace's RMA).
    const list = await (await page.request.get(`${server.url}/api/v1/orders`)).json();
    const shipped = list.orders.filter((o: { status: string }) => o.status === 'shipped' || o.status === 'closed');
    expect(shipped.length).toBeGreaterThan(0);
    for (const o of shipped) {
      const detail = await (await page.request.get(`${server.url}/api/v1/orders/${o.id}`)).json();
      const res = await page.request.post(`${server.url}/api/v1/operator/orders/${o.id}/rma`, {
        headers: { Authorization: `Bearer ${token}` },
        data: { line_ids: detail.lines.map((l: { id: number }) => l.id), reason: 'Out of tolerance' },
      });
      expect(res.ok(), await res.text()).toBeTruthy();
    }
    // No reload: the live stream tells the board, and every row drops its bonus.
    await expect(page.getByTestId('bonus')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('job').first()).toBeVisible();
    await screenshot(page, testInfo, 'board-bonus-gone-live');
  } finally {
    server.stop();
  }
});
