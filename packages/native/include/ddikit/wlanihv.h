/*
 * ddikit: the Native 802.11 IHV Extensibility interface (the Windows header wlanihv.h
 * and the types it takes from windot11.h, l2cmn.h, eaptypes.h and wtsapi32.h), with the
 * x64 layouts. An IHV Extensions DLL written against the Windows SDK compiles against
 * this header with only its include lines changed.
 */
#ifndef DDIKIT_WLANIHV_H
#define DDIKIT_WLANIHV_H

#include "windows-types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- windot11.h / l2cmn.h / eaptypes.h types used by the interface ---- */

#define DOT11_SSID_MAX_LENGTH 32

typedef UCHAR DOT11_MAC_ADDRESS[6];
typedef DOT11_MAC_ADDRESS *PDOT11_MAC_ADDRESS;

typedef struct _DOT11_SSID {
  ULONG uSSIDLength;
  UCHAR ucSSID[DOT11_SSID_MAX_LENGTH];
} DOT11_SSID, *PDOT11_SSID;

typedef enum _DOT11_BSS_TYPE {
  dot11_BSS_type_infrastructure = 1,
  dot11_BSS_type_independent = 2,
  dot11_BSS_type_any = 3
} DOT11_BSS_TYPE, *PDOT11_BSS_TYPE;

typedef enum _DOT11_AUTH_ALGORITHM {
  DOT11_AUTH_ALGO_80211_OPEN = 1,
  DOT11_AUTH_ALGO_80211_SHARED_KEY = 2,
  DOT11_AUTH_ALGO_WPA = 3,
  DOT11_AUTH_ALGO_WPA_PSK = 4,
  DOT11_AUTH_ALGO_WPA_NONE = 5,
  DOT11_AUTH_ALGO_RSNA = 6,
  DOT11_AUTH_ALGO_RSNA_PSK = 7,
  DOT11_AUTH_ALGO_IHV_START = (int)0x80000000,
  DOT11_AUTH_ALGO_IHV_END = (int)0xffffffff
} DOT11_AUTH_ALGORITHM, *PDOT11_AUTH_ALGORITHM;

typedef enum _DOT11_CIPHER_ALGORITHM {
  DOT11_CIPHER_ALGO_NONE = 0x00,
  DOT11_CIPHER_ALGO_WEP40 = 0x01,
  DOT11_CIPHER_ALGO_TKIP = 0x02,
  DOT11_CIPHER_ALGO_CCMP = 0x04,
  DOT11_CIPHER_ALGO_WEP104 = 0x05,
  DOT11_CIPHER_ALGO_WPA_USE_GROUP = 0x100,
  DOT11_CIPHER_ALGO_RSN_USE_GROUP = 0x100,
  DOT11_CIPHER_ALGO_WEP = 0x101,
  DOT11_CIPHER_ALGO_IHV_START = (int)0x80000000,
  DOT11_CIPHER_ALGO_IHV_END = (int)0xffffffff
} DOT11_CIPHER_ALGORITHM, *PDOT11_CIPHER_ALGORITHM;

typedef enum _DOT11_DIRECTION {
  DOT11_DIR_INBOUND = 1,
  DOT11_DIR_OUTBOUND = 2,
  DOT11_DIR_BOTH = 3
} DOT11_DIRECTION, *PDOT11_DIRECTION;

typedef enum _DOT11_ASSOC_STATUS_ENUM { DOT11_ASSOC_STATUS_SUCCESS = 0 } DOT11_ASSOC_STATUS_ENUM;
typedef ULONG DOT11_ASSOC_STATUS;

typedef struct _DOT11_CURRENT_OPERATION_MODE {
  ULONG uReserved;
  ULONG uCurrentOpMode;
} DOT11_CURRENT_OPERATION_MODE, *PDOT11_CURRENT_OPERATION_MODE;

typedef struct _DOT11_PRIVACY_EXEMPTION {
  USHORT usEtherType;
  USHORT usExemptionActionType;
  USHORT usExemptionPacketType;
} DOT11_PRIVACY_EXEMPTION, *PDOT11_PRIVACY_EXEMPTION;

