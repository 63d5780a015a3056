// `switchyard/workflow`: workflow-safe code only (no Node built-ins, no I/O), for use inside your own
// workflows — e.g. `executeChild(routeRequestWorkflow, …)` — and the messages a routing workflow answers.

export { floorWorkflow, routeRequestWorkflow } from '../workflows/index.js';
export { getRouteStatusQuery, resolveReviewSignal, resolveReviewUpdate } from '../workflows/messages.js';
export type { RouteStatus, RouteWorkflowInput } from '../workflows/types.js';
export type * from './policy/types.js';
