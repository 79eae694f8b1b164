/**
 * x64 layouts of the structures that cross the IHV and NDIS boundaries (wlanihv.h, ndis.h).
 * Offsets are in bytes; sizes are sizeof() on x64.
 */

export const POINTER_SIZE = 8;

/** DOT11EXT_APIS, in declaration order: 22 function pointers. */
export const DOT11EXT_APIS = [
  'Dot11ExtAllocateBuffer',
  'Dot11ExtFreeBuffer',
  'Dot11ExtSetProfileCustomUserData',
  'Dot11ExtGetProfileCustomUserData',
  'Dot11ExtSetCurrentProfile',
  'Dot11ExtSendUIRequest',
  'Dot11ExtPreAssociateCompletion',
  'Dot11ExtPostAssociateCompletion',
  'Dot11ExtSendNotification',
  'Dot11ExtSendPacket',
  'Dot11ExtSetEtherTypeHandling',
  'Dot11ExtSetAuthAlgorithm',
  'Dot11ExtSetUnicastCipherAlgorithm',
  'Dot11ExtSetMulticastCipherAlgorithm',
  'Dot11ExtSetDefaultKey',
  'Dot11ExtSetKeyMappingKey',
  'Dot11ExtSetDefaultKeyId',
  'Dot11ExtNicSpecificExtension',
  'Dot11ExtSetExcludeUnencrypted',
  'Dot11ExtStartOneX',
  'Dot11ExtStopOneX',
  'Dot11ExtProcessSecurityPacket',
] as const;

export type Dot11ExtService = (typeof DOT11EXT_APIS)[number];

export const DOT11EXT_APIS_SIZE = DOT11EXT_APIS.length * POINTER_SIZE; // 176

/** DOT11EXT_IHV_HANDLERS, in declaration order: 19 function pointers. */
export const DOT11EXT_IHV_HANDLERS = [
  'Dot11ExtIhvDeinitService',
  'Dot11ExtIhvInitAdapter',
  'Dot11ExtIhvDeinitAdapter',
  'Dot11ExtIhvPerformPreAssociate',
  'Dot11ExtIhvAdapterReset',
  'Dot11ExtIhvPerformPostAssociate',
  'Dot11ExtIhvStopPostAssociate',
  'Dot11ExtIhvValidateProfile',
  'Dot11ExtIhvPerformCapabilityMatch',
  'Dot11ExtIhvCreateDiscoveryProfiles',
  'Dot11ExtIhvProcessSessionChange',
  'Dot11ExtIhvReceiveIndication',
  'Dot11ExtIhvReceivePacket',
  'Dot11ExtIhvSendPacketCompletion',
  'Dot11ExtIhvIsUIRequestPending',
  'Dot11ExtIhvProcessUIResponse',
  'Dot11ExtIhvQueryUIRequest',
  'Dot11ExtIhvOnexIndicateResult',
  'Dot11ExtIhvControl',
] as const;

export type IhvHandler = (typeof DOT11EXT_IHV_HANDLERS)[number];

export const DOT11EXT_IHV_HANDLERS_SIZE = DOT11EXT_IHV_HANDLERS.length * POINTER_SIZE; // 152

/** The two exports the OS resolves with GetProcAddress, called in this order. */
export const IHV_EXPORTS = ['Dot11ExtIhvGetVersionInfo', 'Dot11ExtIhvInitService'] as const;

/** DOT11_IHV_VERSION_INFO { DWORD dwVerMin; DWORD dwVerMax; } */
export const Dot11IhvVersionInfo = { dwVerMin: 0, dwVerMax: 4, size: 8 } as const;

/** The only version a Vista-era IHV DLL reports and InitService accepts. */
export const DOT11EXT_IHV_VERSION = 0;

/** DOT11EXT_IHV_UI_REQUEST { DWORD dwSessionId; GUID guidUIRequest; CLSID UIPageClsid; DWORD dwByteCount; BYTE *pvUIRequest; } */
export const Dot11ExtIhvUiRequest = {
  dwSessionId: 0,
  guidUIRequest: 4,
  UIPageClsid: 20,
  dwByteCount: 36,
  pvUIRequest: 40,
  size: 48,
} as const;

/** DOT11EXT_IHV_DISCOVERY_PROFILE { LPWSTR pszXmlFragmentIhvConnectivity; { LPWSTR pszXmlFragmentIhvSecurity; BOOL bUseMSOnex; } IhvSecurity; } */
export const Dot11ExtIhvDiscoveryProfile = {
  pszXmlFragmentIhvConnectivity: 0,
  pszXmlFragmentIhvSecurity: 8,
  bUseMSOnex: 16,
  size: 24,
} as const;

