/**
 * The OS's side of the buffers an IHV handler returns: read what the handler wrote, adopt
 * each buffer with the size it must hold (host.adoptBuffer checks where it came from), and
 * free it after the handler returned, as the WLAN service does.
 */
import {
  Dot11ExtIhvDiscoveryProfile as Profile,
  Dot11ExtIhvDiscoveryProfileList as ProfileList,
  Dot11ExtIhvUiRequest as UiRequest,
  WCHAR_SIZE,
  readPointer,
  readUint32,
  type IhvExtension,
  type Pointer,
  type ViolationKindName,
} from '@ddikit/types';
import type { ScenarioContext } from './scenario.js';

/** adoptBuffer refuses these; anything else it found, it still adopted. */
const REFUSED = new Set<ViolationKindName>(['TRANSFER_NOT_ALLOCATED', 'TRANSFER_NOT_LIVE', 'TRANSFER_NOT_OWNED']);

class ReturnedBuffers {
  private readonly adopted: Pointer[] = [];
  constructor(private readonly ctx: ScenarioContext<IhvExtension>) {}

  /** Adopts a returned buffer; true when the OS now owns it (and may read it). */
  adopt(buffer: Pointer, minimumSize: number, what: string): boolean {
    const violations = this.ctx.be.host.adoptBuffer(buffer, { minimumSize, what });
    const taken = !violations.some((v) => REFUSED.has(v.kind));
    if (taken) this.adopted.push(buffer);
    return taken;
  }

  /**
   * Adopts an LPWSTR: it must hold its characters and the NUL inside its block. The string
   * is read only when the block is a live Dot11Ext block, so a wild pointer is never followed.
   */
  adoptString(text: Pointer, what: string): void {
    const block = this.ctx.be.liveAllocations().find((a) => a.address === text && a.allocator === 'dot11ext');
    if (!block) {
      this.adopt(text, WCHAR_SIZE, what);
      return;
    }
    const bytes = this.ctx.be.memory.read(text, block.size);
    let end = 0;
    while (end + 1 < bytes.length && (bytes[end] !== 0 || bytes[end + 1] !== 0)) end += WCHAR_SIZE;
    const terminated = end + 1 < bytes.length;
    this.adopt(text, terminated ? end + WCHAR_SIZE : block.size + WCHAR_SIZE, what);
  }

  /** The OS frees everything it adopted. */
  releaseAll(): void {
    for (const buffer of this.adopted.reverse()) this.ctx.be.host.releaseBuffer(buffer);
  }
}

const CREATE_DISCOVERY_PROFILES = 'Dot11ExtIhvCreateDiscoveryProfiles';
const QUERY_UI_REQUEST = 'Dot11ExtIhvQueryUIRequest';

/** After CreateDiscoveryProfiles returned ERROR_SUCCESS: the array and both XML strings of every profile. */
export function takeDiscoveryProfiles(ctx: ScenarioContext<IhvExtension>, list: Pointer): void {
  const { memory } = ctx.be;
  const count = readUint32(memory, list + BigInt(ProfileList.dwCount));
  const array = readPointer(memory, list + BigInt(ProfileList.pIhvDiscoveryProfiles));
  if (count === 0) return;
  const handler = CREATE_DISCOVERY_PROFILES;
  if (array === 0n) {
    ctx.fail('ext.return.allocated', 'discovery.null-array', `${handler} returned ERROR_SUCCESS with dwCount ${count} and a NULL pIhvDiscoveryProfiles`, { handler });
    return;
  }
  const buffers = new ReturnedBuffers(ctx);
  ctx.be.host.runHandler(handler, () => {
    if (!buffers.adopt(array, count * Profile.size, `${handler} pIhvDiscoveryProfiles`)) return;
    for (let i = 0; i < count; i++) {
      const entry = array + BigInt(i * Profile.size);
      for (const field of ['pszXmlFragmentIhvConnectivity', 'pszXmlFragmentIhvSecurity'] as const) {
        const text = readPointer(memory, entry + BigInt(Profile[field]));
        if (text === 0n) {
          ctx.fail('ext.return.allocated', 'discovery.null-string', `${handler} returned ERROR_SUCCESS with a NULL ${field} in profile ${i} of ${count}`, { handler, address: entry });
        } else {
          buffers.adoptString(text, `${handler} pIhvDiscoveryProfiles[${i}].${field}`);
        }
      }
    }
  });
  buffers.releaseAll();
}

/** After QueryUIRequest returned ERROR_SUCCESS: the 48-byte request and its pvUIRequest. */
export function takeUiRequest(ctx: ScenarioContext<IhvExtension>, ppRequest: Pointer): void {
  const { memory } = ctx.be;
  const handler = QUERY_UI_REQUEST;
  const request = readPointer(memory, ppRequest);
  if (request === 0n) {
    ctx.fail('ext.return.allocated', 'ui-request.null', `${handler} returned ERROR_SUCCESS and a NULL *ppIhvUIRequest`, { handler });
    return;
  }
  const buffers = new ReturnedBuffers(ctx);
  ctx.be.host.runHandler(handler, () => {
    if (!buffers.adopt(request, UiRequest.size, `${handler} *ppIhvUIRequest`)) return;
    const byteCount = readUint32(memory, request + BigInt(UiRequest.dwByteCount));
    const payload = readPointer(memory, request + BigInt(UiRequest.pvUIRequest));
    if (byteCount === 0) return;
    if (payload === 0n) {
      ctx.fail('ext.return.allocated', 'ui-request.null-payload', `${handler} returned a request with dwByteCount ${byteCount} and a NULL pvUIRequest`, { handler, address: request });
      return;
    }
    // A DLL may allocate the request and its payload as one block: the OS's single
    // Dot11ExtFreeBuffer of the request then frees both, so the payload is not adopted twice.
    const block = ctx.be.liveAllocations().find((a) => a.address === request);
    const blockEnd = request + BigInt(block?.size ?? UiRequest.size);
    if (payload >= request + BigInt(UiRequest.size) && payload < blockEnd) {
      if (payload + BigInt(byteCount) > blockEnd) {
        ctx.fail('ext.return.allocated', 'ui-request.embedded-payload-too-small', `${handler} returned a request whose pvUIRequest claims ${byteCount} bytes, past the end of the block that holds it`, { handler, address: request, size: block?.size });
      }
      return;
    }
    buffers.adopt(payload, byteCount, `${handler} pvUIRequest`);
  });
  buffers.releaseAll();
}
