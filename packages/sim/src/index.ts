export { createSimBackend, HEAP_BASE, HOST_BASE } from './backend.js';
export { DeadlockError } from './kernel/event.js';
export type { Backend, BackendOptions as SimBackendOptions } from '@ddikit/types';
