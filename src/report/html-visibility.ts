import { QUOTA_HEAD, quotaCells } from '../budget/quota-status.js';
import type { LiveReport } from './live-report.js';
import {
  BUDGET_HEAD,
  budgetCells,
  FAILOVER_HEAD,
  failoverCells,
  PROVIDER_HEAD,
  providerCells,
} from './render-visibility.js';
import { escapeXml } from './svg-kit.js';

/**
 * The report page's visibility sections as HTML: provider concentration, failover readiness per provider pair,
 * spend against budget caps. Plain tables with the same cells as the terminal ones; a section with nothing to
 * show says so in a sentence.
 */
export function visibilitySectionsHtml(report: LiveReport): string {
  const policy = report.activePolicyVersion;
  const declaredNote = policy === null ? ' No policy was found, so declared paths are not listed.' : '';
  return `<h2>Provider concentration</h2>${
    report.providerConcentration.length === 0
      ? '<p>No attempts in this window.</p>'
      : tableHtml(PROVIDER_HEAD, report.providerConcentration.map(providerCells), 1)
  }
<h2>Failover readiness</h2><p class="meta">Each cross-provider fallback path: how often a failed attempt moved to it,
how often the fallback attempt succeeded, and when it was last taken.${declaredNote}</p>${
    report.failoverReadiness.length === 0
      ? '<p>No cross-provider fallback taken or declared.</p>'
      : tableHtml(FAILOVER_HEAD, report.failoverReadiness.map(failoverCells), 2)
  }
<h2>Spend against budgets</h2>${
    report.budgets.length === 0
      ? `<p>${policy === null ? 'No policy was found.' : `Policy ${escapeXml(policy)} has no budgets.`}</p>`
      : tableHtml(BUDGET_HEAD, report.budgets.map(budgetCells), 2)
  }
<h2>Quota shares</h2>${
    report.quotas.length === 0
      ? '<p>No quotas in the policy.</p>'
      : tableHtml(QUOTA_HEAD, report.quotas.map(quotaCells), 3)
  }`;
}

/** A plain table whose first `names` columns are left-aligned names. */
export function tableHtml(head: readonly string[], rows: readonly string[][], names: number): string {
  const cell = (tag: 'th' | 'td', text: string, index: number) =>
    `<${tag}${index < names ? ' class="name"' : ''}>${escapeXml(text)}</${tag}>`;
  const headHtml = head.map((text, index) => cell('th', text, index)).join('');
  const body = rows.map((row) => `<tr>${row.map((text, index) => cell('td', text, index)).join('')}</tr>`).join('');
  return `<div class="table"><table><thead><tr>${headHtml}</tr></thead><tbody>${body}</tbody></table></div>`;
}
