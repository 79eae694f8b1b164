/* The IRQL of the calling thread, per context (a fresh backend starts at PASSIVE_LEVEL). */
#include "core.h"

_Thread_local ddk_thread_irql ddk_tls_irql;

void ddk_set_irql(ddk_ctx *c, KIRQL level) {
  if (!c) return;
  ddk_tls_irql.gen = c->gen;
  ddk_tls_irql.level = level;
}

DDK_API KIRQL KeGetCurrentIrql(VOID) { return ddk_irql(ddk_ctx_get()); }

DDK_API VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql) {
  ddk_ctx *c = ddk_ctx_get();
  KIRQL current = ddk_irql(c);
  if (OldIrql) *OldIrql = current;
  if (!c) return;
  if (NewIrql < current) {
    ddk_report_call(c, K_BAD_IRQL_RAISE, S_KeRaiseIrql);
    return;
  }
  ddk_set_irql(c, NewIrql);
}

DDK_API KIRQL KeRaiseIrqlToDpcLevel(VOID) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  return old;
}

DDK_API VOID KeLowerIrql(KIRQL NewIrql) {
  ddk_ctx *c = ddk_ctx_get();
  KIRQL current = ddk_irql(c);
  if (!c) return;
  if (NewIrql > current) {
    ddk_report_call(c, K_BAD_IRQL_LOWER, S_KeLowerIrql);
    return;
  }
  ddk_set_irql(c, NewIrql);
}
