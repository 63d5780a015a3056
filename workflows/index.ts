// The workflow bundle's entry point: every workflow Switchyard registers on a worker.

export { budgetLedgerWorkflow } from './budget-ledger.js';
export { canaryControllerWorkflow } from './canary-controller.js';
export { circuitWorkflow } from './circuit.js';
export { feedbackWorkflow } from './feedback.js';
export { floorWorkflow } from './floor.js';
export { gradeWorkflow } from './grade-answer.js';
export { quotaLedgerWorkflow } from './quota-ledger.js';
export { routeRequestWorkflow } from './route-request.js';
