/* The violation log: kinds by id with their evidence; TypeScript builds the messages. */
#include <stdlib.h>

#include "core.h"

static int grow_array(void **items, size_t *cap, size_t count, size_t item_size) {
  if (count < *cap) return 0;
  size_t next = *cap ? *cap * 2 : 64;
  void *p = realloc(*items, next * item_size);
  if (!p) return -1;
  *items = p;
  *cap = next;
  return 0;
}

void ddk_report(ddk_ctx *c, int kind, int service, ddk_evidence ev) {
  if (grow_array((void **)&c->violations, &c->violation_cap, c->violation_count, sizeof(ddk_evidence)) != 0) return;
  ev.kind = kind;
  ev.service = service;
  int h = ddk_handler(c);
  if (h) {
    ev.handler = h;
    ev.present |= EV_HANDLER;
  }
  ev.faults_injected = c->injected_count > 0;
  c->violations[c->violation_count++] = ev;
}

void ddk_report_block(ddk_ctx *c, int kind, int service, const ddk_rec *r, unsigned extra) {
  ddk_evidence ev = {0};
  ev.address = r->addr;
  ev.size = r->size;
  ev.order = r->order;
  ev.present = EV_ADDRESS | EV_SIZE | EV_ORDER;
  if (r->handler) {
    ev.allocated_by = r->handler;
    ev.present |= EV_ALLOCATED_BY;
  }
  if (extra & EV_IRQL) {
    ev.irql = ddk_irql(c);
    ev.present |= EV_IRQL;
  }
  if (extra & EV_ALLOCATOR) {
    ev.allocator = r->allocator;
    ev.present |= EV_ALLOCATOR;
  }
  ddk_report(c, kind, service, ev);
}

void ddk_report_call(ddk_ctx *c, int kind, int service) {
  ddk_evidence ev = {0};
  ev.irql = ddk_irql(c);
  ev.present = EV_IRQL;
  ddk_lock(c);
  ddk_report(c, kind, service, ev);
  ddk_unlock(c);
}

void ddk_note_call(ddk_ctx *c, int service) {
  if (grow_array((void **)&c->calls, &c->call_cap, c->call_count, sizeof(ddk_call)) != 0) return;
  c->calls[c->call_count].service = service;
  c->calls[c->call_count].handler = ddk_handler(c);
  c->call_count++;
}

int ddk_grow(void **items, size_t *cap, size_t count, size_t item_size) {
  return grow_array(items, cap, count, item_size);
}
