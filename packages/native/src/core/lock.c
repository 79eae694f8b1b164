/* The context lock: a spin lock, biased towards the thread that created the context. */
#include <sched.h>
#if defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "core.h"

static int fence_everyone(void) {
#if defined(__linux__) && defined(__NR_membarrier)
  return (int)syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
#else
  return -1;
#endif
}

void ddk_lock_init(ddk_spin *l) {
  atomic_store(&l->held, 0);
  atomic_store(&l->owner_busy, 0);
  l->owner = ddk_self();
  int biased = 0;
#if defined(__linux__) && defined(__NR_membarrier)
  biased = syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
#endif
  atomic_store(&l->shared, biased ? 0 : 1);
}

/* `held` was taken: spin (then yield) until it is ours. */
void ddk_lock_contended(ddk_spin *l) {
  for (unsigned spins = 0;;) {
    while (atomic_load_explicit(&l->held, memory_order_relaxed)) {
      if (++spins > 64) {
        sched_yield();
        spins = 0;
      } else {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
    }
    if (!atomic_exchange_explicit(&l->held, 1, memory_order_acquire)) return;
  }
}

/*
 * A thread other than the owner holds `held` while the owner may still take the lock
 * without it: end the bias for good, make the owner's stores visible (membarrier runs a
 * full barrier on every thread of the process), and wait for its current section to end.
 */
void ddk_lock_revoke(ddk_spin *l) {
  atomic_store_explicit(&l->shared, 1, memory_order_seq_cst);
  if (fence_everyone() != 0) atomic_thread_fence(memory_order_seq_cst);
  while (atomic_load_explicit(&l->owner_busy, memory_order_acquire)) sched_yield();
}
