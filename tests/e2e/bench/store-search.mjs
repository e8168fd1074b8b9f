// `cargo xtask bench` runs this against a server it started (BASE_URL): it opens the supplies
// store's catalog (the whole demo catalog, 369 products) in headless Chromium and measures a
// search as the partner types it, from the keystroke to the next paint of the result count
// (median and slowest of 30 keystrokes over searches that match a few to all products), and the
// store chunk's arrival on the first visit. Prints figures; asserts nothing about time.
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
await page.goto(`${base}/login`);
await page.getByLabel('Email').fill('established@demo.example');
await page.getByLabel('Password').fill('portal-demo');
await page.getByTestId('login-submit').click();
await page.waitForURL(/\/board/);
const chunk = [];
page.on('response', (r) => {
  if (r.url().includes('split_store')) chunk.push(r);
});
const open = Date.now();
await page.goto(`${base}/store`);
await page.getByTestId('result-count').waitFor();
console.log(`catalog page (hard load, store chunk and first page of results) in ${Date.now() - open} ms`);
for (const r of chunk) console.log(`store chunk: ${r.url().split('/').pop()} ${(await r.body()).length} bytes raw`);

/** Types `text` one key at a time; each key's time from input to the result count's change. */
async function typeTimes(text) {
  const times = [];
  for (let i = 1; i <= text.length; i++) {
    times.push(
      await page.evaluate(async (value) => {
        const input = document.querySelector('[data-testid="store-q"]');
        const count = () => document.querySelector('[data-testid="result-count"]');
        const before = count().textContent;
        const start = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // A keystroke that leaves the count as it was (the same matches) cannot be seen to
        // paint: it is left out of the figures after a second.
        const changed = await new Promise((resolve) => {
          const check = () => {
            const now = count();
            if (now && now.textContent !== before) resolve(true);
            else requestAnimationFrame(check);
          };
          setTimeout(() => resolve(false), 1000);
          check();
        });
        await new Promise((r) => requestAnimationFrame(() => r()));
        return changed ? performance.now() - start : null;
      }, text.slice(0, i)),
    );
  }
  return times;
}

const all = [];
for (const text of ['6061 sheet', 'stainless rod', 'end mill', 'brass 360', 'pla filament']) {
  const input = page.getByTestId('store-q');
  await input.fill('');
  await page.waitForTimeout(300);
  all.push(...(await typeTimes(text)).filter((t) => t !== null));
}
all.sort((a, b) => a - b);
const median = all[Math.floor(all.length / 2)];
console.log(
  `catalog search, keystroke to paint over the whole catalog: median ${median.toFixed(1)} ms, slowest ${all[all.length - 1].toFixed(1)} ms (${all.length} keystrokes that changed the results)`,
);
await browser.close();
