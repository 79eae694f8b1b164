import type { Command } from '../command.js';
import { conformanceCommand } from './conformance.js';
import { contractsCommand } from './contracts.js';

/** Every command, in the order help lists them. */
export const commands: readonly Command[] = [contractsCommand, conformanceCommand];