typedef struct _DOT11_PORT_STATE {
  DOT11_MAC_ADDRESS PeerMacAddress;
  ULONG uSessionId;
  BOOL bPortControlled;
  BOOL bPortAuthorized;
} DOT11_PORT_STATE, *PDOT11_PORT_STATE;

/* NDIS-defined structures the services only pass through. */
typedef struct _DOT11_CIPHER_DEFAULT_KEY_VALUE DOT11_CIPHER_DEFAULT_KEY_VALUE, *PDOT11_CIPHER_DEFAULT_KEY_VALUE;
typedef struct _DOT11_CIPHER_KEY_MAPPING_KEY_VALUE DOT11_CIPHER_KEY_MAPPING_KEY_VALUE, *PDOT11_CIPHER_KEY_MAPPING_KEY_VALUE;
typedef struct _DOT11_ASSOCIATION_COMPLETION_PARAMETERS DOT11_ASSOCIATION_COMPLETION_PARAMETERS,
    *PDOT11_ASSOCIATION_COMPLETION_PARAMETERS;

typedef struct _L2_NOTIFICATION_DATA {
  DWORD NotificationSource;
  DWORD NotificationCode;
  GUID InterfaceGuid;
  DWORD dwDataSize;
  PVOID pData;
} L2_NOTIFICATION_DATA, *PL2_NOTIFICATION_DATA;

typedef struct _EAP_TYPE {
  BYTE type;
  DWORD dwVendorId;
  DWORD dwVendorType;
} EAP_TYPE;

typedef struct _EAP_METHOD_TYPE {
  EAP_TYPE eapType;
  DWORD dwAuthorId;
} EAP_METHOD_TYPE;

typedef enum _EAP_ATTRIBUTE_TYPE { eatMinimum = 0, eatReserved = (int)0xFFFFFFFF } EAP_ATTRIBUTE_TYPE;

typedef struct _EAP_ATTRIBUTE {
  EAP_ATTRIBUTE_TYPE eaType;
  DWORD dwLength;
  BYTE *pValue;
} EAP_ATTRIBUTE, *PEAP_ATTRIBUTE;

typedef struct _EAP_ATTRIBUTES {
  DWORD dwNumberOfAttributes;
  EAP_ATTRIBUTE *pAttribs;
} EAP_ATTRIBUTES, *PEAP_ATTRIBUTES;

typedef struct _DOT11_MSSECURITY_SETTINGS {
  DOT11_AUTH_ALGORITHM dot11AuthAlgorithm;
  DOT11_CIPHER_ALGORITHM dot11CipherAlgorithm;
  BOOL fOneXEnabled;
  EAP_METHOD_TYPE eapMethodType;
  DWORD dwEapConnectionDataLen;
  BYTE *pEapConnectionData;
} DOT11_MSSECURITY_SETTINGS, *PDOT11_MSSECURITY_SETTINGS;

typedef enum _DOT11_MSONEX_RESULT {
  DOT11_MSONEX_SUCCESS = 0,
  DOT11_MSONEX_FAILURE = 1,
  DOT11_MSONEX_IN_PROGRESS = 2
} DOT11_MSONEX_RESULT, *PDOT11_MSONEX_RESULT;

typedef struct _DOT11_EAP_RESULT {
  DWORD dwFailureReasonCode;
  struct _EAP_ATTRIBUTES *pAttribArray;
} DOT11_EAP_RESULT, *PDOT11_EAP_RESULT;

typedef struct _DOT11_MSONEX_RESULT_PARAMS {
  DWORD Dot11OnexAuthStatus;
  DWORD Dot11OneXReasonCode;
  PBYTE pbMPPESendKey;
  DWORD dwMPPESendKeyLen;
  PBYTE pbMPPERecvKey;
  DWORD dwMPPERecvKeyLen;
  PDOT11_EAP_RESULT pDot11EapResult;
} DOT11_MSONEX_RESULT_PARAMS, *PDOT11_MSONEX_RESULT_PARAMS;

