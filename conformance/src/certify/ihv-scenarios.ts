/**
 * The IHV lifecycle as the WLAN service drives it (SPEC section 1): GetVersionInfo,
 * InitService, InitAdapter, one buffer-exchanging handler, DeinitAdapter, DeinitService,
 * then the leak check. Each handler gets its own scenario so a crash in one does not hide
 * what the others do.
 */
import {
  ConnectionPhase,
  DOT11EXT_IHV_VERSION,
  Dot11ExtIhvDiscoveryProfileList,
  Dot11IhvVersionInfo,
  Win32Error,
  readPointer,
  readUint32,
  type ExtensionContractId,
  type IhvExtension,
  type IhvHandler,
  type Pointer,
} from '@ddikit/types';
import { hostStruct } from './host-memory.js';
import { buildIhvInputs, type IhvInputs } from './ihv-inputs.js';
import { takeDiscoveryProfiles, takeUiRequest } from './ihv-returns.js';
import type { Scenario, ScenarioContext } from './scenario.js';

type Ctx = ScenarioContext<IhvExtension>;

/** What every run that loads the DLL and stops it again observes, whatever handler it drives. */
const LIFECYCLE_CHECKS: readonly ExtensionContractId[] = ['ext.init', 'ext.own.freed', 'ext.no-call-after-deinit', 'ext.no-overrun', 'ext.crash', 'ext.hang'];

/** A version no IHV interface has: InitService must refuse it. */
const BAD_VERSION = 1;

/** The handlers every scenario calls; InitService leaving one NULL stops the scenario there. */
const LIFECYCLE_HANDLERS: readonly IhvHandler[] = ['Dot11ExtIhvDeinitService', 'Dot11ExtIhvInitAdapter', 'Dot11ExtIhvDeinitAdapter'];

function checkVersionInfo(ctx: Ctx, ext: IhvExtension): void {
  const handler = 'Dot11ExtIhvGetVersionInfo';
  const info = hostStruct(ctx.be.memory, Dot11IhvVersionInfo.size);
  const status = ctx.call(handler, () => ext.getVersionInfo(info));
  if (status !== Win32Error.ERROR_SUCCESS) {
    ctx.fail('ext.init', 'init.version-info', `${handler} returned ${status}, not ERROR_SUCCESS`, { handler });
    return;
  }
  const min = readUint32(ctx.be.memory, info + BigInt(Dot11IhvVersionInfo.dwVerMin));
  const max = readUint32(ctx.be.memory, info + BigInt(Dot11IhvVersionInfo.dwVerMax));
  if (min > DOT11EXT_IHV_VERSION || max < DOT11EXT_IHV_VERSION) {
    ctx.fail('ext.init', 'init.version-range', `${handler} reports versions ${min}..${max}, which leave out version ${DOT11EXT_IHV_VERSION}`, { handler });
  }
}

/** The end of every run: DeinitService if the DLL is running, the OS's leak check, the DLL's last calls, unload. */
async function finish(ctx: Ctx, ext: IhvExtension, running: boolean): Promise<void> {
  if (running) ctx.call('Dot11ExtIhvDeinitService', () => ext.deinitService());
  ctx.be.host.deinitService();
  await ctx.settle();
  ctx.call('module unload', () => ext.close());
}

/**
 * Loads the DLL, starts the service with version 0 and an adapter, runs `body` (which
 * calls `handler`) with the adapter, then stops everything in the OS's order. Failures the
 * DLL reports because an allocation was made to fail end the run early, as the OS would;
 * anything else that keeps the run from `handler` stops the scenario (ctx.stopped).
 */
