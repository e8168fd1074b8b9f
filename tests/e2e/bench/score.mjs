// `cargo xtask bench` runs this against a server it started on a database where the established
// demo partner has BENCH_JOBS extra shipped jobs (BASE_URL): it opens the what-if page in headless
// Chromium and measures, for 20 keystrokes in "Days late", the time from the input event to the
// next paint with the result updated, and the engine's own time in wasm. Prints medians; asserts
// nothing about time.
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL;
const jobs = process.env.BENCH_JOBS ?? '?';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
await page.goto(`${base}/login`);
await page.getByLabel('Email').fill('established@demo.example');
await page.getByLabel('Password').fill('portal-demo');
await page.getByTestId('login-submit').click();
await page.waitForURL(/\/board/);
const loadStart = Date.now();
await page.goto(`${base}/score/what-if`);
await page.getByTestId('what-if-pss').waitFor({ timeout: 120_000 });
console.log(`what-if page with ${jobs} more jobs in the window ready in ${Date.now() - loadStart} ms`);
const order = page.getByTestId('try-order').first();
await order.getByRole('checkbox').first().check();
const field = order.getByLabel('Days late');
const id = await field.getAttribute('id');

const times = [];
const engine = [];
for (let i = 0; i < 20; i++) {
  const [ms, figure] = await page.evaluate(async ([id, value]) => {
    const input = document.getElementById(id);
    const result = document.querySelector('[data-testid="what-if-result"]');
    const before = result.getAttribute('data-engine-ms');
    const start = performance.now();
    const changed = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (result.getAttribute('data-engine-ms') !== before) {
          obs.disconnect();
          resolve();
        }
      });
      obs.observe(result, { attributes: true });
    });
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await changed;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return [performance.now() - start, result.getAttribute('data-engine-ms')];
  }, [id, String(1 + (i % 9))]);
  times.push(ms);
  engine.push(Number(figure.split(':')[1]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`what-if keystroke to paint, ${jobs} more jobs: median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
console.log(`score engine in wasm (headless Chromium), ${jobs} more jobs: median ${median(engine).toFixed(2)} ms, max ${Math.max(...engine).toFixed(2)} ms`);
await browser.close();
