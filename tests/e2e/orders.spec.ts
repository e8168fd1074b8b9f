// Issue 4: My Orders, from an accepted job to a delivered shipment (R-ORD-1..6; the shipping wizard
// R-SHP-1, R-SHP-2, R-SHP-3, R-SHP-4, R-SHP-5, R-SHP-6).
import { test, expect, type Page } from '@playwright/test';
import { ESTABLISHED, PDF, PNG, day, expectAccessible, expectFocusClearOfBars, loginToBoard, operator, orderId, postJob, revealJob, screenshot, watchConsole } from './helpers';




test('an accepted job: check-ins, QC uploads, shipping wizard with a reload, label, tracking to delivered', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  // DAP terms (the partner books the carrier), a QC report, and a lead time two days away so the
  // on-time check-in is open.
  const job = await postJob(request, testInfo, {
    part_name: 'Valve body',
    quantity: 10,
    ship_by: day(2),
    terms: { qc_report_required: true, delivery_terms: 'dap', ship_to: 'Aerodyne Test Lab\n5 Hangar Road\nWichita, KS 67209' },
  });
  await loginToBoard(page, ESTABLISHED);
  const row = await revealJob(page, job.reference);
  await row.getByTestId('accept').click();
  await page.getByTestId('dialog-confirm').click();
  await expect(page).toHaveURL(/\/orders\?accepted=\d+/);
  await expect(page.locator('[data-testid="order"].highlight')).toContainText('Valve body');
  await expect(page.locator('[data-testid="order"].highlight [data-testid="urgency"]')).toContainText('Due soon');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'orders-list');

  // Filter by stage and sort, kept in the URL.
  await page.getByTestId('order-stage').selectOption('quality_control');
  await expect(page).toHaveURL(/stage=quality_control/);
  await expect(page.locator('[data-testid="order"].highlight')).toBeVisible();
  await page.getByTestId('order-stage').selectOption('closed');
  await expect(page.locator('[data-testid="order"].highlight')).toHaveCount(0);
  await page.getByTestId('order-stage').selectOption('');
  await expect(page).not.toHaveURL(/stage=/);

  await page.getByTestId('accepted-banner').getByRole('link', { name: 'Open the order' }).click();
  await expect(page.getByTestId('order-title')).toBeVisible();
  const id = await orderId(page);
  await expect(page.getByTestId('production-confirmed')).toContainText('when you accepted the job');
  await expect(page.getByTestId('stage-production')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('stage-quality_control')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('production-order')).toHaveAttribute('href', `/api/v1/orders/${id}/production-order`);
  await expect(page.getByTestId('packing')).toContainText('Photograph the packed package');
  await expect(page.getByTestId('packing')).toContainText('Inspect every part for defects');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'order-page');

  // Check-ins: every question, the on-time one open two days before the lead time.
  for (const q of ['material', 'started', 'finished', 'on_time']) {
    await page.getByTestId(`check-in-${q}-yes`).click();
    await expect(page.getByTestId(`check-in-${q}-yes`)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId(`check-in-${q}`)).toContainText('Answered yes at');
    await expect(page.getByTestId(`check-in-${q}-state`)).toContainText('You can change it until');
  }

  // QC: a PNG named like a PDF is refused with a message beside the field; the real PDF and a
  // photo of the line are kept and listed (the photo with a thumbnail).
  await page.getByTestId('upload-qc_report').setInputFiles({ name: 'inspection.pdf', mimeType: 'application/pdf', buffer: PNG });
  await expect(page.getByTestId('upload-qc_report-error')).toContainText('is a PNG');
  // A PDF header glued onto a web page is read to its end on the server (issue 16) and refused.
  const fake = Buffer.from('%PDF-1.7\n<html><script>alert(1)</script></html>');
  await page.getByTestId('upload-qc_report').setInputFiles({ name: 'inspection.pdf', mimeType: 'application/pdf', buffer: fake });
  await expect(page.getByTestId('upload-qc_report-error')).toContainText('not a readable PDF');
  await page.getByTestId('upload-qc_report').setInputFiles({ name: 'inspection.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByTestId('qc-file')).toHaveCount(1);
  await expect(page.getByTestId('upload-qc_report-error')).toBeEmpty();
  const photoInput = page.locator('[data-testid^="upload-qc_photo-"]').first();
  await photoInput.setInputFiles({ name: 'valve-body.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('qc-file')).toHaveCount(2);
  await expect(page.locator('[data-testid="qc-file"] img.thumb')).toHaveCount(1);
  await expect(page.getByTestId('stage-quality_control')).toHaveAttribute('data-done', 'true');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'order-qc');

  // The wizard. Step 1: every part in one package.
  await page.getByTestId('add-shipping').click();
  await expect(page.getByTestId('step-title')).toHaveText('Step 1: parts in this package');
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByTestId('lines-error')).toContainText('Choose at least one part');
  await expect(page.getByTestId('step-title')).toBeFocused();
  const qty = page.locator('[data-testid^="qty-"][inputmode="numeric"]').first();
  await qty.fill('11');
  await expect(page.locator('[id$="-error"][data-testid^="qty-"]').first()).toContainText('Only 10 of Valve body');
  await expectAccessible(page);
  await expectFocusClearOfBars(page);
  await screenshot(page, testInfo, 'wizard-step-1');
  await qty.fill('10');
  await page.getByTestId('wizard-continue').click();

  // Step 2, with a reload in the middle: the draft comes back.
  await expect(page).toHaveURL(/step=2/);
  await expect(page.getByTestId('step-title')).toBeFocused();
  await page.getByTestId('length').fill('30');
  await page.getByTestId('width').fill('abc');
  await page.getByTestId('height').fill('15');
  await page.getByTestId('height').blur();
  await page.getByTestId('width').focus();
  await page.getByTestId('width').blur();
  await expect(page.getByTestId('width-error')).toContainText('Enter a number');
  await page.getByTestId('package-photo').setInputFiles({ name: 'packed.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('package-photo-preview')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(page.getByTestId('length')).toHaveValue('30');
  await expect(page.getByTestId('width')).toHaveValue('abc');
  await expect(page.getByTestId('package-photo-preview')).toBeVisible();
  await page.getByTestId('width').fill('20');
  await page.getByTestId('weight').fill('4.5');
  await expectAccessible(page);
  await expectFocusClearOfBars(page);
  await screenshot(page, testInfo, 'wizard-step-2');
  await page.getByTestId('wizard-continue').click();

  // Step 3: the partner arranges delivery; the tracking number follows the carrier's format.
  await expect(page).toHaveURL(/step=3/);
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByTestId('carrier-error')).toContainText('Choose the carrier');
  await page.getByTestId('carrier').selectOption('ups');
  await page.getByTestId('tracking').fill('12345');
  await page.getByTestId('tracking').blur();
  await expect(page.getByTestId('tracking-error')).toContainText('1Z followed by 16');
  await page.getByTestId('tracking').fill('1Z999AA10123456784');
  // An expected ship date after the lead time is warned about like a late publication.
  await page.getByTestId('expected-date').fill(day(3));
  await expect(page.getByTestId('late-warning')).toContainText('after the lead time');
  await expect(page.getByTestId('late-preview').getByTestId('preview-pss')).toContainText('→');
  await page.getByTestId('expected-date').fill(day(0));
  await expect(page.getByTestId('delivery-terms')).toContainText('You book and pay the carrier');
  await page.getByTestId('terms-accepted').check();
  await expect(page.getByTestId('tracking-error')).toBeEmpty();
  await expect(page.getByTestId('late-warning')).toHaveCount(0);
  await expectAccessible(page);
  await expectFocusClearOfBars(page);
  await screenshot(page, testInfo, 'wizard-step-3');
  // Back and forward keep everything.
  await page.goBack();
  await expect(page.getByTestId('weight')).toHaveValue('4.5');
  await page.goForward();
  await expect(page.getByTestId('tracking')).toHaveValue('1Z999AA10123456784');
  await page.getByTestId('wizard-continue').click();

  // Review, then publish with a double click: one shipment.
  await expect(page.getByTestId('review')).toContainText('10 × Valve body');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'wizard-review');
  await page.getByTestId('publish').dblclick();
  await expect(page).toHaveURL(new RegExp(`/orders/${id}\\?published=\\d+`));
  const detail = await (await page.request.get(`/api/v1/orders/${id}`)).json();
  expect(detail.shipments).toHaveLength(1);
  const shipment = detail.shipments[0];
  await expect(page.getByTestId('shipment')).toHaveCount(1);
  await expect(page.getByTestId('shipment')).toContainText('1Z999AA10123456784');
  // R-SHP-5: the carrier's own tracking page.
  await expect(page.getByTestId('tracking-link')).toHaveAttribute('href', 'https://www.ups.com/track?tracknum=1Z999AA10123456784');
  // R-ORD-7: publishing is not shipping; the parts wait for pickup.
  await expect(page.getByTestId('awaiting-pickup')).toBeVisible();
  await expect(page.getByTestId('stage-shipping')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('order-status')).toHaveText('In production');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'order-awaiting-pickup');
  // The "Shipped" check-in on the day of pickup: the order has shipped.
  await page.getByTestId('shipped-today').click();
  await expect(page.getByTestId('shipped-dialog')).toContainText('final');
  await expectAccessible(page);
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('all-shipped')).toBeVisible();
  await expect(page.getByTestId('stage-shipping')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('order-status')).toHaveText('Shipped');
  await expect(page.getByTestId('left-on')).toContainText('your “Shipped” check-in');
  await expect(page.getByTestId('shipped-today')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'order-shipped');

  // The label: addresses, order, package 1 of 1 and the shipment's barcode, printable.
  await page.getByTestId('print-label').click();
  await expect(page.getByTestId('label')).toContainText('Aerodyne Test Lab');
  await expect(page.getByTestId('label')).toContainText('Greenville, SC');
  await expect(page.getByTestId('label-order')).toHaveText(detail.number);
  await expect(page.getByTestId('label-package')).toHaveText('1 of 1');
  await expect(page.getByTestId('label-shipped')).not.toHaveText('On pickup');
  await expect(page.getByTestId('barcode')).toHaveAttribute('data-text', shipment.number);
  // Start B + 10 characters + check = 12 symbols of 3 bars, and the stop's 4 bars.
  await expect(page.getByTestId('barcode')).toHaveAttribute('data-bars', String(12 * 3 + 4));
  await expectAccessible(page);
  await screenshot(page, testInfo, 'label-screen');
  await page.getByTestId('paper').selectOption('letter');
  await expect(page.getByTestId('label')).toHaveClass(/paper-letter/);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(page.getByTestId('barcode')).toBeVisible();
  await screenshot(page, testInfo, 'label-print-letter');
  await page.emulateMedia({ media: 'screen' });

  // The marketplace moves the shipment on; the order page shows each step.
  for (const status of ['label_created', 'picked_up', 'in_transit', 'delivered']) {
    await operator(request, 'POST', `/shipments/${shipment.id}/status`, { status });
  }
  await page.goto(`/orders/${id}`);
  await expect(page.getByTestId('track-delivered')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('shipment')).toHaveAttribute('data-status', 'delivered');
  await screenshot(page, testInfo, 'order-delivered');
  expect(errors).toEqual([]);
});