typedef struct _WTSSESSION_NOTIFICATION {
  DWORD cbSize;
  DWORD dwSessionId;
} WTSSESSION_NOTIFICATION, *PWTSSESSION_NOTIFICATION;

/* ---- wlanihv.h ---- */

typedef struct _DOT11_IHV_VERSION_INFO {
  DWORD dwVerMin;
  DWORD dwVerMax;
} DOT11_IHV_VERSION_INFO, *PDOT11_IHV_VERSION_INFO;

typedef enum _DOT11EXT_IHV_CONNECTION_PHASE {
  connection_phase_any = 0,
  connection_phase_initial_connection = 1,
  connection_phase_post_l3_connection = 2
} DOT11EXT_IHV_CONNECTION_PHASE, *PDOT11EXT_IHV_CONNECTION_PHASE;

typedef enum _DOT11EXT_IHV_INDICATION_TYPE {
  IndicationTypeNicSpecificNotification = 0,
  IndicationTypePmkidCandidateList = 1,
  IndicationTypeTkipMicFailure = 2,
  IndicationTypePhyStateChange = 3,
  IndicationTypeLinkQuality = 4
} DOT11EXT_IHV_INDICATION_TYPE, *PDOT11EXT_IHV_INDICATION_TYPE;

typedef struct _DOT11EXT_IHV_SSID_LIST {
  ULONG ulCount;
  DOT11_SSID SSIDs[1];
} DOT11EXT_IHV_SSID_LIST, *PDOT11EXT_IHV_SSID_LIST;

typedef struct _DOT11EXT_IHV_PROFILE_PARAMS {
  PDOT11EXT_IHV_SSID_LIST pSsidList;
  DOT11_BSS_TYPE BssType;
  PDOT11_MSSECURITY_SETTINGS pMSSecuritySettings;
} DOT11EXT_IHV_PROFILE_PARAMS, *PDOT11EXT_IHV_PROFILE_PARAMS;

typedef struct _DOT11_BSS_LIST {
  ULONG uNumOfBytes;
  PUCHAR pucBuffer;
} DOT11_BSS_LIST, *PDOT11_BSS_LIST;

typedef struct _DOT11_ADAPTER {
  GUID gAdapterId;
  LPWSTR pszDescription;
  DOT11_CURRENT_OPERATION_MODE Dot11CurrentOpMode;
} DOT11_ADAPTER, *PDOT11_ADAPTER;

typedef struct _DOT11EXT_IHV_CONNECTIVITY_PROFILE {
  LPWSTR pszXmlFragmentIhvConnectivity;
} DOT11EXT_IHV_CONNECTIVITY_PROFILE, *PDOT11EXT_IHV_CONNECTIVITY_PROFILE;

typedef struct _DOT11EXT_IHV_SECURITY_PROFILE {
  LPWSTR pszXmlFragmentIhvSecurity;
  BOOL bUseMSOnex;
} DOT11EXT_IHV_SECURITY_PROFILE, *PDOT11EXT_IHV_SECURITY_PROFILE;

typedef struct _DOT11EXT_IHV_DISCOVERY_PROFILE {
  DOT11EXT_IHV_CONNECTIVITY_PROFILE IhvConnectivityProfile;
  DOT11EXT_IHV_SECURITY_PROFILE IhvSecurityProfile;
} DOT11EXT_IHV_DISCOVERY_PROFILE, *PDOT11EXT_IHV_DISCOVERY_PROFILE;

typedef struct _DOT11EXT_IHV_DISCOVERY_PROFILE_LIST {
  DWORD dwCount;
  PDOT11EXT_IHV_DISCOVERY_PROFILE pIhvDiscoveryProfiles;
} DOT11EXT_IHV_DISCOVERY_PROFILE_LIST, *PDOT11EXT_IHV_DISCOVERY_PROFILE_LIST;

