/** Longest validity of a generated node certificate (days); shared by the construct and the handler, no SDK import. */
export const MAX_VALIDITY_DAYS = 825;

/**
 * Days before expiry of the final reminder (after the first notice at certificateExpiryWarning): a week leaves
 * time to renew in a change window. Never earlier than half the first notice's lead, so it always comes after it.
 */
export const REMINDER_DAYS = 7;
