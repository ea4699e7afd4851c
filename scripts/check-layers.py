#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""
Checks the layering of src/ from what the objects of a CMake build really
link against, not from #include lines: a header can be included for a type
alone, and a call can hide behind a macro or a function pointer table.

Every object of the rmem_objs library (CMakeFiles/rmem_objs.dir/src/<folder>/)
belongs to its folder, every object of the rmem executable to "cli".  A
folder depends on another when one of its objects has an undefined symbol
that one of the other's objects defines (nm).  The check fails, printing the
edges and their symbols, on

  - a cycle between folders,
  - an edge from a layer up to a higher one (report/ and cli/ above all),
  - an edge out of a folder of ONLY to a folder it does not name, and
  - an entry of ALLOWED that no longer matches: the list only shrinks.

Edges within one layer are allowed as long as they make no cycle.

    scripts/check-layers.py BUILD_DIR [--nm NM] [--graph]

--graph prints every edge (with its symbols) instead of only the offending
ones.  Exit status: 0 clean, 1 an offending edge, 2 the build directory
cannot be read or holds a folder LAYERS does not place.
"""
import argparse
import os
import subprocess
import sys

# Bottom up; a layer may use the layers below it and its own members.
LAYERS = [
    # Kconfig facts and helpers that know nothing of the kernel's code
    ["profile", "lib"],
    # the kernel log and printk's formats: every layer above prints
    ["printk"],
    # early parameters, the flattened device tree, memblock and the zones
    ["cmdline", "fdt", "memblock", "mm"],
    # the /reserved-memory scan, CMA areas and kernel/dma/: the scan sizes
    # regions with CMA's constants, dma/ gets its regions from the scan's
    # records and puts CMA areas on them; one layer, its order within left
    # to the cycle check
    ["reserved_mem", "cma", "dma"],
    # setup_arch(): the boot order on top of the subsystems
    ["boot"],
    # core/ is the composition layer: struct rmem_ctx is made and torn down
    # there, so it calls every subsystem to free its state; above the
    # subsystems and boot, below what drives a whole boot.
    ["core"],
    # what rmem does with a booted kernel: planning, simulation, inspection
    # (inspect/ placed before it exists, so that it lands in its layer)
    ["plan", "sim", "inspect"],
    # comparing two booted machines or two replays (rmem diff, rmem sim --diff)
    ["diff"],
    # rendering only: text, JSON, SVG and the log view
    ["report"],
    # the command line: everything above
    ["cli"],
]

# Folders narrower than their layer: the only folders each may use.
ONLY = {
    # printk is below everything that prints, and formats with the profile's widths
    "printk": {"profile"},
}

# Edges that break the rules today and belong to another refactor, symbol
# by symbol, so that a new symbol across the same edge is not let through.
# Each says why it is tolerated and what removes it; drop an entry when
# its symbols are gone (the check fails on an entry that matches nothing).
ALLOWED = {}	# none today


def layer_of():
    rank = {}
    for i, layer in enumerate(LAYERS):
        for folder in layer:
            rank[folder] = i
    return rank


def objects(build):
    """(folder, path) for every object of the library and the CLI."""
    lib = os.path.join(build, "CMakeFiles", "rmem_objs.dir", "src")
    cli = os.path.join(build, "CMakeFiles", "rmem.dir")
    found = []
    if not os.path.isdir(lib) or not os.path.isdir(cli):
        raise FileNotFoundError(f"{build}: no rmem_objs or rmem objects (not built?)")
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    for folder in sorted(os.listdir(lib)):
        for root, _, files in os.walk(os.path.join(lib, folder)):
            rel = os.path.relpath(root, lib)
            # an object whose source is gone is a stale leftover of a move
            found += [(folder, os.path.join(root, f)) for f in sorted(files)
                      if f.endswith(".o") and os.path.exists(os.path.join(src, rel, f[:-2]))]
    for root, _, files in os.walk(cli):
        found += [("cli", os.path.join(root, f)) for f in sorted(files) if f.endswith(".o")]
    return found


def symbols(nm, paths):
    """{path: (defined, undefined)}: the global symbol names of each object."""
    # one nm for them all: a run per object costs seconds on a busy machine
    out = subprocess.run([nm, "-P", "-A", *paths], check=True, capture_output=True,
                         text=True).stdout
    syms = {path: (set(), set()) for path in paths}
    for line in out.splitlines():
        path, _, rest = line.partition(": ")
        fields = rest.split()
        if path not in syms or len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind in ("U", "w", "v"):
            syms[path][1].add(name)
        elif kind.isupper() or kind in ("u", "i"):
            syms[path][0].add(name)
    return syms


def graph(nm, objs):
    """{(from, to): {symbol, ...}} between distinct folders."""
    syms = symbols(nm, [path for _, path in objs])
    owner = {}
    for folder, path in objs:
        for name in syms[path][0]:
            owner.setdefault(name, folder)
    edges = {}
    for folder, path in objs:
        for name in syms[path][1]:
            to = owner.get(name)
            if to and to != folder:
                edges.setdefault((folder, to), set()).add(name)
    return edges


def cycles(nodes, edges):
    """The strongly connected components of more than one folder (Tarjan)."""
    succ = {n: sorted(b for a, b in edges if a == n) for n in nodes}
    index, low, stack, on, comps = {}, {}, [], set(), []

    def visit(n):
        index[n] = low[n] = len(index)
        stack.append(n)
        on.add(n)
        for m in succ[n]:
            if m not in index:
                visit(m)
                low[n] = min(low[n], low[m])
            elif m in on:
                low[n] = min(low[n], index[m])
        if low[n] == index[n]:
            comp = []
            while True:
                m = stack.pop()
                on.discard(m)
                comp.append(m)
                if m == n:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for n in sorted(nodes):
        if n not in index:
            visit(n)
    return comps


def show(edge, syms, note=""):
    print(f"  {edge[0]} -> {edge[1]}{note}: {', '.join(sorted(syms))}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("build", help="a CMake build directory that built rmem")
    ap.add_argument("--nm", default=os.environ.get("NM", "nm"))
    ap.add_argument("--graph", action="store_true", help="print every edge")
    args = ap.parse_args()

    rank = layer_of()
    try:
        objs = objects(args.build)
    except FileNotFoundError as e:
        print(f"check-layers: {e}", file=sys.stderr)
        return 2
    unplaced = sorted({f for f, _ in objs if f not in rank})
    if unplaced:
        print(f"check-layers: folders in no layer: {', '.join(unplaced)} (add them to LAYERS)",
              file=sys.stderr)
        return 2
    edges = graph(args.nm, objs)

    if args.graph:
        print("edges (from -> to: symbols):")
        for edge in sorted(edges):
            show(edge, edges[edge], " [allowed]" if edges[edge] <= ALLOWED.get(edge, set()) else "")

    stale = {e: s - edges.get(e, set()) for e, s in ALLOWED.items() if s - edges.get(e, set())}
    checked = {e: s - ALLOWED.get(e, set()) for e, s in edges.items()}
    checked = {e: s for e, s in checked.items() if s}
    upward = sorted(e for e in checked if rank[e[0]] < rank[e[1]])
    narrow = sorted(e for e in checked if e[0] in ONLY and e[1] not in ONLY[e[0]])
    comps = cycles({f for f, _ in objs}, checked)

    if stale:
        print("check-layers: allow-list entries that match nothing any more (remove them):")
        for edge in sorted(stale):
            show(edge, stale[edge])
    if upward:
        print("check-layers: edges up from a lower layer:")
        for edge in upward:
            show(edge, checked[edge])
    if narrow:
        print("check-layers: edges out of a folder restricted by ONLY:")
        for edge in narrow:
            show(edge, checked[edge])
    for comp in comps:
        print(f"check-layers: cycle between {', '.join(comp)}:")
        for edge in sorted(e for e in checked if e[0] in comp and e[1] in comp):
            show(edge, checked[edge])
    if stale or upward or narrow or comps:
        return 1
    print(f"check-layers: {len(edges)} edges, none upward, no cycle; "
          f"{sum(len(s) for s in ALLOWED.values())} symbols on {len(ALLOWED)} edges allowed by the list")
    return 0


if __name__ == "__main__":
    sys.exit(main())
