/** Longest validity of a generated node certificate (days); shared by the construct and the handler, no SDK import. */
export const MAX_VALIDITY_DAYS = 825;
