/** Where a speed came from: the user's measurement, one scaled from it, the table, an estimate, or the offer. */
export type SpeedBasis = 'measured' | 'scaled-measurement' | 'table' | 'estimate' | 'offer';