typedef struct _DOT11EXT_IHV_UI_REQUEST {
  DWORD dwSessionId;
  GUID guidUIRequest;
  CLSID UIPageClsid;
  DWORD dwByteCount;
  BYTE *pvUIRequest;
} DOT11EXT_IHV_UI_REQUEST, *PDOT11EXT_IHV_UI_REQUEST;

/* The services the OS gives the DLL (DOT11EXT_APIS). */
typedef DWORD(WINAPI *DOT11EXT_ALLOCATE_BUFFER)(DWORD dwByteCount, LPVOID *ppvBuffer);
typedef VOID(WINAPI *DOT11EXT_FREE_BUFFER)(LPVOID pvMemory);
typedef DWORD(WINAPI *DOT11EXT_SET_PROFILE_CUSTOM_USER_DATA)(HANDLE hDot11SvcHandle, HANDLE hConnectSession,
                                                             DWORD dwSessionID, DWORD dwDataSize, LPVOID pvData);
typedef DWORD(WINAPI *DOT11EXT_GET_PROFILE_CUSTOM_USER_DATA)(HANDLE hDot11SvcHandle, HANDLE hConnectSession,
                                                             DWORD dwSessionID, DWORD *pdwDataSize, LPVOID *ppvData);
typedef DWORD(WINAPI *DOT11EXT_SET_CURRENT_PROFILE)(HANDLE hDot11SvcHandle, HANDLE hConnectSession,
                                                    PDOT11EXT_IHV_CONNECTIVITY_PROFILE pIhvConnProfile,
                                                    PDOT11EXT_IHV_SECURITY_PROFILE pIhvSecProfile);
typedef DWORD(WINAPI *DOT11EXT_SEND_UI_REQUEST)(HANDLE hDot11SvcHandle, PDOT11EXT_IHV_UI_REQUEST pIhvUIRequest);
typedef DWORD(WINAPI *DOT11EXT_PRE_ASSOCIATE_COMPLETION)(HANDLE hDot11SvcHandle, HANDLE hConnectSession,
                                                         DWORD dwReasonCode, DWORD dwWin32Error);
typedef DWORD(WINAPI *DOT11EXT_POST_ASSOCIATE_COMPLETION)(HANDLE hDot11SvcHandle, HANDLE hSecuritySessionID,
                                                          PDOT11_MAC_ADDRESS pPeer, DWORD dwReasonCode,
                                                          DWORD dwWin32Error);
typedef DWORD(WINAPI *DOT11EXT_SEND_NOTIFICATION)(HANDLE hDot11SvcHandle, PL2_NOTIFICATION_DATA pNotificationData);
typedef DWORD(WINAPI *DOT11EXT_SEND_PACKET)(HANDLE hDot11SvcHandle, ULONG uPacketLen, LPVOID pvPacket,
                                            HANDLE hSendCompletion);
typedef DWORD(WINAPI *DOT11EXT_SET_ETHERTYPE_HANDLING)(HANDLE hDot11SvcHandle, ULONG uMaxBackLog,
                                                       ULONG uNumOfExemption, PDOT11_PRIVACY_EXEMPTION pExemption,
                                                       ULONG uNumOfRegistration, USHORT *pusRegistration);
typedef DWORD(WINAPI *DOT11EXT_SET_AUTH_ALGORITHM)(HANDLE hDot11SvcHandle, DWORD dwAuthAlgo);
typedef DWORD(WINAPI *DOT11EXT_SET_UNICAST_CIPHER_ALGORITHM)(HANDLE hDot11SvcHandle, DWORD dwUnicastCipherAlgo);
typedef DWORD(WINAPI *DOT11EXT_SET_MULTICAST_CIPHER_ALGORITHM)(HANDLE hDot11SvcHandle, DWORD dwMulticastCipherAlgo);
typedef DWORD(WINAPI *DOT11EXT_SET_DEFAULT_KEY)(HANDLE hDot11SvcHandle, PDOT11_CIPHER_DEFAULT_KEY_VALUE pKey,
                                                DOT11_DIRECTION dot11Direction);
