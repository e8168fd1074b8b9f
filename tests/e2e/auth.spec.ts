import { expect, test } from '@playwright/test';
import { ESTABLISHED, PASSWORD, expectAccessible, login, loginToBoard, screenshot } from './helpers';

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
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/orders');
  await expect(page).toHaveURL(/\/login\?next=%2Forders/);
  // Logging in again returns to the page that asked for it.
  await page.getByLabel('Email').fill(ESTABLISHED);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByTestId('order').first()).toBeVisible();
});

test('a page that does not exist says so', async ({ page }) => {
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the job board' }).click();
  await expect(page).toHaveURL(/\/(board|login)/);
});
