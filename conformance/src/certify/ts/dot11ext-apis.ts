/**
 * DOT11EXT_APIS for an extension written in TypeScript, built from a backend: the same 22
 * services a DLL gets, with C's pointer-out parameters written into backend memory.
 */
import { DOT11EXT_APIS, Win32Error, writePointer, writeUint32, type Backend, type Dot11ExtService, type Pointer } from '@ddikit/types';

/** The custom user data the OS keeps for the profile, handed out by Dot11ExtGetProfileCustomUserData. */
export const PROFILE_CUSTOM_USER_DATA = new TextEncoder().encode('ddikit profile custom user data: vendor blob v1\0');

type BufferServices = 'Dot11ExtAllocateBuffer' | 'Dot11ExtFreeBuffer' | 'Dot11ExtGetProfileCustomUserData';
type RecordedService = Exclude<Dot11ExtService, BufferServices>;

export interface Dot11ExtApis extends Record<RecordedService, (...args: Pointer[]) => number> {
  /** Writes the buffer (NULL on failure) to *ppvBuffer. */
  Dot11ExtAllocateBuffer(dwByteCount: number, ppvBuffer: Pointer): number;
  Dot11ExtFreeBuffer(pvMemory: Pointer): void;
  /** Hands the DLL a copy of the profile's custom user data, which it must free with Dot11ExtFreeBuffer. */
  Dot11ExtGetProfileCustomUserData(hDot11SvcHandle: Pointer, hConnectSession: Pointer, dwSessionID: number, pdwDataSize: Pointer, ppvData: Pointer): number;
}

/** The services, as the backend provides them; calls to the ones it only records go to be.dot11ext.serviceCalls(). */
export function createDot11ExtApis(be: Backend): Dot11ExtApis {
  const recorded = Object.fromEntries(
    DOT11EXT_APIS.map((service) => [
      service,
      () => {
        be.dot11ext.recordServiceCall(service);
        return Win32Error.ERROR_SUCCESS;
      },
    ]),
  ) as Record<RecordedService, (...args: Pointer[]) => number>;
  const apis: Dot11ExtApis = {
    ...recorded,
    Dot11ExtAllocateBuffer(dwByteCount, ppvBuffer) {
      const { status, buffer } = be.dot11ext.allocateBuffer(dwByteCount);
      writePointer(be.memory, ppvBuffer, buffer);
      return status;
    },
    Dot11ExtFreeBuffer: (pvMemory) => be.dot11ext.freeBuffer(pvMemory),
    Dot11ExtGetProfileCustomUserData(_svc, _session, _sessionId, pdwDataSize, ppvData) {
      be.dot11ext.recordServiceCall('Dot11ExtGetProfileCustomUserData');
      const data = be.host.handToExtension(PROFILE_CUSTOM_USER_DATA);
      writePointer(be.memory, ppvData, data);
      writeUint32(be.memory, pdwDataSize, data === 0n ? 0 : PROFILE_CUSTOM_USER_DATA.length);
      return data === 0n ? Win32Error.ERROR_OUTOFMEMORY : Win32Error.ERROR_SUCCESS;
    },
  };
  return apis;
}