typedef DWORD(WINAPI *DOT11EXT_SET_KEY_MAPPING_KEY)(HANDLE hDot11SvcHandle, PDOT11_CIPHER_KEY_MAPPING_KEY_VALUE pKey);
typedef DWORD(WINAPI *DOT11EXT_SET_DEFAULT_KEY_ID)(HANDLE hDot11SvcHandle, ULONG uDefaultKeyId);
typedef DWORD(WINAPI *DOT11EXT_NIC_SPECIFIC_EXTENSION)(HANDLE hDot11SvcHandle, DWORD dwInBufferSize,
                                                       LPVOID pvInBuffer, DWORD *pdwOutBufferSize,
                                                       LPVOID pvOutBuffer);
typedef DWORD(WINAPI *DOT11EXT_SET_EXCLUDE_UNENCRYPTED)(HANDLE hDot11SvcHandle, BOOL bExcludeUnencrypted);
typedef DWORD(WINAPI *DOT11EXT_ONEX_START)(HANDLE hDot11SvcHandle, EAP_ATTRIBUTES *pEapAttributes);
typedef DWORD(WINAPI *DOT11EXT_ONEX_STOP)(HANDLE hDot11SvcHandle);
typedef DWORD(WINAPI *DOT11EXT_PROCESS_ONEX_PACKET)(HANDLE hDot11SvcHandle, DWORD dwInPacketSize, LPVOID pvInPacket);

typedef struct _DOT11EXT_APIS {
  DOT11EXT_ALLOCATE_BUFFER Dot11ExtAllocateBuffer;
  DOT11EXT_FREE_BUFFER Dot11ExtFreeBuffer;
  DOT11EXT_SET_PROFILE_CUSTOM_USER_DATA Dot11ExtSetProfileCustomUserData;
  DOT11EXT_GET_PROFILE_CUSTOM_USER_DATA Dot11ExtGetProfileCustomUserData;
  DOT11EXT_SET_CURRENT_PROFILE Dot11ExtSetCurrentProfile;
  DOT11EXT_SEND_UI_REQUEST Dot11ExtSendUIRequest;
  DOT11EXT_PRE_ASSOCIATE_COMPLETION Dot11ExtPreAssociateCompletion;
  DOT11EXT_POST_ASSOCIATE_COMPLETION Dot11ExtPostAssociateCompletion;
  DOT11EXT_SEND_NOTIFICATION Dot11ExtSendNotification;
  DOT11EXT_SEND_PACKET Dot11ExtSendPacket;
  DOT11EXT_SET_ETHERTYPE_HANDLING Dot11ExtSetEtherTypeHandling;
  DOT11EXT_SET_AUTH_ALGORITHM Dot11ExtSetAuthAlgorithm;
  DOT11EXT_SET_UNICAST_CIPHER_ALGORITHM Dot11ExtSetUnicastCipherAlgorithm;
  DOT11EXT_SET_MULTICAST_CIPHER_ALGORITHM Dot11ExtSetMulticastCipherAlgorithm;
  DOT11EXT_SET_DEFAULT_KEY Dot11ExtSetDefaultKey;
  DOT11EXT_SET_KEY_MAPPING_KEY Dot11ExtSetKeyMappingKey;
  DOT11EXT_SET_DEFAULT_KEY_ID Dot11ExtSetDefaultKeyId;
  DOT11EXT_NIC_SPECIFIC_EXTENSION Dot11ExtNicSpecificExtension;
  DOT11EXT_SET_EXCLUDE_UNENCRYPTED Dot11ExtSetExcludeUnencrypted;
  DOT11EXT_ONEX_START Dot11ExtStartOneX;
  DOT11EXT_ONEX_STOP Dot11ExtStopOneX;
  DOT11EXT_PROCESS_ONEX_PACKET Dot11ExtProcessSecurityPacket;
} DOT11EXT_APIS, *PDOT11EXT_APIS;

