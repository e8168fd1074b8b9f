import { expect, test } from '@playwright/test';
import { ESTABLISHED, PASSWORD, PROBATION, expectAccessible, logOut, login, loginToBoard, navTo, screenshot } from './helpers';

test('login page: field errors beside the fields, accessible', async ({ page }, testInfo) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('email-error')).toHaveText('Enter the email address you log in with.');
  await expect(page.getByTestId('password-error')).toHaveText('Enter your password.');
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'login-errors');
  await page.getByLabel('Email').fill('shop@');
  await page.getByLabel('Password').focus();
  await expect(page.getByTestId('email-error')).toContainText('like name@company.com');
});

test('wrong password: a clear message, the email is kept', async ({ page }, testInfo) => {
  await login(page, ESTABLISHED, 'not-the-password');
  await expect(page.getByTestId('form-error')).toHaveText('Email or password is wrong. Check both and try again.');
  await expect(page.getByLabel('Email')).toHaveValue(ESTABLISHED);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page).toHaveURL(/\/login/);
  await screenshot(page, testInfo, 'login-wrong-password');
});

test('login lands on the board; the session survives a reload; logout ends it', async ({ page }, testInfo) => {
  await page.goto('/login');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'login');
  await loginToBoard(page, ESTABLISHED);
  await expect(page.getByTestId('company')).toHaveText('Summit Manufacturing');
  await page.reload();
  await expect(page.getByTestId('company')).toHaveText('Summit Manufacturing');
  await expect(page.getByTestId('job').first()).toBeVisible();
  await logOut(page);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('logged-out')).toHaveText('You are logged out.');
  await expectAccessible(page);
  await screenshot(page, testInfo, 'logged-out');
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/login\?next=%2Forders/);
  // Logging in again returns to the page that asked for it.
  await page.getByLabel('Email').fill(ESTABLISHED);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByTestId('order').first()).toBeVisible();
});

test('sessions: Settings lists where the partner is logged in, and logging out the other devices ends them', async ({ page, browser }, testInfo) => {
  // A second device: the shop's tablet, a browser of its own.
  const tabletContext = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    userAgent: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  });
  const tablet = await tabletContext.newPage();
  await loginToBoard(tablet, PROBATION);
  await loginToBoard(page, PROBATION);
  await page.goto('/settings');
  const sessions = page.getByTestId('session');
  await expect(sessions.filter({ hasText: 'Safari on iPad' }).first()).toBeVisible();
  expect(await sessions.count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('this-device')).toHaveCount(1);
  await expect(page.locator('[data-testid="session"][data-current="true"]')).toContainText('Chrome on');
  await expectAccessible(page);
  await page.getByRole('heading', { name: 'Where you are logged in' }).scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'settings-sessions');

  await page.getByTestId('end-other-sessions').click();
  await expect(page.getByTestId('sessions-status')).toContainText(/Logged out on \d+ other device/);
  await expect(sessions).toHaveCount(1);
  await expect(page.getByTestId('end-other-sessions')).toHaveCount(0);
  // The tablet's next request finds its session ended: it is sent to log in again.
  await tablet.goto('/orders');
  await expect(tablet).toHaveURL(/\/login/);
  // This device stays logged in.
  await page.reload();
  await expect(page.getByTestId('this-device')).toBeVisible();
  await tabletContext.close();
});

test('a page that does not exist says so', async ({ page }) => {
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the job board' }).click();
  await expect(page).toHaveURL(/\/(board|login)/);
});

/** The keys of the drafts this browser keeps (every partner's). */
async function draftKeys(page: import('@playwright/test').Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('portal.draft.')));
}

test('a shared tablet: one partner never sees another partner\'s unsaved work, and logging out clears it', async ({ page }, testInfo) => {
  // Partner A starts changing its capabilities and walks away without saving.
  await loginToBoard(page, PROBATION);
  await navTo(page, 'Settings');
  const firstMaterial = page.getByTestId('materials-group').locator('input[type=checkbox]').first();
  await expect(firstMaterial).toBeVisible();
  const wasChecked = await firstMaterial.isChecked();
  await firstMaterial.setChecked(!wasChecked);
  await expect(page.getByTestId('save-capabilities')).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId('caps-notice')).toContainText('unsaved changes from before were restored');
  expect(await draftKeys(page)).toHaveLength(1);
  // The session ends without a logout (expired, say); partner B logs in on the same browser.
  await page.context().clearCookies();
  await loginToBoard(page, ESTABLISHED);
  await navTo(page, 'Settings');
  await expect(page.getByTestId('materials-group')).toBeVisible();
  await expect(page.getByTestId('caps-notice')).toHaveCount(0);
  await expect(page.getByTestId('save-capabilities')).toBeDisabled();
  expect(await draftKeys(page), 'A\'s draft is still A\'s alone').toHaveLength(1);
  // B logs out: nobody's draft stays on the device.
  await logOut(page);
  await expect(page).toHaveURL(/\/login/);
  expect(await draftKeys(page)).toEqual([]);
  // A comes back: the stored capabilities, not the abandoned change.
  await loginToBoard(page, PROBATION);
  await navTo(page, 'Settings');
  await expect(firstMaterial).toBeVisible();
  await expect(page.getByTestId('caps-notice')).toHaveCount(0);
  expect(await firstMaterial.isChecked()).toBe(wasChecked);
  await screenshot(page, testInfo, 'settings-after-logout');
});
