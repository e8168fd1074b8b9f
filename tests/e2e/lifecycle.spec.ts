// Issue 13: an order's life as partners live it. A brand-new partner takes its first job, ships it
// and records the pickup, which frees the probation slot for the second job (R-JOB-5 revised,
// R-ORD-7). The on-time question arrives as a notice, a "yes" becomes final at the marketplace's
// midnight, and the pickup a day after the lead time shows in the score (R-ORD-4, R-PSS-3,
// R-PSS-4). Each runs on a server of its own, so both screen sizes start from the same state.
import { test, expect, type Page } from '@playwright/test';
import { ESTABLISHED, NEW_PARTNER, PNG, expectAccessible, loginAt, packageInWizard, revealJob, screenshot, startServerAt, startSmtpServer, watchConsole } from './helpers';

const WRITE = { 'X-Requested-With': 'partner-portal' };

function printedJob(reference: string, shipBy: string) {
  return {
    reference,
    part_name: 'Cable clip',
    requirements: {
      process: 'sls',
      material: 'nylon_pa12',
      finish: 'as_printed',
      certifications: [],
      part_size: { x_mm: 50, y_mm: 40, z_mm: 20 },
    },
    quantity: 20,
    price: { amount_minor: 42_000, currency: 'USD' },
    ship_by: shipBy,
  };
}