/* The handlers the DLL gives the OS (DOT11EXT_IHV_HANDLERS). */
typedef VOID(WINAPI *DOT11EXTIHV_DEINIT_SERVICE)(VOID);
typedef DWORD(WINAPI *DOT11EXTIHV_INIT_ADAPTER)(PDOT11_ADAPTER pDot11Adapter, HANDLE hDot11SvcHandle,
                                                PHANDLE phIhvExtAdapter);
typedef VOID(WINAPI *DOT11EXTIHV_DEINIT_ADAPTER)(HANDLE hIhvExtAdapter);
typedef DWORD(WINAPI *DOT11EXTIHV_PERFORM_PRE_ASSOCIATE)(HANDLE hIhvExtAdapter, HANDLE hConnectSession,
                                                         PDOT11EXT_IHV_PROFILE_PARAMS pIhvProfileParams,
                                                         PDOT11EXT_IHV_CONNECTIVITY_PROFILE pIhvConnProfile,
                                                         PDOT11EXT_IHV_SECURITY_PROFILE pIhvSecProfile,
                                                         PDOT11_BSS_LIST pConnectableBssid, PDWORD pdwReasonCode);
typedef DWORD(WINAPI *DOT11EXTIHV_ADAPTER_RESET)(HANDLE hIhvExtAdapter);
typedef DWORD(WINAPI *DOT11EXTIHV_PERFORM_POST_ASSOCIATE)(HANDLE hIhvExtAdapter, HANDLE hSecuritySessionID,
                                                          PDOT11_PORT_STATE pPortState, ULONG uDot11AssocParamsBytes,
                                                          PDOT11_ASSOCIATION_COMPLETION_PARAMETERS pDot11AssocParams);
typedef DWORD(WINAPI *DOT11EXTIHV_STOP_POST_ASSOCIATE)(HANDLE hIhvExtAdapter, PDOT11_MAC_ADDRESS pPeer,
                                                       DOT11_ASSOC_STATUS dot11AssocStatus);
typedef DWORD(WINAPI *DOT11EXTIHV_VALIDATE_PROFILE)(HANDLE hIhvExtAdapter,
                                                    PDOT11EXT_IHV_PROFILE_PARAMS pIhvProfileParams,
                                                    PDOT11EXT_IHV_CONNECTIVITY_PROFILE pIhvConnProfile,
                                                    PDOT11EXT_IHV_SECURITY_PROFILE pIhvSecProfile,
                                                    PDWORD pdwReasonCode);
typedef DWORD(WINAPI *DOT11EXTIHV_PERFORM_CAPABILITY_MATCH)(HANDLE hIhvExtAdapter,
                                                            PDOT11EXT_IHV_PROFILE_PARAMS pIhvProfileParams,
                                                            PDOT11EXT_IHV_CONNECTIVITY_PROFILE pIhvConnProfile,
                                                            PDOT11EXT_IHV_SECURITY_PROFILE pIhvSecProfile,
                                                            PDOT11_BSS_LIST pConnectableBssid, PDWORD pdwReasonCode);
typedef DWORD(WINAPI *DOT11EXTIHV_CREATE_DISCOVERY_PROFILES)(
    HANDLE hIhvExtAdapter, BOOL bInsecure, PDOT11EXT_IHV_PROFILE_PARAMS pIhvProfileParams,
    PDOT11_BSS_LIST pConnectableBssid, PDOT11EXT_IHV_DISCOVERY_PROFILE_LIST pIhvDiscoveryProfileList,
    PDWORD pdwReasonCode);
typedef DWORD(WINAPI *DOT11EXTIHV_PROCESS_SESSION_CHANGE)(ULONG uEventType,
                                                          PWTSSESSION_NOTIFICATION pSessionNotification);
typedef DWORD(WINAPI *DOT11EXTIHV_RECEIVE_INDICATION)(HANDLE hIhvExtAdapter,
                                                      DOT11EXT_IHV_INDICATION_TYPE indicationType,
                                                      ULONG uBufferLength, LPVOID pvBuffer);
