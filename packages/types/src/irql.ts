/** Interrupt request levels on x64. */
export const Irql = {
  PASSIVE_LEVEL: 0,
  APC_LEVEL: 1,
  DISPATCH_LEVEL: 2,
  CMCI_LEVEL: 5,
  CLOCK_LEVEL: 13,
  IPI_LEVEL: 14,
  POWER_LEVEL: 14,
  PROFILE_LEVEL: 15,
  HIGH_LEVEL: 15,
} as const;

/** An IRQL is a number from PASSIVE_LEVEL (0) to HIGH_LEVEL (15). */
export type Irql = number;

const IRQL_NAMES: Record<number, string> = {
  0: 'PASSIVE_LEVEL',
  1: 'APC_LEVEL',
  2: 'DISPATCH_LEVEL',
  5: 'CMCI_LEVEL',
  13: 'CLOCK_LEVEL',
  14: 'IPI_LEVEL',
  15: 'HIGH_LEVEL',
};

export function irqlName(level: Irql): string {
  return IRQL_NAMES[level] ?? `IRQL ${level}`;
}

export function isValidIrql(level: number): level is Irql {
  return Number.isInteger(level) && level >= Irql.PASSIVE_LEVEL && level <= Irql.HIGH_LEVEL;
}
