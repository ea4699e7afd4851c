// SPDX-License-Identifier: GPL-2.0-only
/*
 * The built-in profile for a running kernel, from its release string
 * (uname -r) and arch: rmem inspect's choice.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rmem/profile.h>

/*
 * How well @q fits Debian's flavour names in @release: "-16k" for 16K
 * pages, "armmp-lpae" or plain "armmp" for LPAE or not.
 */
static int flavour_score(const struct rmem_profile *q, const char *release)
{
	bool k16 = strstr(release, "-16k") != NULL, lpae = strstr(release, "lpae") != NULL;
	bool armmp = strstr(release, "armmp") != NULL;

	return ((q->page_shift == 14) == k16) + (!armmp || q->arm_lpae == lpae);
}

int rmem_profile_for_release(const char *arch, const char *release, struct rmem_profile *out,
			     unsigned int *candidates)
{
	unsigned int major, minor, version, older = 0;
	int score = -1;

	*candidates = 0;
	if (sscanf(release, "%u.%u", &major, &minor) != 2)
		return -EINVAL;
	version = RMEM_KERNEL_VERSION(major, minor);
	for (size_t i = 0; rmem_profile_builtin_name(i); i++) {
		struct rmem_profile q;

		if (rmem_profile_builtin(rmem_profile_builtin_name(i), &q) ||
		    strcmp(rmem_profile_arch_name(&q), arch))
			continue;
		if (q.version == version) {
			(*candidates)++;
			if (flavour_score(&q, release) > score) {
				score = flavour_score(&q, release);
				*out = q;
			}
		} else if (score < 0 && q.version < version && q.version > older) {
			older = q.version;
			*out = q;
		}
	}
	return score >= 0 ? 0 : older ? 1 : -ENOENT;
}
