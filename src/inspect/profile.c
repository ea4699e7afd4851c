// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which kernel profile models the inspected system: its release
 * (/proc/sys/kernel/osrelease), its arch (/proc/sys/kernel/arch, uname -m,
 * the config's header) and, when the system has it, its config
 * (/proc/config.gz or /boot/config-RELEASE), read over the profile.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>

#include "inspect/inspect_internal.h"

/* uname -m's machine as rmem_profile_arch_name() names the arch. */
static const char *arch_of_machine(const char *m)
{
	if (!strncmp(m, "aarch64", 7) || !strncmp(m, "arm64", 5))
		return "arm64";
	if (!strncmp(m, "arm", 3))
		return "arm";
	if (!strncmp(m, "riscv64", 7))
		return "riscv64";
	return NULL;
}

/* The first line of a file, without its newline, into @buf. */
static bool first_line(const struct rmem_snapshot *s, const char *rel, char *buf, size_t len)
{
	const char *text = rmem_snapshot_file(s, rel, NULL);

	if (!text || !*text)
		return false;
	snprintf(buf, len, "%.*s", (int)strcspn(text, "\n"), text);
	return true;
}

/* /proc/config.gz uncompressed (libarchive's raw format), or NULL. */
static char *gunzip(const char *data, size_t size, size_t *out_len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	la_ssize_t n;

	if (!a)
		return NULL;
	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, data, size) != ARCHIVE_OK ||
	    archive_read_next_header(a, &e) != ARCHIVE_OK)
		goto fail;
	do {
		if (cap - len < 65536) {
			char *nb = realloc(buf, cap + 262144);

			if (!nb)
				goto fail;
			buf = nb;
			cap += 262144;
		}
		n = archive_read_data(a, buf + len, cap - len - 1);
		if (n < 0)
			goto fail;
		len += (size_t)n;
	} while (n > 0 && len < (64u << 20));
	archive_read_free(a);
	buf[len] = '\0';
	*out_len = len;
	return buf;
fail:
	archive_read_free(a);
	free(buf);
	return NULL;
}

/* The system's config as text (malloc'd), and where it came from. */
static char *system_config(const struct rmem_snapshot *s, const char *release, size_t *len,
			   char *from, size_t fromlen)
{
	char path[160];
	size_t size;
	const char *text = rmem_snapshot_file(s, "proc/config.gz", &size);

	if (text) {
		snprintf(from, fromlen, "/proc/config.gz");
		return gunzip(text, size, len);
	}
	snprintf(path, sizeof(path), "usr/lib/modules/%s/config", release);
	text = rmem_snapshot_file(s, path, &size);
	if (!text) {
		snprintf(path, sizeof(path), "boot/config-%s", release);
		text = rmem_snapshot_file(s, path, &size);
	}
	if (!text)
		return NULL;
	/* a release is at most 64 characters (utsname): the name fits */
	snprintf(from, fromlen, "/%.*s", (int)fromlen - 2, path);
	*len = size;
	return strndup(text, size);
}

/* "# Linux/arm64 6.1.0 Kernel Configuration": its arch. */
static const char *arch_of_config(const char *config)
{
	const char *p = config ? strstr(config, "# Linux/") : NULL;

	if (!p)
		return NULL;
	p += 8;
	if (!strncmp(p, "arm64 ", 6))
		return "arm64";
	if (!strncmp(p, "arm ", 4))
		return "arm";
	if (!strncmp(p, "riscv ", 6))
		return "riscv64";
	return NULL;
}

static const char *system_arch(const struct rmem_snapshot *s, const char *config, char *why,
			       size_t len)
{
	char m[64];
	const char *a;

	if (first_line(s, "proc/sys/kernel/arch", m, sizeof(m)) ||
	    first_line(s, "uname-m", m, sizeof(m))) {
		/* a machine rmem has no arch for: said so by the caller */
		snprintf(why, len, "machine %s", m);
		if ((a = arch_of_machine(m)))
			return a;
	}
	a = arch_of_config(config);
	if (a)
		snprintf(why, len, "the config's header");
	return a;
}

