/**
 * The inputs the WLAN service passes to IHV handlers, built in host memory with realistic
 * contents: a station-mode adapter, a WPA2-PSK profile for one SSID, and a connectable BSS
 * list holding one beacon's fixed fields and information elements. Layouts are x64
 * (wlanihv.h, windot11.h).
 */
import { encodeUtf16z, type MemoryAccess, type Pointer } from '@ddikit/types';
import { hostBytes, hostStruct } from './host-memory.js';

const SSID = 'ddikit-lab';
const DOT11_OPERATION_MODE_EXTENSIBLE_STATION = 0x1;
const dot11_BSS_type_infrastructure = 1;
const DOT11_AUTH_ALGO_RSNA_PSK = 7;
const DOT11_CIPHER_ALGO_CCMP = 0x04;

const CONNECTIVITY_XML = `<IHV xmlns="http://www.microsoft.com/networking/WLAN/profile/v1"><OUI>00A0C6</OUI><type>0</type><ssid>${SSID}</ssid></IHV>`;
const SECURITY_XML = '<IHVSecurity><authentication>WPA2PSK</authentication><encryption>AES</encryption></IHVSecurity>';

export interface IhvInputs {
  /** DOT11_ADAPTER */
  adapter: Pointer;
  /** hDot11SvcHandle: the OS's opaque handle for the adapter's service. */
  serviceHandle: Pointer;
  /** hConnectSession */
  connectSession: Pointer;
  /** DOT11EXT_IHV_PROFILE_PARAMS */
  profileParams: Pointer;
  /** DOT11_BSS_LIST */
  connectableBssid: Pointer;
  /** DOT11EXT_IHV_CONNECTIVITY_PROFILE */
  connectivityProfile: Pointer;
  /** DOT11EXT_IHV_SECURITY_PROFILE */
  securityProfile: Pointer;
}

const ascii = (text: string) => new TextEncoder().encode(text);

/** DOT11_ADAPTER { GUID gAdapterId; LPWSTR pszDescription; DOT11_CURRENT_OPERATION_MODE Dot11CurrentOpMode; }: 32 bytes. */
function adapter(memory: MemoryAccess): Pointer {
  const description = hostBytes(memory, encodeUtf16z('ddikit Wireless 802.11ax Adapter'));
  return hostStruct(memory, 32, (v) => {
    v.setUint32(0, 0x6f1c2d3e, true);
    v.setUint16(4, 0x4a5b, true);
    v.setUint16(6, 0x11ef, true);
    [0x8a, 0x01, 0x00, 0xa0, 0xc6, 0x12, 0x34, 0x56].forEach((b, i) => v.setUint8(8 + i, b));
    v.setBigUint64(16, description, true);
    v.setUint32(28, DOT11_OPERATION_MODE_EXTENSIBLE_STATION, true);
  });
}

/** DOT11EXT_IHV_PROFILE_PARAMS with its SSID list and DOT11_MSSECURITY_SETTINGS. */
function profileParams(memory: MemoryAccess): Pointer {
  // DOT11EXT_IHV_SSID_LIST { ULONG ulCount; DOT11_SSID SSIDs[1]; }, DOT11_SSID is 36 bytes.
  const ssidList = hostStruct(memory, 4 + 36, (v) => {
    v.setUint32(0, 1, true);
    v.setUint32(4, SSID.length, true);
    ascii(SSID).forEach((b, i) => v.setUint8(8 + i, b));
  });
  // DOT11_MSSECURITY_SETTINGS: auth 0, cipher 4, fOneXEnabled 8, EAP_METHOD_TYPE 12..28, dwEapConnectionDataLen 28, pEapConnectionData 32.
  const security = hostStruct(memory, 40, (v) => {
    v.setUint32(0, DOT11_AUTH_ALGO_RSNA_PSK, true);
    v.setUint32(4, DOT11_CIPHER_ALGO_CCMP, true);
  });
  return hostStruct(memory, 24, (v) => {
    v.setBigUint64(0, ssidList, true);
    v.setUint32(8, dot11_BSS_type_infrastructure, true);
    v.setBigUint64(16, security, true);
  });
}

/** The information elements of a WPA2-PSK access point's beacon. */
function beaconIes(): Uint8Array {
  const ie = (id: number, body: number[]) => [id, body.length, ...body];
  const rsn = [0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x02, 0x0c, 0x00];
  return new Uint8Array([
    ...ie(0, [...ascii(SSID)]),
    ...ie(1, [0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]),
    ...ie(3, [6]),
    ...ie(48, rsn),
  ]);
}

/** DOT11_BSS_LIST { ULONG uNumOfBytes; PUCHAR pucBuffer; } over one DOT11_BSS_ENTRY (64 fixed bytes, then the IEs). */
function connectableBssid(memory: MemoryAccess): Pointer {
  const ies = beaconIes();
  const entry = new Uint8Array(64 + ies.length);
  const v = new DataView(entry.buffer);
  v.setUint32(0, 1, true); // uPhyId
  v.setUint32(4, 2437000, true); // uChCenterFrequency (kHz), channel 6
  [0x00, 0xa0, 0xc6, 0x12, 0x34, 0x56].forEach((b, i) => v.setUint8(16 + i, b)); // dot11BSSID
  v.setUint32(24, dot11_BSS_type_infrastructure, true);
  v.setInt32(28, -48, true); // lRSSI
  v.setUint32(32, 92, true); // uLinkQuality
  v.setUint8(36, 1); // bInRegDomain
  v.setUint16(38, 100, true); // usBeaconPeriod
  v.setBigUint64(40, 0x0000_0004_5f3a_1c00n, true); // ullTimestamp
  v.setUint16(56, 0x0431, true); // usCapabilityInformation: ESS, privacy, short preamble, short slot
  v.setUint32(60, ies.length, true);
  entry.set(ies, 64);
  const buffer = hostBytes(memory, entry);
  return hostStruct(memory, 16, (view) => {
    view.setUint32(0, entry.length, true);
    view.setBigUint64(8, buffer, true);
  });
}

export function buildIhvInputs(memory: MemoryAccess): IhvInputs {
  const connectivityXml = hostBytes(memory, encodeUtf16z(CONNECTIVITY_XML));
  const securityXml = hostBytes(memory, encodeUtf16z(SECURITY_XML));
  return {
    adapter: adapter(memory),
    serviceHandle: memory.allocateHost(8),
    connectSession: memory.allocateHost(8),
    profileParams: profileParams(memory),
    connectableBssid: connectableBssid(memory),
    connectivityProfile: hostStruct(memory, 8, (v) => v.setBigUint64(0, connectivityXml, true)),
    securityProfile: hostStruct(memory, 16, (v) => v.setBigUint64(0, securityXml, true)),
  };
}
