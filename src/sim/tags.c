// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tags to the latest alloc event that named them, so that checking a
 * trace of a million events stays linear: an open-addressing table keyed
 * by the tag text (the events own the strings).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim_internal.h"

static uint64_t tag_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

int sim_tags_init(struct sim_tags *tags, size_t entries)
{
	size_t cap = 16;

	while (cap < 2 * entries)
		cap *= 2;
	tags->slot = malloc(cap * sizeof(*tags->slot));
	if (!tags->slot)
		return -ENOMEM;
	memset(tags->slot, 0xff, cap * sizeof(*tags->slot));	/* every slot -1: empty */
	tags->mask = cap - 1;
	return 0;
}

void sim_tags_release(struct sim_tags *tags)
{
	free(tags->slot);
	tags->slot = NULL;
}

/* The slot holding @tag, or the empty slot where it would go. */
static long *tag_slot(const struct sim_tags *tags, const struct rmem_sim_trace *t, const char *tag)
{
	size_t i = tag_hash(tag) & tags->mask;

	while (tags->slot[i] >= 0 && strcmp(t->ev[tags->slot[i]].tag, tag))
		i = (i + 1) & tags->mask;
	return &tags->slot[i];
}

long sim_tags_find(const struct sim_tags *tags, const struct rmem_sim_trace *t, const char *tag)
{
	return *tag_slot(tags, t, tag);
}

void sim_tags_set(struct sim_tags *tags, const struct rmem_sim_trace *t, size_t ev)
{
	*tag_slot(tags, t, t->ev[ev].tag) = (long)ev;
}
