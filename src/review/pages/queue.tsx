import type { FC } from 'hono/jsx';
import { formatDurationMs } from '../../policy/duration.js';
import { formatIntent, formatTimeLeft } from '../format-review.js';
import type { PendingReviewSummary } from '../pending.js';
import type { ReviewSession } from '../sessions.js';
import { Layout } from './layout.js';
import { requestPath } from './paths.js';

export interface QueueFilters {
  route?: string | undefined;
  dataClass?: string | undefined;
}

export interface QueuePageProps {
  session: ReviewSession;
  /** Every pending request (the filters apply here, and their choices come from all of them). */
  pending: PendingReviewSummary[];
  filters: QueueFilters;
}

/** The review queue: pending requests, filterable by route and data class (plain GET form). */
export const QueuePage: FC<QueuePageProps> = ({ session, pending, filters }) => {
  const shown = pending.filter(
    (item) =>
      (!filters.route || item.route === filters.route) && (!filters.dataClass || item.dataClass === filters.dataClass),
  );
  const routes = choices(
    pending.map((item) => item.route),
    filters.route,
  );
  const dataClasses = choices(
    pending.map((item) => item.dataClass),
    filters.dataClass,
  );
  return (
    <Layout title="Queue" session={session}>
      <h1>Waiting for review ({shown.length})</h1>
      <form method="get" action="/" class="filters">
        <FilterSelect name="route" label="Route" options={routes} selected={filters.route} />
        <FilterSelect name="dataClass" label="Data class" options={dataClasses} selected={filters.dataClass} />
        <button type="submit">Filter</button>
        <a href="/">Clear</a>
      </form>
      {shown.length === 0 ? (
        <p class="muted">
          Nothing is waiting for review{filters.route || filters.dataClass ? ' with these filters' : ''}.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Request</th>
              <th>Reason</th>
              <th>Age</th>
              <th>Deadline</th>
              <th>Route</th>
              <th>Data class</th>
              <th>Intent</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <tr data-workflow-id={item.workflowId}>
                <td>
                  <a class="mono" href={requestPath(item.workflowId)}>
                    {item.workflowId}
                  </a>
                </td>
                <td>{item.reason ?? <span class="failed">{item.error}</span>}</td>
                <td>{formatDurationMs(Math.max(0, item.ageMs))}</td>
                <td title={item.deadlineAt ?? ''}>{formatTimeLeft(item.timeLeftMs)}</td>
                <td>{item.route ?? '-'}</td>
                <td>{item.dataClass ? <span class="tag">{item.dataClass}</span> : '-'}</td>
                <td>{formatIntent(item.intent, item.confidence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};

const FilterSelect: FC<{ name: string; label: string; options: string[]; selected: string | undefined }> = ({
  name,
  label,
  options,
  selected,
}) => (
  <label>
    {label}
    <select name={name}>
      <option value="">all</option>
      {options.map((option) => (
        <option value={option} selected={option === selected}>
          {option}
        </option>
      ))}
    </select>
  </label>
);

function choices(values: (string | null)[], current: string | undefined): string[] {
  const set = new Set(values.filter((value): value is string => value !== null));
  if (current) set.add(current);
  return [...set].sort();
}
