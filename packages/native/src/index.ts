export { createNativeBackend, type NativeBackend, type NativeBackendOptions, type ServiceCall } from './backend.js';
export { includeDirectory, libraryPath } from './library.js';
