// Issue 6: the invoice wizard and payouts (R-INV-1 positions, R-INV-2 details, R-INV-3 review and
// the signed PDF, R-INV-4 totals, R-INV-5 the payment date). The first test runs on a server of its
// own at a fixed clock (the 24th: paid on the 28th of next month), ships an order in the shipping
// wizard and invoices it, with a reload in step 2; the second reads the demo's payouts and the
// password asked before saved bank details change.
import { test, expect, type Page } from '@playwright/test';
import { ESTABLISHED, PASSWORD, PDF, PNG, expectAccessible, expectFocusClearOfBars, loginAt, navTo, packageInWizard, screenshot, startServerAt, watchConsole } from './helpers';


test('R-INV-1..5: an order shipped in the shipping wizard is invoiced in three steps with a reload in step 2; the payout has the right date', async ({ page, request }, testInfo) => {
  test.setTimeout(150_000);
  const errors = watchConsole(page);
  // Tuesday 24 Nov 2026: submitted from the 24th, paid on the 28th of the next month.
  const token = `invoice-${testInfo.project.name}`;
  const server = await startServerAt('2026-11-24T15:00:00Z', token);
  const op = (path: string, data: unknown) =>
    request.post(`${server.url}/api/v1/operator${path}`, { headers: { Authorization: `Bearer ${token}` }, data });
  try {
    // A euro job: 3 parts for €100.00, so the unit price is €33.33333 (R-INV-4).
    const posted = await op('/jobs', {
      reference: `E2E-INV-${testInfo.project.name}`,
      part_name: 'Manifold cover',
      requirements: {
        process: 'cnc_milling',
        material: 'aluminum_6061',
        finish: 'as_machined',
        certifications: [],
        part_size: { x_mm: 90, y_mm: 60, z_mm: 20 },
      },
      quantity: 3,
      price: { amount_minor: 10_000, currency: 'EUR' },
      ship_by: '2026-12-04',
    });
    expect(posted.ok(), await posted.text()).toBeTruthy();
    const job = await posted.json();
    await loginAt(page, server.url, ESTABLISHED);
    const accepted = await page.request.post(`${server.url}/api/v1/jobs/${job.id}/accept`, {
      headers: { 'X-Requested-With': 'partner-portal', 'Idempotency-Key': `accept-${job.id}` },
    });
    expect(accepted.ok(), await accepted.text()).toBeTruthy();
    const order = await accepted.json();

    // Ship every part in the shipping wizard (the marketplace collects).
    await packageInWizard(page, server.url, order.id, PNG);
    await page.getByTestId('pickup-confirmed').check();
    await page.getByTestId('terms-accepted').check();
    await page.getByTestId('wizard-continue').click();
    await page.getByTestId('publish').click();
    await expect(page).toHaveURL(new RegExp(`/orders/${order.id}\\?published=\\d+`));
    // R-ORD-7: published is not shipped; nothing can be invoiced until the parts are picked up.
    await expect(page.getByTestId('stage-shipping')).toHaveAttribute('data-done', 'false');
    await expect(page.getByTestId('create-invoice')).toHaveCount(0);
    await page.getByTestId('shipped-today').click();
    await page.getByTestId('dialog-confirm').click();
    await expect(page.getByTestId('left-on')).toContainText('your “Shipped” check-in');
    await expect(page.getByTestId('stage-shipping')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('stage-invoice')).toHaveAttribute('data-done', 'false');

    // Step 1: the shipped positions and their total.
    await page.getByTestId('create-invoice').click();
    await expect(page.getByTestId('step-title')).toHaveText('Step 1: positions');
    await expect(page.getByTestId('position')).toHaveCount(1);
    await expect(page.getByTestId('position')).toContainText('€33.33333');
    // Issue 17: the exact unit price only here, and labelled so.
    await expect(page.getByTestId('positions')).toContainText('Exact unit price');
    await expect(page.getByTestId('exact-price-note')).toContainText('thousandth of a cent');
    await expect(page.getByTestId('invoice-total')).toHaveText('€100.00');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'invoice-step-1');
    await page.getByTestId('wizard-continue').click();

    // Step 2: bank details the first time for euros; errors beside the fields as typed.
    await expect(page.getByTestId('bank-password')).toBeVisible();
    await expect(page).toHaveURL(/step=2/);
    await expect(page.getByTestId('step-title')).toBeFocused();
    await expect(page.getByTestId('payment-date')).toContainText('Mon 28 Dec 2026');
    await page.getByTestId('wizard-continue').click();
    await expect(page.getByTestId('invoice-number-error')).toContainText('Enter your invoice number');
    await expect(page.getByTestId('bank-iban-error')).toContainText('Enter the IBAN');
    await page.getByTestId('bank-holder').fill('Summit Manufacturing GmbH');
    await page.getByTestId('bank-iban').fill('DE88 3704 0044 0532 0130 00');
    await page.getByTestId('bank-iban').blur();
    await expect(page.getByTestId('bank-iban-error')).toContainText('check digits do not match');
    await page.getByTestId('invoice-number').fill('SM-E2E-0001');
    await page.getByTestId('invoice-date').fill('2026-11-25');
    await expect(page.getByTestId('invoice-date-error')).toContainText('cannot be after today');
    await page.getByTestId('invoice-date').fill('2026-11-24');
    await expect(page.getByTestId('invoice-date-error')).toBeEmpty();
    await page.getByTestId('bank-iban').fill('de89 3704 0044 0532 0130 00');
    await page.getByTestId('bank-bic').fill('deutdeff');
    await expectAccessible(page);
    await expectFocusClearOfBars(page);
    await screenshot(page, testInfo, 'invoice-step-2');

    // A reload: the invoice number and date come back; bank details were never stored here.
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
    expect(stored).toContain('SM-E2E-0001');
    expect(stored).not.toContain('3704');
    await page.reload();
    await expect(page.getByTestId('draft-restored')).toBeVisible();
    await expect(page.getByTestId('invoice-number')).toHaveValue('SM-E2E-0001');
    await expect(page.getByTestId('invoice-date')).toHaveValue('2026-11-24');
    await expect(page.getByTestId('bank-iban')).toHaveValue('');
    await page.getByTestId('bank-holder').fill('Summit Manufacturing GmbH');
    await page.getByTestId('bank-iban').fill('de89 3704 0044 0532 0130 00');
    await page.getByTestId('bank-bic').fill('deutdeff');
    // USD details are on file already: new EUR ones change where payments go, so the password.
    await page.getByTestId('wizard-continue').click();
    await expect(page.getByTestId('bank-password-error')).toContainText('login password');
    await page.getByTestId('bank-password').fill(PASSWORD);
    await page.getByTestId('wizard-continue').click();

    // Step 3: review with the masked bank details; a PNG named .pdf is refused, the PDF kept.
    await expect(page).toHaveURL(/step=3/);
    await expect(page.getByTestId('bank-masked')).toHaveText('DE•• •••• 3000');
    await expect(page.getByTestId('review')).toContainText('SM-E2E-0001');
    await expect(page.getByTestId('review-payment-date')).toContainText('Mon 28 Dec 2026');
    await expect(page.getByTestId('invoice-total')).toHaveText('€100.00');
    await page.getByTestId('submit-invoice').click();
    await expect(page.getByTestId('invoice-file-error')).toContainText('Upload the signed invoice');
    await page.getByTestId('invoice-file').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PNG });
    await expect(page.getByTestId('invoice-file-error')).toContainText('is a PNG');
    await page.getByTestId('invoice-file').setInputFiles({ name: 'SM-E2E-0001.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByTestId('invoice-file-name')).toContainText('SM-E2E-0001.pdf');
    await expectAccessible(page);
    await expectFocusClearOfBars(page);
    await screenshot(page, testInfo, 'invoice-step-3');

    // Submit by double click: one invoice; the Invoice stage is done.
    await page.getByTestId('submit-invoice').dblclick();
    await expect(page).toHaveURL(new RegExp(`/orders/${order.id}\\?invoiced=\\d+`));
    await expect(page.getByTestId('invoiced-banner')).toContainText('Expected payment on Mon 28 Dec 2026');
    await expect(page.getByTestId('stage-invoice')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('all-invoiced')).toBeVisible();
    await expect(page.getByTestId('order-invoice')).toHaveCount(1);
    await expectAccessible(page);
    await screenshot(page, testInfo, 'invoice-submitted');

    // Payouts: the invoice with its payment date; the marketplace approves and pays it.
    await navTo(page, 'Payouts');
    const row = page.locator('[data-testid="invoice-row"][data-number="SM-E2E-0001"]');
    await expect(row).toHaveAttribute('data-status', 'submitted');
    await expect(row.getByTestId('invoice-payment-date')).toHaveText('Mon 28 Dec 2026');
    await expect(row.getByTestId('invoice-amount')).toHaveText('€100.00');
    await expect(page.locator('[data-testid="calendar-day"][data-date="2026-12-28"]')).toContainText('€100.00 expected');
    await expect(page.locator('[data-testid="payout-day"][data-date="2026-12-28"]')).toContainText('€100.00');
    const payouts = await (await page.request.get(`${server.url}/api/v1/payouts`)).json();
    const invoice = payouts.invoices.find((i: { invoice_number: string }) => i.invoice_number === 'SM-E2E-0001');
    expect(payouts.invoices.filter((i: { order_id: number }) => i.order_id === order.id)).toHaveLength(1);
    expect(invoice.payment_date).toBe('2026-12-28');
    for (const status of ['approved', 'paid']) {
      const res = await op(`/invoices/${invoice.id}/status`, { status });
      expect(res.ok(), await res.text()).toBeTruthy();
    }
    await page.reload();
    await expect(row).toHaveAttribute('data-status', 'paid');
    await expect(row).toContainText('can take up to 48 hours to post');
    await expectAccessible(page);
    await screenshot(page, testInfo, 'payouts-paid');
    expect(errors).toEqual([]);
  } finally {
    server.stop();
  }
});

