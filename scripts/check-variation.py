#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Variation in one place: no source file outside the profile tables
(src/profile/) and the per-arch boot stories (src/boot/) compares kernel
versions or tests the architecture.  Subsystems ask the profile's facts
and arch ops instead (src/profile/facts.h).

Usage: check-variation.py [SRC_DIR]   (default: src/ beside this script)
Exit 0 when clean, 1 listing each offending line.
"""
import pathlib
import re
import sys

ALLOWED = ("profile", "boot")
PATTERNS = [
    (re.compile(r"RMEM_KERNEL_VERSION\s*\("), "builds a kernel version to compare"),
    (re.compile(r"\bversion\s*(<|>|<=|>=|==|!=)|(<|>|<=|>=|==|!=)\s*\S*\bversion\b"),
     "compares a version"),
    (re.compile(r"\bversion\s*\)\s*(<|>|<=|>=|==|!=)"), "compares a version"),
    (re.compile(r"switch\s*\([^)]*\bversion\b"), "switches on a version"),
    (re.compile(r"\bRMEM_ARCH_[A-Z0-9_]+\b"), "tests the architecture"),
    (re.compile(r"str(n)?cmp\s*\([^;]*(arch_ops\.name|arch_name\s*\()"), "tests the architecture"),
    (re.compile(r"\.arch\s*(==|!=)"), "tests the architecture"),
]


def offending(src):
    for path in sorted(src.rglob("*.[ch]")):
        rel = path.relative_to(src)
        if rel.parts[0] in ALLOWED:
            continue
        for no, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("//")[0].replace("->", ".")
            if code.lstrip().startswith(("*", "/*")):
                continue
            for pattern, what in PATTERNS:
                if pattern.search(code):
                    yield f"src/{rel}:{no}: {what}: {line.strip()}"
                    break


def main():
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                       pathlib.Path(__file__).resolve().parent.parent / "src")
    found = list(offending(src))
    for line in found:
        print(line)
    print(f"check-variation: {len(found)} version or arch tests outside "
          f"src/{{{','.join(ALLOWED)}}}/")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
