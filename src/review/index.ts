export { createReviewApp, type ReviewAppSettings } from './app.js';
export { formatPendingList, formatReviewStatus } from './format-review.js';
export {
  type ListPendingOptions,
  listPendingReviews,
  type PendingReviewSummary,
  readRouteStatus,
  UnknownRequestError,
} from './pending.js';
export { type ReviewServer, type ReviewServerSettings, startReviewServer } from './server.js';
export {
  buildReviewDecision,
  isReviewDecisionKind,
  type ReviewSubmission,
  signalReviewDecision,
  submitReviewDecision,
} from './submit.js';
export {
  findReviewer,
  generateReviewerTokens,
  loadReviewerTokens,
  MIN_TOKEN_LENGTH,
  REVIEWER_TOKENS_ENV,
  type ReviewerTokens,
} from './tokens.js';
