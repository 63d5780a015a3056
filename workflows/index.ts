// The workflow bundle's entry point: every workflow Switchyard registers on a worker.
export { floorWorkflow } from './floor.js';
export { routeRequestWorkflow } from './route-request.js';
export { circuitWorkflow } from './circuit.js';
