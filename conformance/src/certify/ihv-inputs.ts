/**
 * The inputs the WLAN service passes to IHV handlers, built in host memory with realistic
 * contents: a station-mode adapter, a WPA2-PSK profile for one SSID, and a connectable BSS
 * list holding one beacon's fixed fields and information elements, at the x64 layouts
 * @ddikit/types gives (wlanihv.h, windot11.h).
 */
import {
  Dot11Adapter as Adapter,
  Dot11BssEntry as BssEntry,
  Dot11BssList as BssList,
  Dot11ExtIhvConnectivityProfile as ConnectivityProfile,
  Dot11ExtIhvProfileParams as ProfileParams,
  Dot11ExtIhvSecurityProfile as SecurityProfile,
  Dot11ExtIhvSsidList as SsidList,
  Dot11MsSecuritySettings as SecuritySettings,
  Dot11Ssid,
  encodeUtf16z,
  type MemoryAccess,
  type Pointer,
} from '@ddikit/types';
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

/** A station-mode DOT11_ADAPTER with a GUID and a description. */
function adapter(memory: MemoryAccess): Pointer {
  const description = hostBytes(memory, encodeUtf16z('ddikit Wireless 802.11ax Adapter'));
  return hostStruct(memory, Adapter.size, (v) => {
    // gAdapterId: Data1, Data2, Data3, Data4[8]
    v.setUint32(Adapter.gAdapterId, 0x6f1c2d3e, true);
    v.setUint16(Adapter.gAdapterId + 4, 0x4a5b, true);
    v.setUint16(Adapter.gAdapterId + 6, 0x11ef, true);
    [0x8a, 0x01, 0x00, 0xa0, 0xc6, 0x12, 0x34, 0x56].forEach((b, i) => v.setUint8(Adapter.gAdapterId + 8 + i, b));
    v.setBigUint64(Adapter.pszDescription, description, true);
    v.setUint32(Adapter.uCurrentOpMode, DOT11_OPERATION_MODE_EXTENSIBLE_STATION, true);
  });
}

/** DOT11EXT_IHV_PROFILE_PARAMS with its SSID list and DOT11_MSSECURITY_SETTINGS. */
function profileParams(memory: MemoryAccess): Pointer {
  const ssidList = hostStruct(memory, SsidList.size, (v) => {
    v.setUint32(SsidList.ulCount, 1, true);
    v.setUint32(SsidList.SSIDs + Dot11Ssid.uSSIDLength, SSID.length, true);
    ascii(SSID).forEach((b, i) => v.setUint8(SsidList.SSIDs + Dot11Ssid.ucSSID + i, b));
  });
  const security = hostStruct(memory, SecuritySettings.size, (v) => {
    v.setUint32(SecuritySettings.dot11AuthAlgorithm, DOT11_AUTH_ALGO_RSNA_PSK, true);
    v.setUint32(SecuritySettings.dot11CipherAlgorithm, DOT11_CIPHER_ALGO_CCMP, true);
  });
  return hostStruct(memory, ProfileParams.size, (v) => {
    v.setBigUint64(ProfileParams.pSsidList, ssidList, true);
    v.setUint32(ProfileParams.BssType, dot11_BSS_type_infrastructure, true);
    v.setBigUint64(ProfileParams.pMSSecuritySettings, security, true);
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

/** A DOT11_BSS_LIST over one DOT11_BSS_ENTRY: an access point on channel 6, with its beacon's IEs. */
function connectableBssid(memory: MemoryAccess): Pointer {
  const ies = beaconIes();
  const entry = new Uint8Array(BssEntry.ucBuffer + ies.length);
  const v = new DataView(entry.buffer);
  v.setUint32(BssEntry.uPhyId, 1, true);
  v.setUint32(BssEntry.uChCenterFrequency, 2437000, true); // kHz
  [0x00, 0xa0, 0xc6, 0x12, 0x34, 0x56].forEach((b, i) => v.setUint8(BssEntry.dot11BSSID + i, b));
  v.setUint32(BssEntry.dot11BSSType, dot11_BSS_type_infrastructure, true);
  v.setInt32(BssEntry.lRSSI, -48, true);
  v.setUint32(BssEntry.uLinkQuality, 92, true);
  v.setUint8(BssEntry.bInRegDomain, 1);
  v.setUint16(BssEntry.usBeaconPeriod, 100, true);
  v.setBigUint64(BssEntry.ullTimestamp, 0x0000_0004_5f3a_1c00n, true);
  v.setUint16(BssEntry.usCapabilityInformation, 0x0431, true); // ESS, privacy, short preamble, short slot
  v.setUint32(BssEntry.uBufferLength, ies.length, true);
  entry.set(ies, BssEntry.ucBuffer);
  const buffer = hostBytes(memory, entry);
  return hostStruct(memory, BssList.size, (view) => {
    view.setUint32(BssList.uNumOfBytes, entry.length, true);
    view.setBigUint64(BssList.pucBuffer, buffer, true);
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
    connectivityProfile: hostStruct(memory, ConnectivityProfile.size, (v) =>
      v.setBigUint64(ConnectivityProfile.pszXmlFragmentIhvConnectivity, connectivityXml, true),
    ),
    securityProfile: hostStruct(memory, SecurityProfile.size, (v) => v.setBigUint64(SecurityProfile.pszXmlFragmentIhvSecurity, securityXml, true)),
  };
}
