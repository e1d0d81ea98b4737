// The page `jobsim simulate` writes (report.html), laid out by a real browser: no two labels of its
// charts overlap, and the heat map's key for a node that is down sits clear of the colour scale's
// label (it once ran into it: SVG text has no width the page could read when it was written).
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareReports } from '../../src/cli/reportComparison.js';
import { simulateScenario } from '../../src/cli/simulate.js';
import { reportHtml } from '../../src/cli/simulationReport.js';
import { loadSimulation } from '../../src/runtime/simulate.js';
import { launchBrowser, type Browser } from './browser.js';

const launched = await launchBrowser();
const skip = 'skip' in launched ? launched.skip : undefined;
const browser = 'skip' in launched ? undefined : (launched as Browser);

const NIGHTLY = fileURLToPath(new URL('../../examples/scenarios/nightly.yaml', import.meta.url));
const MONTH = fileURLToPath(new URL('../../examples/scenarios/month.yaml', import.meta.url));

interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

describe.skipIf(skip)(`the simulation report in a browser${skip ? ` (skipped: ${skip})` : ''}`, () => {
  afterAll(async () => {
    await browser?.close();
  });

  it("lays out every chart's labels without overlaps, the heat map's keys included", async () => {
    // A night with node-3 lost from 02:00 to 05:00: the heat map has hatching, so its key is drawn.
    const loaded = loadSimulation(NIGHTLY);
    // Two nights: the time-of-day chart is drawn too.
    const report = await simulateScenario(loaded, { horizonMs: 2 * 86_400_000 });
    const page = await browser!.newPage();
    await page.setContent(reportHtml(report, compareReports(report, report)));
    // Run in the page (a string: this project's TypeScript has no DOM types): each SVG's text boxes
    // and the hatched key of a node that is down, as the browser laid them out.
    const svgs = (await page.evaluate(`[...document.querySelectorAll('svg')].map((svg) => {
      const box = (e, text) => { const b = e.getBoundingClientRect(); return { text, x: b.x, y: b.y, w: b.width, h: b.height }; };
      return {
        texts: [...svg.querySelectorAll('text')].map((t) => box(t, t.textContent || '')),
        keys: [...svg.querySelectorAll('rect[fill="url(#down)"][width="24"]')].map((r) => box(r, 'key: node down')),
      };
    })`)) as { texts: Box[]; keys: Box[] }[];
    const overlap = (a: Box, b: Box) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
    const clashes: string[] = [];
    for (const { texts, keys } of svgs) {
      const boxes = [...texts.filter((t) => t.w > 0), ...keys];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) clashes.push(`"${boxes[i]!.text}" / "${boxes[j]!.text}"`);
    }
    expect(clashes).toEqual([]);
    // The heat map was drawn with its key (the check above would pass on a page without it).
    expect(svgs.some((s) => s.keys.length === 1 && s.texts.some((t) => t.text.startsWith("100% of the node's cpu requested")))).toBe(true);
    expect(svgs.flatMap((s) => s.texts).length).toBeGreaterThan(40);
    expect(svgs.some((s) => s.texts.some((t) => t.text === 'pending, highest'))).toBe(true);
    await page.close();
  });

  it("fits the page's width on a laptop screen, the table of six components compared included", async () => {
    // Two hours of the month: six components, the nightly batch of 20,000 (durations of minutes).
    const report = await simulateScenario(loadSimulation(MONTH), { horizonMs: 2 * 3600_000 });
    expect(Object.keys(report.byComponent)).toHaveLength(6);
    const page = await browser!.newPage();
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.setContent(reportHtml(report, compareReports(report, report)));
    const widths = (await page.evaluate(`({ page: document.documentElement.scrollWidth, window: window.innerWidth,
      tables: [...document.querySelectorAll('table')].map((t) => Math.ceil(t.getBoundingClientRect().right)) })`)) as { page: number; window: number; tables: number[] };
    expect(widths.tables.length).toBeGreaterThanOrEqual(4);
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    for (const right of widths.tables) expect(right).toBeLessThanOrEqual(widths.window);
    await page.close();
  }, 120_000);
});