test('R-INV-2, R-INV-5: the demo payouts, and changing saved bank details asks for the password', async ({ page }, testInfo) => {
  const errors = watchConsole(page);
  await page.goto('/login');
  await page.getByLabel('Email').fill(ESTABLISHED);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/board/);
  await page.goto('/payouts');
  await expect(page.locator('[data-testid="invoice-row"][data-status="paid"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="invoice-row"][data-status="approved"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="invoice-row"][data-status="submitted"]')).toHaveCount(1);
  await expect(page.getByTestId('calendar-day')).toHaveCount(4);
  await expect(page.getByTestId('invoice-row')).toHaveCount(10);
  await page.getByTestId('show-all-invoices').click();
  await expect(page.getByTestId('invoice-row')).toHaveCount(42);
  await page.getByTestId('show-all-invoices').click();
  await expectAccessible(page);
  await screenshot(page, testInfo, 'payouts-demo');

  // The shipped order in transit waits for its invoice; the saved USD details are masked.
  const orders = await (await page.request.get('/api/v1/orders')).json();
  const shipped = orders.orders.find((o: { status: string; next_step: string }) => o.status === 'shipped' && o.next_step === 'invoice');
  await page.goto(`/orders/${shipped.id}/invoice?step=2`);
  await expect(page.getByTestId('step-title')).toHaveText('Step 1: positions');
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByTestId('saved-bank')).toContainText('•••• 7765');
  await page.getByTestId('change-bank').click();
  await page.getByTestId('bank-holder').fill('Summit Manufacturing LLC');
  await page.getByTestId('bank-routing').fill('021000022');
  await page.getByTestId('bank-routing').blur();
  await expect(page.getByTestId('bank-routing-error')).toContainText('check digit does not match');
  await page.getByTestId('bank-routing').fill('011000015');
  await page.getByTestId('bank-account').fill('998877665');
  await page.getByTestId('invoice-number').fill('SM-2026-0200');
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByTestId('bank-password-error')).toContainText('login password');
  await page.getByTestId('bank-password').fill('not-my-password');
  await page.getByTestId('wizard-continue').click();
  await expect(page.getByTestId('bank-password-error')).toContainText('not your login password');
  await expect(page).toHaveURL(/step=2/);
  await expectAccessible(page);
  await screenshot(page, testInfo, 'invoice-change-bank');
  // Keeping the saved details changes nothing.
  await page.getByTestId('keep-bank').click();
  await expect(page.getByTestId('saved-bank')).toContainText('•••• 7765');
  expect(errors).toEqual([]);
});