typedef DWORD(WINAPI *DOT11EXTIHV_RECEIVE_PACKET)(HANDLE hIhvExtAdapter, DWORD dwInBufferSize, LPVOID pvInBuffer);
typedef DWORD(WINAPI *DOT11EXTIHV_SEND_PACKET_COMPLETION)(HANDLE hSendCompletion);
typedef DWORD(WINAPI *DOT11EXTIHV_IS_UI_REQUEST_PENDING)(GUID guidUIRequest, PBOOL pbIsRequestPending);
typedef DWORD(WINAPI *DOT11EXTIHV_PROCESS_UI_RESPONSE)(GUID guidUIRequest, DWORD dwByteCount,
                                                       LPVOID pvResponseBuffer);
typedef DWORD(WINAPI *DOT11EXTIHV_QUERY_UI_REQUEST)(HANDLE hIhvExtAdapter,
                                                    DOT11EXT_IHV_CONNECTION_PHASE connectionPhase,
                                                    PDOT11EXT_IHV_UI_REQUEST *ppIhvUIRequest);
typedef DWORD(WINAPI *DOT11EXTIHV_ONEX_INDICATE_RESULT)(HANDLE hIhvExtAdapter, DOT11_MSONEX_RESULT msOneXResult,
                                                        PDOT11_MSONEX_RESULT_PARAMS pDot11MsOneXResultParams);
typedef DWORD(WINAPI *DOT11EXTIHV_CONTROL)(HANDLE hIhvExtAdapter, DWORD dwInBufferSize, PBYTE pInBuffer,
                                           DWORD dwOutBufferSize, PBYTE pOutBuffer, PDWORD pdwBytesReturned);

typedef struct _DOT11EXT_IHV_HANDLERS {
  DOT11EXTIHV_DEINIT_SERVICE Dot11ExtIhvDeinitService;
  DOT11EXTIHV_INIT_ADAPTER Dot11ExtIhvInitAdapter;
  DOT11EXTIHV_DEINIT_ADAPTER Dot11ExtIhvDeinitAdapter;
  DOT11EXTIHV_PERFORM_PRE_ASSOCIATE Dot11ExtIhvPerformPreAssociate;
  DOT11EXTIHV_ADAPTER_RESET Dot11ExtIhvAdapterReset;
  DOT11EXTIHV_PERFORM_POST_ASSOCIATE Dot11ExtIhvPerformPostAssociate;
  DOT11EXTIHV_STOP_POST_ASSOCIATE Dot11ExtIhvStopPostAssociate;
  DOT11EXTIHV_VALIDATE_PROFILE Dot11ExtIhvValidateProfile;
  DOT11EXTIHV_PERFORM_CAPABILITY_MATCH Dot11ExtIhvPerformCapabilityMatch;
  DOT11EXTIHV_CREATE_DISCOVERY_PROFILES Dot11ExtIhvCreateDiscoveryProfiles;
  DOT11EXTIHV_PROCESS_SESSION_CHANGE Dot11ExtIhvProcessSessionChange;
  DOT11EXTIHV_RECEIVE_INDICATION Dot11ExtIhvReceiveIndication;
  DOT11EXTIHV_RECEIVE_PACKET Dot11ExtIhvReceivePacket;
  DOT11EXTIHV_SEND_PACKET_COMPLETION Dot11ExtIhvSendPacketCompletion;
  DOT11EXTIHV_IS_UI_REQUEST_PENDING Dot11ExtIhvIsUIRequestPending;
  DOT11EXTIHV_PROCESS_UI_RESPONSE Dot11ExtIhvProcessUIResponse;
  DOT11EXTIHV_QUERY_UI_REQUEST Dot11ExtIhvQueryUIRequest;
  DOT11EXTIHV_ONEX_INDICATE_RESULT Dot11ExtIhvOnexIndicateResult;
  DOT11EXTIHV_CONTROL Dot11ExtIhvControl;
} DOT11EXT_IHV_HANDLERS, *PDOT11EXT_IHV_HANDLERS;

