/**
 * A vendor's NetAllocateMdl/NetFreeMdl pair as NDIS calls it: at DISPATCH_LEVEL, directly
 * over the sizes frames come in, and through NdisRetreatNetBufferDataStart/Advance. Then
 * the module unloads and the pool it still holds is reported.
 */
import { Irql, NdisStatus, type NdisHandlerPair } from '@ddikit/types';
import { ALLOCATE_HANDLER, checkReturnedMdl } from './mdl-check.js';
import type { Scenario, ScenarioContext } from './scenario.js';

type Ctx = ScenarioContext<NdisHandlerPair>;

const FREE_HANDLER = 'NetFreeMdl';

/** One byte, an Ethernet header, a full frame, around a page, and the largest ULONG-sized jumbo NDIS asks for. */
const MDL_SIZES = [1, 14, 1514, 4095, 4096, 4097, 65535] as const;

/** Retreats that need the handler: header space for an Ethernet header with backfill, and a whole frame. */
const RETREATS = [
  { dataOffsetDelta: 14, dataBackFill: 50 },
  { dataOffsetDelta: 1514, dataBackFill: 0 },
] as const;

/**
 * Runs `body` at DISPATCH_LEVEL on a fresh load of the pair, then lowers the IRQL, unloads
 * the module and reports the pool it still holds.
 */
async function atDispatch(ctx: Ctx, body: (pair: NdisHandlerPair) => void): Promise<void> {
  const pair = ctx.load();
  ctx.be.irql.raise(Irql.DISPATCH_LEVEL);
  body(pair);
  ctx.be.irql.lower(Irql.PASSIVE_LEVEL);
  ctx.call('module unload', () => pair.close());
  ctx.be.host.unloadDriver();
}

/**
 * A NULL return is allowed when an allocation failed (injected, or refused with a
 * violation already reported); otherwise the handler failed for no reason.
 */
function checkNull(ctx: Ctx, asked: number, before: { injected: number; violations: number }): void {
  const explained = ctx.injectedCount() > before.injected || ctx.be.violations().length > before.violations;
  if (!explained) ctx.fail('ndis.handler.mdl', 'mdl.null', `NetAllocateMdl(${asked}) returned NULL although no allocation failed`, { handler: ALLOCATE_HANDLER, size: asked });
}

const snapshot = (ctx: Ctx) => ({ injected: ctx.injectedCount(), violations: ctx.be.violations().length });

const directCalls: Scenario<NdisHandlerPair> = {
  name: 'mdl-sizes',
  run: (ctx) =>
    atDispatch(ctx, (pair) => {
      for (const size of MDL_SIZES) {
        const before = snapshot(ctx);
        const { mdl, bufferSize } = ctx.call(ALLOCATE_HANDLER, () => pair.allocateMdl(size));
        if (mdl === 0n) checkNull(ctx, size, before);
        else if (checkReturnedMdl(ctx, mdl, size, bufferSize)) ctx.call(FREE_HANDLER, () => pair.freeMdl(mdl));
      }
    }),
};

const retreatAdvance: Scenario<NdisHandlerPair> = {
  name: 'retreat-advance',
  run: (ctx) =>
    atDispatch(ctx, (pair) => {
      const { ndis } = ctx.be;
      for (const { dataOffsetDelta, dataBackFill } of RETREATS) {
        const netBuffer = ndis.allocateNetBuffer({ dataOffset: 0, dataLength: 64 });
        const asked = dataOffsetDelta + dataBackFill;
        const before = snapshot(ctx);
        const status = ctx.call(ALLOCATE_HANDLER, () => ndis.retreatNetBufferDataStart(netBuffer, dataOffsetDelta, dataBackFill, pair.allocateMdlRef));
        if (status === NdisStatus.NDIS_STATUS_SUCCESS) {
          const data = ndis.readNetBuffer(netBuffer);
          // NDIS set DataOffset to the written-back size less the delta (the old DataOffset was 0).
          if (checkReturnedMdl(ctx, data.mdlChain, asked, data.dataOffset + dataOffsetDelta, true)) {
            ctx.call(FREE_HANDLER, () => ndis.advanceNetBufferDataStart(netBuffer, dataOffsetDelta, true, pair.freeMdlRef));
          }
        } else if (status === NdisStatus.NDIS_STATUS_RESOURCES) {
          checkNull(ctx, asked, before);
        } else {
          ctx.fail('ndis.handler.mdl', 'mdl.buffer-size', `NdisRetreatNetBufferDataStart(${dataOffsetDelta}, ${dataBackFill}) failed with 0x${status.toString(16)}: the handler wrote back a *BufferSize below ${asked}`, { handler: ALLOCATE_HANDLER, size: asked });
        }
        ndis.freeNetBuffer(netBuffer);
      }
    }),
};

export const NDIS_SCENARIOS: readonly Scenario<NdisHandlerPair>[] = [directCalls, retreatAdvance];