test('R-INV-1: an invoice submitted elsewhere first: this tab is told the positions changed and nothing is invoiced twice', async ({ page }, testInfo) => {
  test.setTimeout(60_000);
  const errors = watchConsole(page);
  const server = await startServerAt('2026-11-20T15:00:00Z', `stale-${testInfo.project.name}`);
  try {
    await loginAt(page, server.url, ESTABLISHED);
    const orders = await (await page.request.get(`${server.url}/api/v1/orders`)).json();
    const shipped = orders.orders.find((o: { status: string; next_step: string }) => o.status === 'shipped' && o.next_step === 'invoice');
    await page.goto(`${server.url}/orders/${shipped.id}/invoice`);
    await page.getByTestId('wizard-continue').click();
    await page.getByTestId('invoice-number').fill('SM-TAB-1');
    await page.getByTestId('wizard-continue').click();
    await expect(page).toHaveURL(/step=3/);
    await page.getByTestId('invoice-file').setInputFiles({ name: 'SM-TAB-1.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByTestId('invoice-file-name')).toBeVisible();

    // Another device invoices the same parts first.
    const headers = { 'X-Requested-With': 'partner-portal' };
    const start = await (await page.request.get(`${server.url}/api/v1/orders/${shipped.id}/invoice`)).json();
    const file = await page.request.post(`${server.url}/api/v1/orders/${shipped.id}/files?purpose=invoice`, {
      headers,
      multipart: { file: { name: 'other.pdf', mimeType: 'application/pdf', buffer: PDF } },
    });
    expect(file.ok(), await file.text()).toBeTruthy();
    const other = await page.request.post(`${server.url}/api/v1/orders/${shipped.id}/invoices`, {
      headers: { ...headers, 'Idempotency-Key': 'other-device' },
      data: {
        invoice_number: 'SM-OTHER-1',
        invoice_date: '2026-11-20',
        positions: start.positions.map((p: { line_id: number; quantity: number }) => ({ line_id: p.line_id, quantity: p.quantity })),
        file_id: (await file.json()).id,
      },
    });
    expect(other.status(), await other.text()).toBe(201);

    await page.getByTestId('submit-invoice').click();
    await expect(page.getByTestId('positions-changed')).toBeVisible();
    await expect(page.getByTestId('nothing-to-invoice')).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, testInfo, 'invoice-positions-changed');
    const invoices = (await (await page.request.get(`${server.url}/api/v1/orders/${shipped.id}/invoice`)).json()).invoices;
    expect(invoices.map((i: { invoice_number: string }) => i.invoice_number)).toEqual(['SM-OTHER-1']);
    expect(errors).toEqual([]);
  } finally {
    server.stop();
  }
});
