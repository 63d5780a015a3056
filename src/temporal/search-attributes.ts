import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Search attributes Switchyard sets on every routing workflow. They are indexed and NOT encrypted, so
 * they hold labels only — never request text or identifiers.
 */
export const SEARCH_ATTRIBUTES = {
  route: defineSearchAttributeKey('SwitchyardRoute', 'KEYWORD'),
  model: defineSearchAttributeKey('SwitchyardModel', 'KEYWORD'),
  outcome: defineSearchAttributeKey('SwitchyardOutcome', 'KEYWORD'),
  dataClass: defineSearchAttributeKey('SwitchyardDataClass', 'KEYWORD'),
  policyVersion: defineSearchAttributeKey('SwitchyardPolicyVersion', 'KEYWORD'),
  intent: defineSearchAttributeKey('SwitchyardIntent', 'KEYWORD'),
  needsReview: defineSearchAttributeKey('SwitchyardNeedsReview', 'BOOL'),
  /** Route the worker's shadow policy chose (`none`: it rejects); set only by workers running a shadow. */
  shadowRoute: defineSearchAttributeKey('SwitchyardShadowRoute', 'KEYWORD'),
} as const;

export const SEARCH_ATTRIBUTE_KEYS = Object.values(SEARCH_ATTRIBUTES);
