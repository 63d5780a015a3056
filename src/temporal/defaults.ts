/** Task queue routing workflows and model calls run on. @default 'switchyard' (env SWITCHYARD_TASK_QUEUE) */
export const DEFAULT_TASK_QUEUE = process.env.SWITCHYARD_TASK_QUEUE ?? 'switchyard';

/** Prefix of routing workflow ids. */
export const WORKFLOW_ID_PREFIX = 'route-';