/** DOT11EXT_IHV_DISCOVERY_PROFILE_LIST { DWORD dwCount; PDOT11EXT_IHV_DISCOVERY_PROFILE pIhvDiscoveryProfiles; } */
export const Dot11ExtIhvDiscoveryProfileList = {
  dwCount: 0,
  pIhvDiscoveryProfiles: 8,
  size: 16,
} as const;

/** DOT11_ADAPTER { GUID gAdapterId; LPWSTR pszDescription; DOT11_CURRENT_OPERATION_MODE { ULONG uReserved; ULONG uCurrentOpMode; } } */
export const Dot11Adapter = {
  gAdapterId: 0,
  pszDescription: 16,
  uReserved: 24,
  uCurrentOpMode: 28,
  size: 32,
} as const;

/** DOT11_SSID { ULONG uSSIDLength; UCHAR ucSSID[32]; } */
export const Dot11Ssid = { uSSIDLength: 0, ucSSID: 4, size: 36 } as const;

/** DOT11EXT_IHV_SSID_LIST { ULONG ulCount; DOT11_SSID SSIDs[1]; }: the size holds one SSID. */
export const Dot11ExtIhvSsidList = { ulCount: 0, SSIDs: 4, size: 40 } as const;

/** DOT11_MSSECURITY_SETTINGS; eapMethodType is an EAP_METHOD_TYPE of 16 bytes. */
export const Dot11MsSecuritySettings = {
  dot11AuthAlgorithm: 0,
  dot11CipherAlgorithm: 4,
  fOneXEnabled: 8,
  eapMethodType: 12,
  dwEapConnectionDataLen: 28,
  pEapConnectionData: 32,
  size: 40,
} as const;

/** DOT11EXT_IHV_PROFILE_PARAMS { PDOT11EXT_IHV_SSID_LIST pSsidList; DOT11_BSS_TYPE BssType; PDOT11_MSSECURITY_SETTINGS pMSSecuritySettings; } */
export const Dot11ExtIhvProfileParams = { pSsidList: 0, BssType: 8, pMSSecuritySettings: 16, size: 24 } as const;

/** DOT11_BSS_LIST { ULONG uNumOfBytes; PUCHAR pucBuffer; }: pucBuffer holds DOT11_BSS_ENTRY records. */
export const Dot11BssList = { uNumOfBytes: 0, pucBuffer: 8, size: 16 } as const;

/** DOT11_BSS_ENTRY (windot11.h): the fixed fields, then uBufferLength bytes of information elements at ucBuffer. */
export const Dot11BssEntry = {
  uPhyId: 0,
  uChCenterFrequency: 4,
  dot11BSSID: 16,
  dot11BSSType: 24,
  lRSSI: 28,
  uLinkQuality: 32,
  bInRegDomain: 36,
  usBeaconPeriod: 38,
  ullTimestamp: 40,
  ullHostTimestamp: 48,
  usCapabilityInformation: 56,
  uBufferLength: 60,
  ucBuffer: 64,
} as const;

/** DOT11EXT_IHV_CONNECTIVITY_PROFILE { LPWSTR pszXmlFragmentIhvConnectivity; } */
export const Dot11ExtIhvConnectivityProfile = { pszXmlFragmentIhvConnectivity: 0, size: 8 } as const;

/** DOT11EXT_IHV_SECURITY_PROFILE { LPWSTR pszXmlFragmentIhvSecurity; BOOL bUseMSOnex; } */
export const Dot11ExtIhvSecurityProfile = { pszXmlFragmentIhvSecurity: 0, bUseMSOnex: 8, size: 16 } as const;

/** GUID { DWORD Data1; WORD Data2; WORD Data3; BYTE Data4[8]; } */
export const GUID_SIZE = 16;

/** sizeof(WCHAR): XML fragments are UTF-16LE, NUL-terminated. */
export const WCHAR_SIZE = 2;

/**
 * The NET_BUFFER fields NDIS's data-start functions use: the NET_BUFFER_DATA header of the
 * real structure, at the real offsets (DataLength is a ULONG inside a SIZE_T union).
 */
export const NetBufferOffset = {
  Next: 0x00,
  CurrentMdl: 0x08,
  CurrentMdlOffset: 0x10,
  DataLength: 0x18,
  MdlChain: 0x20,
  DataOffset: 0x28,
} as const;

export const NET_BUFFER_SIZE = 0x30;

/** The NET_BUFFER_LIST fields the list form of Retreat uses. */
export const NetBufferListOffset = {
  Next: 0x00,
  FirstNetBuffer: 0x08,
} as const;

export const NET_BUFFER_LIST_SIZE = 0x10;
