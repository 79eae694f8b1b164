import { describe, expect, it } from 'vitest';
import {
  DOT11EXT_APIS,
  Dot11Adapter,
  Dot11BssEntry,
  Dot11BssList,
  Dot11ExtIhvProfileParams,
  Dot11ExtIhvSecurityProfile,
  Dot11ExtIhvSsidList,
  Dot11MsSecuritySettings,
  Dot11Ssid,
  DOT11EXT_APIS_SIZE,
  DOT11EXT_IHV_HANDLERS,
  DOT11EXT_IHV_HANDLERS_SIZE,
  Dot11ExtIhvDiscoveryProfile,
  Dot11ExtIhvDiscoveryProfileList,
  Dot11ExtIhvUiRequest,
  NET_BUFFER_SIZE,
  NetBufferOffset,
} from '../src/index.js';

describe('x64 layouts of the IHV tables and structures', () => {
  it('DOT11EXT_APIS holds 22 services in SPEC order, 176 bytes', () => {
    expect(DOT11EXT_APIS).toHaveLength(22);
    expect(DOT11EXT_APIS_SIZE).toBe(176);
    expect(DOT11EXT_APIS[0]).toBe('Dot11ExtAllocateBuffer');
    expect(DOT11EXT_APIS[1]).toBe('Dot11ExtFreeBuffer');
    expect(DOT11EXT_APIS[21]).toBe('Dot11ExtProcessSecurityPacket');
    expect(new Set(DOT11EXT_APIS).size).toBe(22);
  });

  it('DOT11EXT_IHV_HANDLERS holds 19 handlers in SPEC order, 152 bytes', () => {
    expect(DOT11EXT_IHV_HANDLERS).toHaveLength(19);
    expect(DOT11EXT_IHV_HANDLERS_SIZE).toBe(152);
    expect(DOT11EXT_IHV_HANDLERS[0]).toBe('Dot11ExtIhvDeinitService');
    expect(DOT11EXT_IHV_HANDLERS.indexOf('Dot11ExtIhvCreateDiscoveryProfiles')).toBe(9);
    expect(DOT11EXT_IHV_HANDLERS.indexOf('Dot11ExtIhvQueryUIRequest')).toBe(16);
    expect(DOT11EXT_IHV_HANDLERS[18]).toBe('Dot11ExtIhvControl');
  });

  it('the buffers that cross the boundary have their x64 sizes', () => {
    expect(Dot11ExtIhvUiRequest.size).toBe(48);
    // DWORD then two GUIDs, a DWORD, and the pointer aligned to 8.
    expect(Dot11ExtIhvUiRequest.pvUIRequest % 8).toBe(0);
    expect(Dot11ExtIhvDiscoveryProfile.size).toBe(24);
    expect(Dot11ExtIhvDiscoveryProfileList.size).toBe(16);
    expect(Dot11ExtIhvDiscoveryProfileList.pIhvDiscoveryProfiles).toBe(8);
  });

  it('the inputs the OS passes to IHV handlers have their x64 sizes (the C header asserts the same)', () => {
    expect(Dot11Adapter.size).toBe(32);
    expect(Dot11Adapter.pszDescription).toBe(16);
    expect(Dot11Ssid.size).toBe(36);
    expect(Dot11ExtIhvSsidList.size).toBe(Dot11ExtIhvSsidList.SSIDs + Dot11Ssid.size);
    expect(Dot11MsSecuritySettings.size).toBe(40);
    expect(Dot11ExtIhvProfileParams.size).toBe(24);
    expect(Dot11BssList.size).toBe(16);
    expect(Dot11BssEntry.ucBuffer).toBe(64);
    expect(Dot11ExtIhvSecurityProfile.size).toBe(16);
  });

  it('the NET_BUFFER subset keeps the real NET_BUFFER_DATA offsets', () => {
    expect(NetBufferOffset).toEqual({
      Next: 0, CurrentMdl: 8, CurrentMdlOffset: 16, DataLength: 24, MdlChain: 32, DataOffset: 40,
    });
    expect(NET_BUFFER_SIZE).toBe(48);
  });
});
