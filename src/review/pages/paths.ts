/** Where a request's page lives. */
export function requestPath(workflowId: string, suffix = ''): string {
  return `/requests/${encodeURIComponent(workflowId)}${suffix}`;
}