/* The two exports the OS resolves. */
typedef DWORD(WINAPI *DOT11EXTIHV_GET_VERSION_INFO)(PDOT11_IHV_VERSION_INFO pDot11IHVVersionInfo);
typedef DWORD(WINAPI *DOT11EXTIHV_INIT_SERVICE)(DWORD dwVerNumUsed, PDOT11EXT_APIS pDot11ExtAPI, LPVOID pvReserved,
                                                PDOT11EXT_IHV_HANDLERS pDot11IHVHandlers);

DWORD WINAPI Dot11ExtIhvGetVersionInfo(PDOT11_IHV_VERSION_INFO pDot11IHVVersionInfo);
DWORD WINAPI Dot11ExtIhvInitService(DWORD dwVerNumUsed, PDOT11EXT_APIS pDot11ExtAPI, LPVOID pvReserved,
                                    PDOT11EXT_IHV_HANDLERS pDot11IHVHandlers);

#if defined(__x86_64__) || defined(_M_X64) || defined(__aarch64__) || defined(_M_ARM64)
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_APIS) == 176, "DOT11EXT_APIS is 22 pointers");
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_IHV_HANDLERS) == 152, "DOT11EXT_IHV_HANDLERS is 19 pointers");
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_IHV_UI_REQUEST) == 48, "DOT11EXT_IHV_UI_REQUEST is 48 bytes on x64");
DDIKIT_STATIC_ASSERT(offsetof(DOT11EXT_IHV_UI_REQUEST, dwByteCount) == 36, "dwByteCount at 36");
DDIKIT_STATIC_ASSERT(offsetof(DOT11EXT_IHV_UI_REQUEST, pvUIRequest) == 40, "pvUIRequest at 40");
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_IHV_DISCOVERY_PROFILE) == 24, "DOT11EXT_IHV_DISCOVERY_PROFILE is 24 bytes on x64");
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_IHV_DISCOVERY_PROFILE_LIST) == 16, "DOT11EXT_IHV_DISCOVERY_PROFILE_LIST is 16 bytes");
DDIKIT_STATIC_ASSERT(sizeof(DOT11_IHV_VERSION_INFO) == 8, "DOT11_IHV_VERSION_INFO is 8 bytes");
DDIKIT_STATIC_ASSERT(sizeof(DOT11_SSID) == 36, "DOT11_SSID is 36 bytes");
DDIKIT_STATIC_ASSERT(sizeof(DOT11_ADAPTER) == 32, "DOT11_ADAPTER is 32 bytes on x64");
DDIKIT_STATIC_ASSERT(offsetof(DOT11_ADAPTER, pszDescription) == 16, "DOT11_ADAPTER.pszDescription at 16");
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_IHV_SSID_LIST) == 40, "DOT11EXT_IHV_SSID_LIST with one SSID is 40 bytes");
DDIKIT_STATIC_ASSERT(sizeof(DOT11_MSSECURITY_SETTINGS) == 40, "DOT11_MSSECURITY_SETTINGS is 40 bytes on x64");
DDIKIT_STATIC_ASSERT(offsetof(DOT11_MSSECURITY_SETTINGS, pEapConnectionData) == 32, "pEapConnectionData at 32");
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_IHV_PROFILE_PARAMS) == 24, "DOT11EXT_IHV_PROFILE_PARAMS is 24 bytes on x64");
DDIKIT_STATIC_ASSERT(offsetof(DOT11EXT_IHV_PROFILE_PARAMS, pMSSecuritySettings) == 16, "pMSSecuritySettings at 16");
DDIKIT_STATIC_ASSERT(sizeof(DOT11_BSS_LIST) == 16, "DOT11_BSS_LIST is 16 bytes on x64");
DDIKIT_STATIC_ASSERT(sizeof(DOT11EXT_IHV_SECURITY_PROFILE) == 16, "DOT11EXT_IHV_SECURITY_PROFILE is 16 bytes on x64");
#endif

#ifdef __cplusplus
}
#endif

#endif /* DDIKIT_WLANIHV_H */
