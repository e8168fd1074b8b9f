// Shared steps: logging in, screenshots, accessibility checks.
import { expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const PASSWORD = 'portal-demo';
export const ESTABLISHED = 'established@demo.example';
export const PROBATION = 'probation@demo.example';
export const FROZEN = 'frozen@demo.example';

export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in on a server of its own (`startServerAt`) and lands on its board. */
export async function loginAt(page: Page, base: string, email: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/board/);
}

/**
 * Follows a link of the main navigation. On a tablet the secondary links sit behind "Menu"
 * (issue 17), which is opened first when the link is not on screen.
 */
export async function navTo(page: Page, name: string | RegExp) {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  if (!(await link.isVisible())) await page.getByTestId('menu-button').click();
  await link.click();
}

/**
 * Issue 17: focuses every field of the wizard's step, coming from above and from below, and
 * checks that no sticky bar (the header, the wizard's buttons) covers it.
 */
export async function expectFocusClearOfBars(page: Page) {
  const ids = await page.locator('form.wizard').locator('input:not([type=hidden]), select, textarea').evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('.visually-hidden'))
      .map((e, i) => {
        if (!e.id) e.id = `focus-probe-${i}`;
        return e.id;
      }),
  );
  expect(ids.length, 'fields in this step').toBeGreaterThan(0);
  const covered: string[] = [];
  for (const id of ids) {
    for (const from of ['top', 'bottom']) {
      const hidden = await page.evaluate(([id, from]) => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.scrollTo(0, from === 'top' ? 0 : document.documentElement.scrollHeight);
        const el = document.getElementById(id)!;
        el.focus();
        const r = el.getBoundingClientRect();
        const bars = [...document.querySelectorAll('body *')].filter((b) => {
          const p = getComputedStyle(b).position;
          return (p === 'sticky' || p === 'fixed') && !b.contains(el) && b.getBoundingClientRect().height > 0;
        });
        return bars
          .filter((b) => {
            const q = b.getBoundingClientRect();
            return q.top < r.bottom && q.bottom > r.top && q.left < r.right && q.right > r.left;
          })
          .map((b) => `${b.tagName.toLowerCase()}.${b.className}`);
      }, [id, from]);
      if (hidden.length) covered.push(`#${id} (from the ${from}) under ${hidden.join(', ')}`);
    }
  }
  expect(covered).toEqual([]);
}

/** Logs out from the header (behind "Menu" on a tablet). */
export async function logOut(page: Page) {
  if (!(await page.getByTestId('logout').isVisible())) await page.getByTestId('menu-button').click();
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-form')).toBeVisible();
}

export async function loginToBoard(page: Page, email: string) {
  await login(page, email);
  await expect(page).toHaveURL(/\/board/);
}

/** Saves a full-page screenshot under ARTIFACTS_DIR/<project>/<name>.png. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const dir = process.env.ARTIFACTS_DIR ?? 'artifacts';
  await page.screenshot({ path: path.join(dir, testInfo.project.name, `${name}.png`), fullPage: true });
}

/** No WCAG 2.2 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, 'axe-core violations').toEqual([]);
}

/** Collects console errors and CSP violations; a page that works logs none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    // The browser logs every 4xx answer (401 from GET /me before login is expected); those are
    // not the page's errors.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`${err.message} (on ${new URL(page.url()).pathname})`));
  return errors;
}

export const NEW_PARTNER = 'new@demo.example';

/** The marketplace side: the operator API, with the token the suite's server was started with. */
export async function operator(request: import('@playwright/test').APIRequestContext, method: 'POST' | 'DELETE', path: string, data?: unknown) {
  const res = await request.fetch(`/api/v1/operator${path}`, {
    method,
    headers: { Authorization: `Bearer ${process.env.OPERATOR_TOKEN}` },
    data,
  });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return res.status() === 204 ? null : res.json();
}

let sequence = 0;

/** Posts a small CNC job that every CNC demo partner matches, with a unique reference. */
export async function postJob(
  request: import('@playwright/test').APIRequestContext,
  testInfo: TestInfo,
  overrides: Record<string, unknown> = {},
): Promise<{ id: number; reference: string }> {
  sequence += 1;
  const reference = `E2E-${testInfo.project.name.slice(0, 1).toUpperCase()}${Date.now() % 100000}-${sequence}`;
  const ship = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  return operator(request, 'POST', '/jobs', {
    reference,
    part_name: 'Sensor bracket',
    requirements: {
      process: 'cnc_milling',
      material: 'aluminum_6061',
      finish: 'as_machined',
      certifications: [],
      part_size: { x_mm: 90, y_mm: 60, z_mm: 20 },
    },
    quantity: 40,
    price: { amount_minor: 180_000, currency: 'USD' },
    ship_by: ship,
    ...overrides,
  });
}

