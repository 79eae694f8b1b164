export { createNativeBackend, type NativeBackend, type NativeBackendOptions } from './backend.js';
export { includeDirectory, libraryPath } from './library.js';
