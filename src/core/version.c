// SPDX-License-Identifier: GPL-2.0-only
#include <rmem/rmem.h>

const char *rmem_version(void)
{
	return RMEM_VERSION_STRING;
}
