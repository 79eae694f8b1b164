/* KEVENTs with real waits: another thread may set the event while one waits on it. */
#include <errno.h>
#include <time.h>

#include "core.h"

int ddk_grow(void **items, size_t *cap, size_t count, size_t item_size);

/* Caller holds ev_lock. */
static ddk_event *find(ddk_ctx *c, uintptr_t addr) {
  for (size_t i = 0; i < c->event_count; i++)
    if (c->events[i].addr == addr) return &c->events[i];
  return NULL;
}

static void mirror(PRKEVENT e, int type, int signaled) {
  e->Header.Type = (UCHAR)type;
  e->Header.SignalState = signaled;
}

DDK_API VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !Event) return;
  memset(Event, 0, sizeof *Event);
  pthread_mutex_lock(&c->ev_lock);
  ddk_event *e = find(c, (uintptr_t)Event);
  if (!e && ddk_grow((void **)&c->events, &c->event_cap, c->event_count, sizeof(ddk_event)) == 0) {
    e = &c->events[c->event_count++];
    e->addr = (uintptr_t)Event;
  }
  if (e) {
    e->type = Type;
    e->signaled = State ? 1 : 0;
    mirror(Event, Type, e->signaled);
  }
  pthread_mutex_unlock(&c->ev_lock);
}

/* 1 when the address was initialized with KeInitializeEvent. */
DDK_API int32_t ddk_event_known(uintptr_t addr) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c) return 0;
  pthread_mutex_lock(&c->ev_lock);
  int known = find(c, addr) != NULL;
  pthread_mutex_unlock(&c->ev_lock);
  return known;
}

/* Sets an event's state and returns the previous one; setting it wakes every waiter. */
static LONG set_state(PRKEVENT Event, int signaled) {
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !Event) return 0;
  pthread_mutex_lock(&c->ev_lock);
  ddk_event *e = find(c, (uintptr_t)Event);
  LONG previous = 0;
  if (e) {
    previous = e->signaled;
    e->signaled = signaled;
    mirror(Event, e->type, signaled);
    if (signaled) pthread_cond_broadcast(&c->ev_cond);
  }
  pthread_mutex_unlock(&c->ev_lock);
  return previous;
}

DDK_API LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
  (void)Increment, (void)Wait;
  return set_state(Event, 1);
}

DDK_API LONG KeResetEvent(PRKEVENT Event) { return set_state(Event, 0); }

DDK_API VOID KeClearEvent(PRKEVENT Event) { (void)KeResetEvent(Event); }

#define WINDOWS_TO_UNIX_100NS 116444736000000000LL

DDK_API NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                                       BOOLEAN Alertable, PLARGE_INTEGER Timeout) {
  (void)WaitReason, (void)WaitMode, (void)Alertable;
  ddk_ctx *c = ddk_ctx_get();
  if (!c || !Object) return STATUS_INVALID_PARAMETER;
  KIRQL irql = ddk_irql(c);
  if (irql >= DISPATCH_LEVEL && (!Timeout || Timeout->QuadPart != 0)) {
    ddk_report_call(c, K_WAIT_AT_DISPATCH, S_KeWaitForSingleObject);
    return STATUS_TIMEOUT;
  }
  struct timespec deadline;
  if (Timeout && Timeout->QuadPart != 0) {
    int64_t t = Timeout->QuadPart;
    if (t < 0) {
      clock_gettime(CLOCK_REALTIME, &deadline);
      int64_t ns = -t * 100;
      deadline.tv_sec += ns / 1000000000LL;
      deadline.tv_nsec += ns % 1000000000LL;
    } else {
      int64_t unix100 = t - WINDOWS_TO_UNIX_100NS;
      if (unix100 < 0) unix100 = 0;
      deadline.tv_sec = unix100 / 10000000LL;
      deadline.tv_nsec = (unix100 % 10000000LL) * 100;
    }
    if (deadline.tv_nsec >= 1000000000L) {
      deadline.tv_sec += 1;
      deadline.tv_nsec -= 1000000000L;
    }
  }
  pthread_mutex_lock(&c->ev_lock);
  NTSTATUS status = STATUS_SUCCESS;
  for (;;) {
    ddk_event *e = find(c, (uintptr_t)Object);
    if (!e) {
      status = STATUS_INVALID_PARAMETER;
      break;
    }
    if (e->signaled) {
      if (e->type == SynchronizationEvent) {
        e->signaled = 0;
        mirror((PRKEVENT)Object, e->type, 0);
      }
      break;
    }
    if (Timeout && Timeout->QuadPart == 0) {
      status = STATUS_TIMEOUT;
      break;
    }
    int rc = Timeout ? pthread_cond_timedwait(&c->ev_cond, &c->ev_lock, &deadline)
                     : pthread_cond_wait(&c->ev_cond, &c->ev_lock);
    if (rc == ETIMEDOUT) {
      e = find(c, (uintptr_t)Object);
      if (e && e->signaled) continue;
      status = STATUS_TIMEOUT;
      break;
    }
  }
  pthread_mutex_unlock(&c->ev_lock);
  return status;
}
