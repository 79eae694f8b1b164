/*
 * free() as a vendor module sees it. A DLL that hands a Dot11Ext buffer (or pool) to the C
 * runtime's free() makes glibc abort on a block it never allocated, which would report a
 * crash instead of the bug. After a module is loaded, its relocations for free are pointed
 * at ddk_crt_free: a block of the verified heap is reported as Application Verifier's
 * "freed through the wrong heap" (or, for pool and MDLs, a mismatched free) and left alone;
 * any other pointer goes to the real free(). Only the module's own calls are routed, so the
 * rest of the process never pays for the check.
 */
#include "core.h"

#include <stdlib.h>

static void ddk_crt_free(void *p) {
  ddk_ctx *c = p ? ddk_ctx_get() : NULL;
  if (c) {
    ddk_lock(c);
    ddk_rec *r = ddk_heap_find_containing(c, (uintptr_t)p, 0);
    if (r) {
      if (r->allocator == A_DOT11EXT)
        ddk_report_block(c, K_FREED_THROUGH_WRONG_HEAP, S_CRT_free, r, 0);
      else
        ddk_report_block(c, K_FREE_MECHANISM_MISMATCH, S_CRT_free, r, EV_IRQL | EV_ALLOCATOR);
      ddk_unlock(c);
      return;
    }
    ddk_unlock(c);
  }
  free(p);
}

#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__x86_64__)
#define RELOC_JUMP_SLOT R_X86_64_JUMP_SLOT
#define RELOC_GLOB_DAT R_X86_64_GLOB_DAT
#else
#define RELOC_JUMP_SLOT R_AARCH64_JUMP_SLOT
#define RELOC_GLOB_DAT R_AARCH64_GLOB_DAT
#endif

/* Dynamic-section addresses: glibc relocates them in place on most targets, not on all. */
static uintptr_t dyn_address(const struct link_map *lm, ElfW(Addr) value) {
  return value < lm->l_addr ? lm->l_addr + value : value;
}

static int route_table(const struct link_map *lm, const ElfW(Rela) *rela, size_t bytes, const ElfW(Sym) *symtab,
                       const char *strtab) {
  int routed = 0;
  long page = sysconf(_SC_PAGESIZE);
  for (size_t i = 0; i < bytes / sizeof *rela; i++) {
    unsigned long type = ELF64_R_TYPE(rela[i].r_info);
    if (type != RELOC_JUMP_SLOT && type != RELOC_GLOB_DAT) continue;
    if (strcmp(strtab + symtab[ELF64_R_SYM(rela[i].r_info)].st_name, "free") != 0) continue;
    void **slot = (void **)(lm->l_addr + rela[i].r_offset);
    /* RELRO made the GOT read-only after loading; the module is ours to instrument. */
    if (mprotect((void *)((uintptr_t)slot & ~(uintptr_t)(page - 1)), (size_t)page, PROT_READ | PROT_WRITE) != 0) continue;
    *slot = (void *)ddk_crt_free;
    routed++;
  }
  return routed;
}

/* Routes the loaded module's free() to ddk_crt_free. Returns how many references were routed, -1 if not loaded. */
DDK_API int32_t ddk_route_crt_free(const char *path) {
  void *handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  if (!handle) return -1;
  struct link_map *lm = NULL;
  int routed = 0;
  if (dlinfo(handle, RTLD_DI_LINKMAP, &lm) == 0 && lm) {
    const ElfW(Sym) *symtab = NULL;
    const char *strtab = NULL;
    const ElfW(Rela) *plt = NULL, *rela = NULL;
    size_t plt_bytes = 0, rela_bytes = 0;
    for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++) {
      switch (d->d_tag) {
        case DT_SYMTAB: symtab = (const ElfW(Sym) *)dyn_address(lm, d->d_un.d_ptr); break;
        case DT_STRTAB: strtab = (const char *)dyn_address(lm, d->d_un.d_ptr); break;
        case DT_JMPREL: plt = (const ElfW(Rela) *)dyn_address(lm, d->d_un.d_ptr); break;
        case DT_PLTRELSZ: plt_bytes = d->d_un.d_val; break;
        case DT_RELA: rela = (const ElfW(Rela) *)dyn_address(lm, d->d_un.d_ptr); break;
        case DT_RELASZ: rela_bytes = d->d_un.d_val; break;
        default: break;
      }
    }
    if (symtab && strtab) {
      if (plt) routed += route_table(lm, plt, plt_bytes, symtab, strtab);
      if (rela) routed += route_table(lm, rela, rela_bytes, symtab, strtab);
    }
  }
  dlclose(handle);
  return routed;
}
#else
/* Elsewhere a module's free() reaches the C runtime directly (and may crash on a host buffer). */
DDK_API int32_t ddk_route_crt_free(const char *path) {
  (void)path;
  (void)ddk_crt_free;
  return 0;
}
#endif