async function withAdapter(
  ctx: Ctx,
  handler: IhvHandler,
  body: (ext: IhvExtension, adapter: Pointer, inputs: IhvInputs) => void,
): Promise<void> {
  const ext = ctx.load();
  const inputs = buildIhvInputs(ctx.be.memory);
  checkVersionInfo(ctx, ext);
  const init = ctx.call('Dot11ExtIhvInitService', () => ext.initService(DOT11EXT_IHV_VERSION, 0n));
  if (init.status !== Win32Error.ERROR_SUCCESS) {
    if (ctx.injectedCount() === 0) {
      ctx.fail('ext.init', 'init.refused', `Dot11ExtIhvInitService(${DOT11EXT_IHV_VERSION}) returned ${init.status}, not ERROR_SUCCESS`, { handler: 'Dot11ExtIhvInitService' });
      ctx.stopped(`Dot11ExtIhvInitService refused version ${DOT11EXT_IHV_VERSION}`);
    }
    return finish(ctx, ext, false);
  }
  if (init.nullHandlers.length > 0) {
    ctx.fail('ext.init', 'init.null-handlers', `Dot11ExtIhvInitService left ${init.nullHandlers.join(', ')} NULL`, { handler: 'Dot11ExtIhvInitService' });
    const missing = [...LIFECYCLE_HANDLERS, handler].filter((h) => init.nullHandlers.includes(h));
    if (missing.length > 0) {
      ctx.stopped(`Dot11ExtIhvInitService left ${missing.join(', ')} NULL`);
      return finish(ctx, ext, !init.nullHandlers.includes('Dot11ExtIhvDeinitService'));
    }
  }
  const phAdapter = hostStruct(ctx.be.memory, 8);
  const status = ctx.call('Dot11ExtIhvInitAdapter', () => ext.initAdapter(inputs.adapter, inputs.serviceHandle, phAdapter));
  if (status === Win32Error.ERROR_SUCCESS) {
    const adapter = readPointer(ctx.be.memory, phAdapter);
    body(ext, adapter, inputs);
    ctx.call('Dot11ExtIhvDeinitAdapter', () => ext.deinitAdapter(adapter));
  } else if (ctx.injectedCount() === 0) {
    ctx.fail('ext.init', 'init.adapter-refused', `Dot11ExtIhvInitAdapter refused a station-mode adapter (status ${status}); its other handlers could not be run`, { handler: 'Dot11ExtIhvInitAdapter' });
    ctx.stopped(`Dot11ExtIhvInitAdapter refused a station-mode adapter`);
  }
  return finish(ctx, ext, true);
}

const badVersion: Scenario<IhvExtension> = {
  name: 'init-bad-version',
  checks: LIFECYCLE_CHECKS,
  async run(ctx) {
    const ext = ctx.load();
    checkVersionInfo(ctx, ext);
    const handler = 'Dot11ExtIhvInitService';
    const init = ctx.call(handler, () => ext.initService(BAD_VERSION, 0n));
    const accepted = init.status === Win32Error.ERROR_SUCCESS;
    if (accepted) ctx.fail('ext.init', 'init.bad-version-accepted', `${handler}(${BAD_VERSION}) returned ERROR_SUCCESS; a version other than ${DOT11EXT_IHV_VERSION} must be refused`, { handler });
    // A DLL that accepted must still be stopped, so what it allocated is judged, not reported as a leak of ours.
    await finish(ctx, ext, accepted && !init.nullHandlers.includes('Dot11ExtIhvDeinitService'));
  },
};

const discoveryProfiles: Scenario<IhvExtension> = {
  name: 'discovery-profiles',
  run: (ctx) =>
    withAdapter(ctx, 'Dot11ExtIhvCreateDiscoveryProfiles', (ext, adapter, inputs) => {
      const list = hostStruct(ctx.be.memory, Dot11ExtIhvDiscoveryProfileList.size);
      const reason = hostStruct(ctx.be.memory, 4);
      const status = ctx.call('Dot11ExtIhvCreateDiscoveryProfiles', () =>
        ext.createDiscoveryProfiles(adapter, 0, inputs.profileParams, inputs.connectableBssid, list, reason),
      );
      if (status === Win32Error.ERROR_SUCCESS) takeDiscoveryProfiles(ctx, list);
    }),
};

const uiRequest: Scenario<IhvExtension> = {
  name: 'ui-request',
  run: (ctx) =>
    withAdapter(ctx, 'Dot11ExtIhvQueryUIRequest', (ext, adapter) => {
      const ppRequest = hostStruct(ctx.be.memory, 8);
      const status = ctx.call('Dot11ExtIhvQueryUIRequest', () =>
        ext.queryUIRequest(adapter, ConnectionPhase.connection_phase_initial_connection, ppRequest),
      );
      if (status === Win32Error.ERROR_SUCCESS) takeUiRequest(ctx, ppRequest);
    }),
};

/** PerformPreAssociate is where a DLL reads the profile's custom user data (Dot11ExtGetProfileCustomUserData), which it then owns. */
const customUserData: Scenario<IhvExtension> = {
  name: 'custom-user-data',
  checks: LIFECYCLE_CHECKS,
  run: (ctx) =>
    withAdapter(ctx, 'Dot11ExtIhvPerformPreAssociate', (ext, adapter, inputs) => {
      const reason = hostStruct(ctx.be.memory, 4);
      ctx.call('Dot11ExtIhvPerformPreAssociate', () =>
        ext.performPreAssociate(adapter, inputs.connectSession, inputs.profileParams, inputs.connectivityProfile, inputs.securityProfile, inputs.connectableBssid, reason),
      );
    }),
};

export const IHV_SCENARIOS: readonly Scenario<IhvExtension>[] = [badVersion, discoveryProfiles, uiRequest, customUserData];
