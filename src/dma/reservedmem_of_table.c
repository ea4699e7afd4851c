// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RESERVEDMEM_OF_DECLARE() table (__reservedmem_of_table), in the
 * kernel's link order: kernel/dma/Makefile links contiguous.o (the "cma"
 * handler) before coherent.o (the "dma" one), so a "shared-dma-pool" is
 * offered to CMA first.  Debian's kernels have no other handler built in
 * (CONFIG_DMA_RESTRICTED_POOL and the SoC drivers' handlers are off or
 * modules).  A new handler is one line here.
 *
 * The kernel's linker gathers the table, so of_reserved_mem.c never names
 * a handler; here the context hands the table to the reserved-memory code
 * when it is made (rmem_rm_state_init()).
 */
#include "reserved_mem/reserved_mem_internal.h"

/* kernel/dma/contiguous.c is built with CONFIG_DMA_CMA */
static bool cma_present(const struct rmem_profile *p)
{
	return p->dma_cma;
}

/* kernel/dma/coherent.c: CONFIG_DMA_DECLARE_COHERENT, set in every Debian arm and riscv64 config */
static bool dma_present(const struct rmem_profile *p)
{
	return true;
}

static const struct rmem_rmem_handler rmem_handlers[] = {
	{ "cma", "shared-dma-pool", rmem_rmem_cma_setup, cma_present, NULL,
	  rmem_rmem_cma_validate },
	{ "dma", "shared-dma-pool", rmem_rmem_dma_setup, dma_present, rmem_rmem_dma_release_priv,
	  NULL },
};

#define NR_HANDLERS (sizeof(rmem_handlers) / sizeof(rmem_handlers[0]))

const struct rmem_rmem_handler *rmem_reservedmem_of_table(size_t *nr)
{
	*nr = NR_HANDLERS;
	return rmem_handlers;
}

const struct rmem_rmem_handler *rmem_rmem_handler_at(size_t i)
{
	return i < NR_HANDLERS ? &rmem_handlers[i] : NULL;
}