/* The system's config over the profile: its Kconfig values are the system's own. */
static void apply_config(struct rmem_inspect *in, struct rmem_profile *p, const char *config,
			 size_t len, const char *from)
{
	char err[160], name[64];
	struct rmem_profile q = *p;
	size_t n = strlen(in->profile_why);

	memcpy(name, p->name, sizeof(name));
	if (in->nr_problems == RMEM_INSPECT_MAX)
		in->nr_problems--;	/* the last slot says what the config did */
	if (rmem_profile_apply_config(&q, config, len, err, sizeof(err))) {
		snprintf(in->problems[in->nr_problems++], RMEM_INSPECT_TEXT,
			 "%s: not read (%s): the profile's own values are used", from, err);
		return;
	}
	if (!rmem_profile_same_kernel(&q, p)) {
		snprintf(in->problems[in->nr_problems++], RMEM_INSPECT_TEXT,
			 "%s: a config of another kernel than the release: not used", from);
		return;
	}
	*p = q;
	memcpy(p->name, name, sizeof(p->name));
	snprintf(in->profile_why + n, sizeof(in->profile_why) - n, "; Kconfig values from %s",
		 from);
}

int rmem_inspect_choose_profile(const struct rmem_snapshot *s, const char *forced,
				struct rmem_inspect *in, struct rmem_profile *p)
{
	char from[96] = "", archwhy[80] = "";
	unsigned int n = 0;
	size_t clen = 0;
	char *config;
	const char *arch;
	int found = -ENOENT, ret = 0;

	first_line(s, "proc/sys/kernel/osrelease", in->osrelease, sizeof(in->osrelease));
	config = system_config(s, in->osrelease, &clen, from, sizeof(from));
	arch = system_arch(s, config, archwhy, sizeof(archwhy));
	snprintf(in->arch, sizeof(in->arch), "%s", arch ? arch : "");
	if (arch && in->osrelease[0])
		found = rmem_profile_for_release(arch, in->osrelease, p, &n);
	if (forced) {
		if (rmem_profile_builtin(forced, p)) {
			free(config);
			return -EINVAL;
		}
		snprintf(in->profile_why, sizeof(in->profile_why), "given with -k");
		in->modelled = true;
	} else if (!in->osrelease[0] || found == -EINVAL) {
		snprintf(in->profile_why, sizeof(in->profile_why),
			 "no kernel release (/proc/sys/kernel/osrelease): no profile chosen");
		ret = -ENOENT;
	} else if (!arch) {
		snprintf(in->profile_why, sizeof(in->profile_why), "%s%s: no profile chosen",
			 archwhy[0] ? archwhy : "the arch is unknown (no /proc/sys/kernel/arch, uname -m nor config)",
			 archwhy[0] ? ", an arch rmem does not model (it has arm64, arm, riscv64)" : "");
		ret = -ENOENT;
	} else if (found == 0) {
		snprintf(in->profile_why, sizeof(in->profile_why), "kernel %s, %s (%s)%s",
			 in->osrelease, arch, archwhy, n > 1 ? ", flavour from the release's name" : "");
		in->modelled = true;
	} else if (found == 1) {
		snprintf(in->profile_why, sizeof(in->profile_why),
			 "no profile models %s %.*s (kernel %s): planned as %s, the newest older one",
			 arch, (int)strspn(in->osrelease, "0123456789."), in->osrelease, in->osrelease,
			 p->name);
	} else {
		snprintf(in->profile_why, sizeof(in->profile_why),
			 "no profile models %s kernel %s, nor an older one of that arch", arch,
			 in->osrelease);
		ret = -ENOENT;
	}
	if (!ret) {
		snprintf(in->profile, sizeof(in->profile), "%s", p->name);
		if (config)
			apply_config(in, p, config, clen, from);
	}
	free(config);
	return ret;
}
