// Opens a built report.html in headless Chromium from a file URL and fails on any
// console error, page error or network request; takes a full-page screenshot and checks
// it is not blank (page taller than one screen, many distinct colours, every chart drawn).
//
// Accessibility (issue 27): axe-core's WCAG 2.2 A and AA rules find no violation; every
// chart's text has 4.5:1 contrast on white (axe does not check SVG text); at 320px wide
// the page itself never scrolls sideways (wide tables scroll in their own region); the
// contents links are at least 24px tall; the data files are linked.
//
// usage: node report.test.mjs reports/<year>/report.html [screenshot.png]
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
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
  // Reflow at 320 CSS pixels (WCAG 1.4.10): no sideways scrolling of the page.
  await page.setViewportSize({ width: 320, height: 640 });
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  // Target size (WCAG 2.5.8): the contents links are at least 24px tall.
  const smallTargets = await page.evaluate(() => [...document.querySelectorAll('nav a')]
    .filter((a) => a.getBoundingClientRect().height < 24).length);
  // Chart text contrast on the white chart background (WCAG 1.4.3), from each text's fill.
  const lowContrast = await page.evaluate(() => {
    const lum = (rgb) => rgb.map((v) => v / 255)
      .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const low = [];
    for (const t of document.querySelectorAll('figure svg text')) {
      const fill = getComputedStyle(t).fill.match(/\d+(\.\d+)?/g);
      if (!fill || !t.textContent.trim()) continue;
      const ratio = 1.05 / (lum(fill.slice(0, 3).map(Number)) + 0.05);
      if (ratio < 4.5) low.push(`"${t.textContent.trim()}" ${ratio.toFixed(2)}:1`);
    }
    return low;
  });
  // Every data file is linked from the page.
  const links = await page.evaluate(() => [...document.querySelectorAll('#sources a')].map((a) => a.getAttribute('href')));
  const dataFiles = fs.readdirSync(path.join(path.dirname(report), 'data')).map((f) => `data/${f}`);
  const unlinked = [...dataFiles, 'tables.xlsx', 'tables.ods', 'datapackage.json'].filter((f) => !links.includes(f));
  // axe-core, injected from node_modules (no network), WCAG 2.0 to 2.2 A and AA rules.
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axePath });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return { version: window.axe.version, rules: r.passes.length + r.violations.length,
      violations: r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}; ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`) };
  });
  const png = PNG.sync.read(await page.screenshot({ fullPage: true, path: shot }));
  const colours = new Set();
  for (let i = 0; i < png.data.length; i += 4 * 97) {
    colours.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
  }

  if (height <= 900) failures.push(`page is ${height}px tall, not more than one screen`);
  if (charts < 5) failures.push(`only ${charts} charts drawn`);
  if (titled !== charts) failures.push(`${charts - titled} charts without a <title>`);
  if (pageWidth > 320) failures.push(`at 320px wide the page is ${pageWidth}px wide: it scrolls sideways`);
  if (smallTargets > 0) failures.push(`${smallTargets} contents links under 24px tall`);
  for (const t of lowContrast) failures.push(`chart text under 4.5:1 contrast: ${t}`);
  if (unlinked.length > 0) failures.push(`files not linked from the report: ${unlinked.join(', ')}`);
  if (axe.rules < 20) failures.push(`axe-core ran only ${axe.rules} rules`);
  for (const v of axe.violations) failures.push(`axe-core: ${v}`);
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
  console.log(`accessibility: axe-core ${axe.version}, ${axe.rules} WCAG rules applied, ${axe.violations.length} violations; page ${pageWidth}px wide at 320px; ${lowContrast.length} chart texts under 4.5:1`);
  console.log(`screenshot: ${shot} (${png.width}x${png.height})`);
} finally {
  await browser.close();
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(`${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed`);
process.exit(failures.length === 0 ? 0 : 1);
