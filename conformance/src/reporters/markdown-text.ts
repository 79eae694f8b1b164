/** What the Markdown reports share: table cells that stay cells, and a mark per status. */
import type { ContractStatus } from '../types.js';

/** Text for a table cell or a line: no pipes that end the cell, no HTML, one line. */
export const cell = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export const statusMark: Record<ContractStatus, string> = { PASS: '✅ PASS', FAIL: '❌ FAIL', ERROR: '💥 ERROR', SKIP: '⏭️ SKIP' };