test('an order won by a counteroffer is confirmed after downloading the production order; a stale tab is told', async ({ page, request }, testInfo) => {
  const job = await postJob(request, testInfo, { part_name: 'Pump flange' });
  await loginToBoard(page, ESTABLISHED);
  const res = await page.request.post(`/api/v1/jobs/${job.id}/counteroffer`, {
    headers: { 'X-Requested-With': 'partner-portal', 'Idempotency-Key': `co-${job.reference}` },
    data: { price: { amount_minor: 170_000, currency: 'USD' }, note: '' },
  });
  expect(res.status()).toBe(201);
  const settled = await operator(request, 'POST', `/jobs/${job.id}/close`);
  expect(settled.outcome).toBe('awarded');
  await page.goto(`/orders/${settled.order_id}`);
  await expect(page.getByTestId('confirm-production')).toBeVisible();
  // R-ORD-3: confirming needs the production order read first.
  await expect(page.getByTestId('confirm-production')).toBeDisabled();
  await expect(page.getByTestId('confirm-needs-download')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('production-order').click();
  expect((await download).suggestedFilename()).toMatch(/^production-order-ORD-\d+\.pdf$/);
  await expect(page.getByTestId('confirm-production')).toBeEnabled();

  // A second tab answers a check-in first; this tab's answer is refused and the page says why.
  const other = await page.context().newPage();
  await other.goto(`/orders/${settled.order_id}`);
  await other.getByTestId('check-in-material-yes').click();
  await expect(other.getByTestId('check-in-material')).toContainText('Answered yes');
  await other.close();
  await page.getByTestId('check-in-material-no').click();
  await expect(page.getByTestId('order-notice')).toContainText('“Do you have the material?” was answered yes');
  await expect(page.getByTestId('check-in-material-yes')).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('confirm-production').click();
  await expect(page.getByTestId('confirm-production-dialog')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'confirm-production-dialog');
  await page.getByTestId('dialog-confirm').click();
  await expect(page.getByTestId('production-confirmed')).toContainText('Production order confirmed');
  await expect(page.getByTestId('stage-production')).toHaveAttribute('data-done', 'true');
});
