/**
 * Patch id of locale routing (route `when.locale`, docs/workflow-changes.md): the workflow passes the recorded
 * classification's locale into route matching only past this marker, and asks for it only when some route of
 * the policy names locales, so histories recorded before replay as they ran.
 */
export const LOCALE_SEGMENTS_PATCH = 'locale-segments';