/** Publishes one package with every part left through the API, as the wizard does. */
async function publishAll(page: Page, base: string, orderId: number) {
  const detail = await (await page.request.get(`${base}/api/v1/orders/${orderId}`)).json();
  if (detail.qc.photos) {
    for (const line of detail.lines) {
      const res = await page.request.post(`${base}/api/v1/orders/${orderId}/files?purpose=qc_photo&line_id=${line.id}`, {
        headers: WRITE,
        multipart: { file: { name: 'part.png', mimeType: 'image/png', buffer: PNG } },
      });
      expect(res.status()).toBe(201);
    }
  }
  const photo = await page.request.post(`${base}/api/v1/orders/${orderId}/files?purpose=package_photo`, {
    headers: WRITE,
    multipart: { file: { name: 'box.png', mimeType: 'image/png', buffer: PNG } },
  });
  expect(photo.status()).toBe(201);
  const res = await page.request.post(`${base}/api/v1/orders/${orderId}/shipments`, {
    headers: { ...WRITE, 'Idempotency-Key': `ship-${orderId}` },
    data: {
      lines: detail.lines.map((l: any) => ({ line_id: l.id, quantity: l.quantity - l.shipped })),
      package: { length: 3000, width: 2000, height: 1000, length_unit: 'cm', weight: 200, weight_unit: 'kg', kind: 'box', photo_id: (await photo.json()).id },
      delivery: { arranged_by: 'marketplace', pickup_address: detail.ship_from, pickup_confirmed: true, terms_accepted: true },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

async function recordPickup(page: Page, testInfo: import('@playwright/test').TestInfo, name: string) {
  await page.getByTestId('shipped-today').click();
  await expect(page.getByTestId('shipped-dialog')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, name);
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('order-status')).toHaveText('Shipped');
}

test('R-JOB-5, R-ORD-7: a new partner ships its first job, records the pickup, and the probation slot frees for the second', async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const errors = watchConsole(page);
  const token = `probation-${testInfo.project.name}`;
  const server = await startServerAt(new Date().toISOString(), token);
  const op = async (path: string, data: unknown) => {
    const res = await request.post(`${server.url}/api/v1/operator${path}`, { headers: { Authorization: `Bearer ${token}` }, data });
    expect(res.ok(), await res.text()).toBeTruthy();
    return res.json();
  };
  try {
    const shipBy = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
    const first = await op('/jobs', printedJob('E2E-FIRST', shipBy));
    const second = await op('/jobs', printedJob('E2E-SECOND', shipBy));
    await loginAt(page, server.url, NEW_PARTNER);
    await expect(page.getByTestId('probation-banner')).toContainText('frees its slot once all its parts are picked up');
    await expect(page.getByTestId('probation-banner')).toContainText('5 more shipped jobs end probation');

    // The first job, accepted on the board.
    await (await revealJob(page, first.reference)).getByTestId('accept').click();
    await page.getByTestId('dialog-confirm').click();
    await expect(page).toHaveURL(/\/orders\?accepted=\d+/);
    const orderId = Number(new URL(page.url()).searchParams.get('accepted'));

    // One active job at a time: the second says what frees the slot.
    await page.goto(`${server.url}/board`);
    const locked = await revealJob(page, second.reference);
    await expect(locked.getByTestId('blocked-reason')).toContainText('picked up');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'probation-slot-taken');

    // Ship every part in the wizard; publishing alone does not free the slot.
    await packageInWizard(page, server.url, orderId, PNG);
    await expect(page.getByTestId('delivery-terms')).toContainText('The marketplace books the carrier');
    await page.getByTestId('pickup-confirmed').check();
    await page.getByTestId('terms-accepted').check();
    await page.getByTestId('wizard-continue').click();
    await page.getByTestId('publish').click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?published=\\d+`));
    await expect(page.getByTestId('order-status')).toHaveText('In production');
    await expect(page.getByTestId('awaiting-pickup')).toContainText('wait for pickup');
    const still = await page.request.post(`${server.url}/api/v1/jobs/${second.id}/accept`, {
      headers: { ...WRITE, 'Idempotency-Key': `early-${second.id}` },
    });
    expect(still.status(), 'published is not shipped: the slot is still taken').toBe(422);
    await expectAccessible(page);
    await screenshot(page, testInfo, 'first-order-awaiting-pickup');

    // The pickup, recorded on the day: the order has shipped and counts for probation.
    await recordPickup(page, testInfo, 'first-order-shipped-dialog');
    await expect(page.getByTestId('stage-shipping')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('left-on')).toContainText('Left the shop on');
    await screenshot(page, testInfo, 'first-order-shipped');

    // The second job can now be accepted, and the banner counts one fewer to go.
    await page.goto(`${server.url}/board`);
    await expect(page.getByTestId('probation-banner')).toContainText('4 more shipped jobs end probation');
    await (await revealJob(page, second.reference)).getByTestId('accept').click();
    await page.getByTestId('dialog-confirm').click();
    await expect(page).toHaveURL(/\/orders\?accepted=\d+/);
    await expect(page.getByTestId('order')).toHaveCount(2);
    await expect(page.locator('[data-testid="order"]:not(.highlight)')).toContainText('Shipped');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'second-job-accepted');
    expect(errors).toEqual([]);
  } finally {
    server.stop();
  }
});

test('R-ORD-4, R-PSS-3, R-PSS-4: the on-time notice, a "yes" that becomes final at midnight, a pickup a day late, and the score after it', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  const errors = watchConsole(page);
  // 23:59:00 in New York on Wed 9 Dec 2026 (EST): the established partner's running order is due
  // today, and its on-time question is open and unanswered. The server sends email through a
  // real SMTP server (R-JOB-9's adapter).
  const smtp = await startSmtpServer();
  const server = await startServerAt('2026-12-10T04:59:00Z', `final-${testInfo.project.name}`, { PORTAL_SMTP: smtp.address });
  try {
    await loginAt(page, server.url, ESTABLISHED);
    const list = await (await page.request.get(`${server.url}/api/v1/orders`)).json();
    const due = list.orders.find((o: any) => o.lead_time === '2026-12-09' && o.status === 'in_production');
    expect(due, 'the demo has an order due today').toBeTruthy();

    // The notice is in the feed, and leads to the order.
    await page.goto(`${server.url}/notifications`);
    const notice = page.locator('[data-testid="notification"][data-kind="on_time_reminder"]').filter({ hasText: due.number });
    await expect(notice).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page);
    await screenshot(page, testInfo, 'on-time-notice');
    // The same question arrived by email, at the partner's login address.
    await expect.poll(() => smtp.received(), { timeout: 15_000 }).toContain(`${due.number}: will it ship on time?`);
    expect(smtp.received()).toContain('established@demo.example');
    await notice.getByRole('link', { name: 'Answer on the order page' }).click();
    await expect(page.getByTestId('order-title')).toContainText(due.number);

    // R-PSS-8: before answering, what each answer means for the score; "yes, then 1 day late" is
    // what happens next, and the official score must come out as previewed.
    await expect(page.getByTestId('check-in-on_time-state')).toContainText('Due by Wed 9 Dec 2026');
    const cases = page.getByTestId('on-time-case');
    await expect(cases).toHaveCount(3);
    await expect(cases.nth(1)).toContainText('Yes');
    await expect(cases.nth(1)).toContainText('1 day late');
    const previewed = Number((await cases.nth(1).locator('td.num').textContent())!.trim().split(' ')[0]);
    expect(previewed).toBeGreaterThan(0);
    await page.getByTestId('check-in-on_time-yes').click();
    await expect(page.getByTestId('check-in-on_time-state')).toContainText('You can change it until Wed 9 Dec 2026');
    await screenshot(page, testInfo, 'on-time-answered');

    // Midnight in New York: the answer is final; the buttons are gone.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('check-in-on_time')).toHaveAttribute('data-final', 'true', { timeout: 2_000 });
    }).toPass({ timeout: 90_000, intervals: [3_000] });
    await expect(page.getByTestId('check-in-on_time-state')).toContainText('Final.');
    await expect(page.getByTestId('check-in-on_time-yes')).toBeHidden();
    await expectAccessible(page);
    await screenshot(page, testInfo, 'on-time-final');

    // Picked up on Thu 10 Dec, a day after the lead time: the broken promise shows in the score.
    const before = await (await page.request.get(`${server.url}/api/v1/score`)).json();
    await publishAll(page, server.url, due.id);
    await page.reload();
    await recordPickup(page, testInfo, 'late-pickup-dialog');
    await expect(page.getByTestId('left-on')).toContainText('Thu 10 Dec 2026');
    const after = await (await page.request.get(`${server.url}/api/v1/score`)).json();
    expect(after.jobs).toBe(before.jobs + 1);
    const communication = after.components.find((c: any) => c.component === 'communication');
    expect(communication.facts.map((f: any) => `${f.subject}: ${f.what}`)).toContain(
      `${due.number}: Said it would ship on time, shipped 1 day late`,
    );
    expect(after.pss).toBeLessThan(before.pss);
    expect(after.pss, 'the official score is the one previewed for "yes, 1 day late"').toBe(previewed);
    await page.goto(`${server.url}/score`);
    await expect(page.getByText('Said it would ship on time, shipped 1 day late').first()).toBeVisible();
    await expect(page.getByTestId('pss')).toContainText(after.pss.toFixed(1));
    await screenshot(page, testInfo, 'score-after-late-pickup');
    expect(errors).toEqual([]);
  } finally {
    server.stop();
    smtp.stop();
  }
});

