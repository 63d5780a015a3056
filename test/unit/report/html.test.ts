import { describe, expect, it } from 'vitest';
import { costSuccessChart } from '../../../src/report/chart-cost-success.js';
import { latencyChart } from '../../../src/report/chart-latency.js';
import { outcomesChart } from '../../../src/report/chart-outcomes.js';
import { summarizeResults } from '../../../src/report/live-report.js';
import { renderReportHtml } from '../../../src/report/render-html.js';
import { escapeXml, logTicks, niceTicks } from '../../../src/report/svg-kit.js';
import { result } from './fixtures.js';

const meta = { since: new Date(0), generatedAt: new Date(1000), running: 0, unfinished: {}, truncated: false };

describe('SVG charts', () => {
  const report = summarizeResults(
    [
      result({ route: 'faq' }),
      result({ route: '<script>', outcome: 'degraded', answer: 'x', model: null, costUsd: 0, latencyMs: 900 }),
    ],
    meta,
  );

  it('draws one bubble per route, one box per route, and outcome segments', () => {
    expect(costSuccessChart(report.byRoute).match(/<circle /g)).toHaveLength(2);
    expect(latencyChart(report.latency, ['faq', '<script>', 'all']).match(/class="box"/g)).toHaveLength(3);
    expect(outcomesChart(report.outcomes, ['faq', '<script>']).match(/class="segment"/g)).toHaveLength(2);
  });

  it('escapes route names and writes a page without scripts or remote resources', () => {
    const html = renderReportHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it('says so when there is nothing to chart', () => {
    const html = renderReportHtml(summarizeResults([], meta));
    expect(html).toContain('No finished routing requests');
    expect(html).not.toContain('<svg');
  });
});

describe('svg kit', () => {
  it('makes round ticks and log ticks', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(logTicks(80, 2500)).toEqual([100, 200, 500, 1000, 2000]);
    expect(escapeXml(`a<b>&"'`)).toBe('a&#60;b&#62;&#38;&#34;&#39;');
  });
});
