// Opens a built report.html in headless Chromium from a file URL and fails on any
// console error, page error or network request; takes a full-page screenshot and checks
// it is not blank (page taller than one screen, many distinct colours, every chart drawn).
//
// usage: node report.test.mjs reports/<year>/report.html [screenshot.png]
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, shot = '/tmp/slm-report-screenshot.png'] = process.argv.slice(2);
if (!report) {
  console.error('usage: node report.test.mjs REPORT.html [SCREENSHOT.png]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`page error: ${e}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) failures.push(`network request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(path.resolve(report)).href, { waitUntil: 'load' });

  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const charts = await page.locator('figure svg').count();
  const titled = await page.locator('figure svg > title').count();
  const scripts = await page.locator('script').count();
  // The release facts and "About these statistics" are on the page, visible.
  const about = await page.locator('section#about h2').isVisible();
  const aboutItems = await page.locator('section#about dt').count();
  const released = await page.locator('header dl.release dt').allTextContents();
  // With survey returns beside it, the report shows both methods: the section with its
  // two tables (rates by method, agreement), and the chart.
  const withSurvey = fs.existsSync(path.join(path.dirname(report), 'data', 'survey_rates.csv'));
  const twoMethods = await page.locator('section#two-methods h2').isVisible();
  const twoMethodsRows = await page.locator('section#two-methods table tbody tr').count();
  const twoMethodsChart = await page.locator('section#two_methods figure svg').count();
  // With local-authority rows in the tables, the report lists the LAs in a plain table.
  const rates = fs.readFileSync(path.join(path.dirname(report), 'data', 'unfilled_rates.csv'), 'utf8');
  const withLas = rates.includes(',Local authority,');
  const laRows = await page.locator('section#local-authorities table tbody tr').count();
  // A phone-width reader can read every chart: none is wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const tooWide = await page.evaluate(() => [...document.querySelectorAll('figure svg')]
    .filter((svg) => svg.getBoundingClientRect().width > window.innerWidth).length);
  await page.setViewportSize({ width: 1280, height: 900 });
  const png = PNG.sync.read(await page.screenshot({ fullPage: true, path: shot }));
  const colours = new Set();
  for (let i = 0; i < png.data.length; i += 4 * 97) {
    colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
  }

  if (height <= 900) failures.push(`page is ${height}px tall, not more than one screen`);
  if (charts < 5) failures.push(`only ${charts} charts drawn`);
  if (titled !== charts) failures.push(`${charts - titled} charts without a <title>`);
  if (scripts !== 0) failures.push(`${scripts} <script> elements in a page that needs none`);
  if (colours.size < 12) failures.push(`screenshot has only ${colours.size} distinct colours: blank?`);
  if (!about || aboutItems < 5) failures.push(`"About these statistics" missing or short (${aboutItems} items)`);
  for (const fact of ['Published', 'Status', 'Producer', 'Contact']) {
    if (!released.includes(fact)) failures.push(`release fact ${fact} missing from the header (${released})`);
  }
  if (tooWide > 0) failures.push(`${tooWide} charts wider than a 390px phone screen`);
  if (withSurvey && (!twoMethods || twoMethodsRows < 4 || twoMethodsChart !== 1)) {
    failures.push(`survey returns built but "Two methods" shows ${twoMethods ? 'the section' : 'no section'}, ${twoMethodsRows} table rows, ${twoMethodsChart} charts`);
  }
  if (withLas && laRows < 1) failures.push(`local-authority rows built but the report lists ${laRows} LAs`);
  console.log(`report: ${report}: ${height}px tall, ${charts} charts, ${colours.size} sampled colours`);
  console.log(`screenshot: ${shot} (${png.width}x${png.height})`);
} finally {
  await browser.close();
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed`);
process.exit(failures.length === 0 ? 0 : 1);