/** Clicks "Show more" until the job's row is drawn (the board draws 20 rows at a time). */
export async function revealJob(page: Page, reference: string) {
  const row = page.locator(`[data-reference="${reference}"]`);
  await expect(page.getByTestId('job').first()).toBeVisible();
  while ((await row.count()) === 0 && (await page.getByTestId('show-more').count()) > 0) {
    await page.getByTestId('show-more').click();
  }
  return row;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts a server of its own (the suite's binary and SPA) at a fixed instant with a fresh demo
 * database, for specs that need another day or hour than the suite's server. Its operator API
 * takes `operatorToken`.
 */
export async function startServerAt(
  now: string,
  operatorToken = 'own-server-token',
  env: Record<string, string> = {},
): Promise<{ url: string; stop: () => void }> {
  const bin = process.env.PORTAL_API_BIN;
  const dist = process.env.PORTAL_DIST;
  if (!bin || !dist) throw new Error('PORTAL_API_BIN and PORTAL_DIST are set by cargo xtask test');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-at-'));
  const child: ChildProcess = spawn(bin, ['--addr', `127.0.0.1:${port}`, '--db', path.join(dir, 'portal.db'), '--dist', dist, '--demo', '--now', now], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORTAL_OPERATOR_TOKEN: operatorToken, ...env },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Partner portal:')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}


/**
 * A real SMTP server (aiosmtpd, installed by `cargo xtask test`) on a free port: what it received,
 * as it printed it, and a way to stop it.
 */
export async function startSmtpServer(): Promise<{ address: string; received: () => string; stop: () => void }> {
  const python = process.env.PORTAL_TEST_PYTHON;
  if (!python) throw new Error('PORTAL_TEST_PYTHON is set by cargo xtask test');
  const port = await freePort();
  const child = spawn(python, ['-u', '-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => {
    text += d.toString();
  });
  for (let i = 0; i < 100; i += 1) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) return { address: `127.0.0.1:${port}`, received: () => text, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('aiosmtpd did not start');
}

/**
 * The shipping wizard's first two steps for every part left of an order (one package, its photo),
 * ending on step 3 (delivery), where the caller checks what it needs.
 */
export async function packageInWizard(page: Page, base: string, orderId: number, photo: Buffer) {
  await page.goto(`${base}/orders/${orderId}/ship`);
  await page.locator('[data-testid^="qty-"][data-testid$="-all"]').first().click();
  await page.getByTestId('wizard-continue').click();
  await expect(page).toHaveURL(/step=2/);
  await page.getByTestId('length').fill('30');
  await page.getByTestId('width').fill('20');
  await page.getByTestId('height').fill('10');
  await page.getByTestId('weight').fill('2');
  await page.getByTestId('package-photo').setInputFiles({ name: 'packed.png', mimeType: 'image/png', buffer: photo });
  await expect(page.getByTestId('package-photo-preview')).toBeVisible();
  await page.getByTestId('wizard-continue').click();
  await expect(page).toHaveURL(/step=3/);
}

/** A real 1×1 PNG, uploaded through the browser's file inputs. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A real one-page PDF with a correct cross-reference table: the server parses every PDF. */
export const PDF = (() => {
  const text = 'BT /F1 12 Tf 72 720 Td (QC report: all dimensions in tolerance) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
})();

/** A day from today on the marketplace's clock (New York), which the portal counts days in. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
}

/** The id of the order whose page is open. */
export async function orderId(page: Page): Promise<number> {
  const m = page.url().match(/\/orders\/(\d+)/);
  expect(m, page.url()).not.toBeNull();
  return Number(m![1]);
}

/** Logs in and shows the board newest first, where jobs posted by a test are on the first page. */
export async function boardNewest(page: Page, email: string) {
  await loginToBoard(page, email);
  await page.goto('/board?sort=newest');
  await expect(page.getByTestId('job').first()).toBeVisible();
}
