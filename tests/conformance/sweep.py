#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Real-board sweep: every board DTB Debian's kernels ship, planned with
every profile of the DTBs' arch.

    sweep.py [--rmem PATH] [--rmem-check PATH] [--dtbs DIR] [--profile P ...]
             [--jobs N] [--quick] [--report FILE | --no-report] [BOARD ...]

For each DTB and profile it runs `rmem plan --format json --kernel P DTB`:

  * with --rmem (an optimised build, default build-sweep-rel/rmem) for the
    timing and the JSON the summary is made of;
  * with --rmem-check (an ASan+UBSan build, default build-sweep/rmem, left
    out when it does not exist or is "none") for the crash check.

A run is a finding when its exit code is not 0 or 1, its stderr has a
sanitizer report ("runtime error", "AddressSanitizer", "LeakSanitizer"), it
takes more than --timeout seconds (5), or the optimised build takes more
than --budget-ms (50) wall-clock milliseconds.  A run over the budget is
timed again alone, best of three, before it counts: a busy machine is not
a slow rmem.  The two builds must also print the same JSON.

Each profile plans the DTBs of a package of its arch (TREES below): those
under usr/lib/linux-image-*/ of an unpacked package in
$RMEM_KERNEL_CACHE/kernels (default /var/cache/rmem/kernels;
tests/conformance/fetch-kernels.sh fetches them).  arm64 profiles plan the
newest linux-image-6.12.*-arm64-unsigned package's; riscv64 profiles the
riscv64 package of the profile's kernel version, else the newest riscv64
package's; armhf profiles likewise with the armmp-lpae packages.  --dtbs
DIR gives one tree for every selected profile.  A board whose DT gives no
RAM gets --memory 1G where the arch's RAM usually starts (RAM_BASE).
--quick plans a fixed sample of about sixty boards (QUICK below) chosen for
what they exercise.  BOARD arguments (paths relative to the DTB tree, e.g.
rockchip/rk3399-rock-pi-4b.dtb) plan just those, in each tree that has
them.

The summary (boards, /reserved-memory, regions, CMA areas, DMA pools, the
default CMA area's placement, the kernel errors and predicted crashes
grouped by message kind, the findings, the slowest runs) is written to
--report (default docs/board-sweep.md; not with --quick or BOARD
arguments unless --report is given), one part per DTB tree, and the totals
are printed.

Typical use, from the top of the tree:

    cmake -S . -B build-sweep-rel -DCMAKE_BUILD_TYPE=Release
    cmake -S . -B build-sweep -DCMAKE_BUILD_TYPE=Debug -DRMEM_SANITIZE=ON
    cmake --build build-sweep-rel -j2 && cmake --build build-sweep -j2
    python3 tests/conformance/sweep.py --quick        # ~60 boards, seconds
    python3 tests/conformance/sweep.py                # all, rewrites the report

The last output line is "N passed, N failed" over the runs.
Exit: 0 no finding, 1 findings, 2 nothing to plan or a bad argument.
Python 3 standard library only.
"""

import argparse
import collections
import concurrent.futures
import glob
import functools
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
CACHE = os.environ.get('RMEM_KERNEL_CACHE', '/var/cache/rmem')
sys.dont_write_bytecode = True      # nothing of ours in tests/support/
sys.path.insert(0, os.path.join(REPO, 'tests', 'support'))
import profiles as support_profiles  # noqa: E402

SANITIZER_MARKS = ('runtime error', 'AddressSanitizer', 'LeakSanitizer')

# The --quick sample: boards without memory (no node, a node of size 0),
# RAM at 0 and above 4 GiB, one address cell, several memory nodes,
# dma-ranges that narrow ZONE_DMA, big and odd /reserved-memory trees
# (overlaps, disabled and failing nodes, 16K misalignment, an empty node),
# CMA and DMA pools, the largest DTB.  A name the package no longer ships
# is skipped.
QUICK = [
    'allwinner/sun50i-a64-pine64-plus.dtb',
    'allwinner/sun50i-h6-pine-h64.dtb',
    'amlogic/amlogic-a4-a113l2-ba400.dtb',
    'amlogic/amlogic-t7-a311d2-khadas-vim4.dtb',
    'amlogic/meson-a1-ad401.dtb',
    'amlogic/meson-g12b-odroid-n2.dtb',
    'amlogic/meson-gxl-s805x-libretech-ac.dtb',
    'amlogic/meson-gxl-s905w-jethome-jethub-j80.dtb',
    'apm/apm-mustang.dtb',
    'arm/foundation-v8-gicv3-psci.dtb',
    'arm/fvp-base-revc.dtb',
    'arm/juno-r2.dtb',
    'broadcom/bcm2711-rpi-4-b.dtb',
    'broadcom/bcm2712-rpi-5-b.dtb',
    'broadcom/bcm2837-rpi-3-b.dtb',
    'cavium/thunder-88xx.dtb',
    'exynos/exynos7-espresso.dtb',
    'freescale/fsl-ls1046a-rdb.dtb',
    'freescale/imx8mm-verdin-wifi-dahlia.dtb',
    'freescale/imx8mp-dhcom-pdk2.dtb',
    'freescale/imx8mp-evk.dtb',
    'freescale/imx8qm-mek.dtb',
    'freescale/imx93-11x11-evk.dtb',
    'hisilicon/hi3798cv200-poplar.dtb',
    'hisilicon/hi6220-hikey.dtb',
    'hisilicon/hip07-d05.dtb',
    'marvell/ac5-98dx35xx-rd.dtb',
    'marvell/armada-8040-mcbin.dtb',
    'mediatek/mt8183-kukui-krane-sku176.dtb',
    'nvidia/tegra210-p2371-2180.dtb',
    'qcom/apq8016-sbc.dtb',
    'qcom/msm8998-sony-xperia-yoshino-lilac.dtb',
    'qcom/sc7180-idp.dtb',
    'qcom/sdm845-db845c.dtb',
    'renesas/r8a774a1-hihope-rzg2m-ex.dtb',
    'rockchip/rk3328-rock64.dtb',
    'rockchip/rk3399-rock-pi-4b.dtb',
    'rockchip/rk3588-rock-5b.dtb',
    'ti/k3-am625-sk.dtb',
    'ti/k3-am69-sk.dtb',
    'ti/k3-j784s4-evm.dtb',
    'xilinx/zynqmp-zcu102-rev1.0.dtb',
    # riscv64: K210 (8 MiB of SRAM, no MMU), PolarFire (several banks),
    # the SiFive boards, JH7100/JH7110, D1, TH1520, SG2042, SpacemiT K1
    'allwinner/sun20i-d1-nezha.dtb',
    'canaan/k210_generic.dtb',
    'microchip/mpfs-icicle-kit.dtb',
    'sifive/hifive-unleashed-a00.dtb',
    'sifive/hifive-unmatched-a00.dtb',
    'sophgo/sg2042-milkv-pioneer.dtb',
    'spacemit/k1-bananapi-f3.dtb',
    'starfive/jh7100-beaglev-starlight.dtb',
    'starfive/jh7110-starfive-visionfive-2-v1.3b.dtb',
    'thead/th1520-lichee-pi-4a.dtb',
    # armhf
    'am335x-boneblack.dtb',
    'bcm2836-rpi-2-b.dtb',
    'exynos5422-odroidxu4.dtb',
    'imx6q-sabrelite.dtb',
    'omap4-panda.dtb',
    'rk3288-tinker.dtb',
    'stm32mp157c-dk2.dtb',
    'sun7i-a20-bananapi.dtb',
    'tegra124-jetson-tk1.dtb',
    'vexpress-v2p-ca15-tc1.dtb',
]

# Per arch, the packages whose DTBs its profiles plan, in order of
# preference; {version} is the profile's kernel version (6.12).
TREES = {
    'arm64': ['linux-image-6.12.*-arm64-unsigned'],
    'riscv64': ['linux-image-{version}.*-riscv64', 'linux-image-*-riscv64'],
    'arm': ['linux-image-{version}.*-armmp-lpae', 'linux-image-*-armmp-lpae'],
}

# Where RAM usually starts, for a board whose DT gives none: DRAM at 1 GiB
# on most arm64 and armhf SoCs, at 2 GiB on RISC-V ones.
RAM_BASE = {'arm64': 0x40000000, 'arm': 0x40000000, 'riscv64': 0x80000000}


# --- the DTBs ----------------------------------------------------------------

def version_key(text):
    return [int(x) if x.isdigit() else x for x in re.split(r'(\d+)', text)]


def dtb_tree(package_glob):
    """The dtb tree of the newest unpacked package matching @package_glob."""
    trees = []
    for pkg in glob.glob(os.path.join(CACHE, 'kernels', package_glob)):
        trees += [d for d in glob.glob(os.path.join(pkg, 'usr', 'lib', 'linux-image-*'))
                  if os.path.isdir(d)]
    return max(trees, key=version_key) if trees else None


def profile_tree(info):
    """The DTB tree for a profile ({'arch', 'version'} of `rmem profiles`)."""
    version = '%d.%d' % info['version']
    for pattern in TREES.get(info['arch'], []):
        tree = dtb_tree(pattern.format(version=version))
        if tree:
            return tree
    return None


def list_dtbs(root):
    found = []
    for d, _, files in os.walk(root):
        found += [os.path.relpath(os.path.join(d, f), root) for f in files if f.endswith('.dtb')]
    return sorted(found)


# --- a minimal flattened device tree reader -------------------------------------

FDT_MAGIC = 0xd00dfeed
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


class Node:
    def __init__(self, name, parent):
        self.name, self.parent, self.props, self.children = name, parent, {}, []

    def path(self):
        if not self.parent:
            return '/'
        up = self.parent.path()
        return (up if up != '/' else '') + '/' + self.name

    def cells(self, prop, default):
        v = self.props.get(prop)
        return struct.unpack('>I', v)[0] if v is not None and len(v) == 4 else default

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def read_fdt(path):
    """The tree as Nodes, or None when @path is not a flattened device tree."""
    with open(path, 'rb') as f:
        blob = f.read()
    if len(blob) < 40:
        return None
    magic, total, off_struct, off_strings, _, _, _, _, _, size_struct = \
        struct.unpack('>10I', blob[:40])
    if magic != FDT_MAGIC or total > len(blob):
        return None
    pos, end = off_struct, off_struct + size_struct
    root = node = None
    while pos + 4 <= end:
        tag = struct.unpack_from('>I', blob, pos)[0]
        pos += 4
        if tag == FDT_BEGIN_NODE:
            name_end = blob.index(b'\0', pos)
            name = blob[pos:name_end].decode('utf-8', 'replace')
            pos = (name_end + 4) & ~3
            child = Node(name, node)
            if node:
                node.children.append(child)
            else:
                root = child
            node = child
        elif tag == FDT_END_NODE:
            node = node.parent if node else None
        elif tag == FDT_PROP:
            length, nameoff = struct.unpack_from('>II', blob, pos)
            pos += 8
            name_end = blob.index(b'\0', off_strings + nameoff)
            pname = blob[off_strings + nameoff:name_end].decode('utf-8', 'replace')
            if node:
                node.props[pname] = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif tag == FDT_END:
            break
        elif tag != FDT_NOP:
            return None
    return root


def cells_value(data, at, n):
    v = 0
    for i in range(n):
        v = (v << 32) | struct.unpack_from('>I', data, at + 4 * i)[0]
    return v


def board_features(path):
    """What the DT gives the kernel: memory banks, /reserved-memory, dma-ranges."""
    feat = {'model': None, 'memory_nodes': 0, 'banks': [], 'address_cells': None,
            'reserved_memory': False, 'rmem_children': 0, 'dma_ranges': False}
    try:
        root = read_fdt(path)
    except (OSError, ValueError, struct.error):
        root = None
    if root is None:
        feat['unreadable'] = True
        return feat
    model = root.props.get('model')
    feat['model'] = model.rstrip(b'\0').decode('utf-8', 'replace') if model else None
    ac, sc = root.cells('#address-cells', 2), root.cells('#size-cells', 1)
    feat['address_cells'] = ac
    for child in root.children:
        if child.props.get('device_type', b'').rstrip(b'\0') == b'memory':
            feat['memory_nodes'] += 1
            reg = child.props.get('reg', b'')
            step = 4 * (ac + sc)
            for at in range(0, len(reg) - step + 1, step if step else 1):
                feat['banks'].append((cells_value(reg, at, ac), cells_value(reg, at + 4 * ac, sc)))
        elif child.name == 'reserved-memory':
            feat['reserved_memory'] = True
            feat['rmem_children'] = len(child.children)
    feat['dma_ranges'] = any('dma-ranges' in n.props for n in root.walk())
    return feat


# --- running rmem -----------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def memory_args(path, arch):
    """
    --memory for a board whose memory nodes give no RAM (rmem exits 3
    without it): 1 GiB where its first memory node says RAM starts, else
    at the arch's RAM_BASE.  Read once per board and arch: every profile
    and retry reuses it.
    """
    banks = board_features(path)['banks']
    if any(size for _, size in banks):
        return []
    base = banks[0][0] if banks else RAM_BASE.get(arch, 0x40000000)
    return ['--memory', '%#x+1G' % base]


def run_one(rmem, profile, dtb, timeout, arch):
    cmd = [rmem, 'plan', '--format', 'json', '--kernel', profile, *memory_args(dtb, arch), dtb]
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {'rc': None, 'ms': timeout * 1000.0, 'stdout': b'', 'stderr': b'', 'timeout': True}
    ms = (time.perf_counter() - start) * 1000.0
    return {'rc': p.returncode, 'ms': ms, 'stdout': p.stdout, 'stderr': p.stderr,
            'timeout': False}


def problems(run, what):
    """The findings of one run, in words."""
    found = []
    if run['timeout']:
        return ['%s: no answer within the timeout (hang?)' % what]
    err = run['stderr'].decode('utf-8', 'replace')
    if run['rc'] not in (0, 1):
        line = err.strip().splitlines()[-1] if err.strip() else ''
        found.append('%s: exit code %d %s' % (what, run['rc'], line))
    for mark in SANITIZER_MARKS:
        if mark in err:
            line = next(l for l in err.splitlines() if mark in l)
            found.append('%s: sanitizer: %s' % (what, line.strip()))
            break
    return found


def best_time(rmem, profile, dtb, timeout, arch, tries=3):
    return min(run_one(rmem, profile, dtb, timeout, arch)['ms'] for _ in range(tries))


def run_all(args, jobs, task, what):
    """@task over @jobs on --jobs threads, with progress on a terminal."""
    done, out = 0, {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for job, res in zip(jobs, pool.map(task, jobs)):
            out[job] = res
            done += 1
            if sys.stderr.isatty() and (done % 50 == 0 or done == len(jobs)):
                print('\r%s %d/%d' % (what, done, len(jobs)), end='', file=sys.stderr,
                      flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return out


def sweep(args, group):
    """
    Every (board, profile) of @group: the findings, the optimised build's
    JSON and time.  The sanitizer build runs first, on its own, so that it
    does not slow down the runs that are timed.
    """
    boards = group['boards']
    arch = {p: args.profile_info[p]['arch'] for p in group['profiles']}
    jobs = [(b, p) for b in boards for p in group['profiles']]
    path = {b: os.path.join(group['tree'], b) for b in boards}
    checked = {}
    if args.rmem_check:
        checked = run_all(args, jobs, lambda j: run_one(args.rmem_check, j[1], path[j[0]],
                                                         args.timeout, arch[j[1]]),
                            'sanitizer build')
    timed = run_all(args, jobs, lambda j: run_one(args.rmem, j[1], path[j[0]], args.timeout,
                                                  arch[j[1]]), 'optimised build')
    results = {}
    for job in jobs:
        rel = timed[job]
        res = {'ms': rel['ms'], 'findings': problems(rel, 'optimised build'), 'plan': None}
        if not rel['timeout'] and rel['rc'] in (0, 1):
            try:
                res['plan'] = json.loads(rel['stdout'])
            except ValueError:
                res['findings'].append('optimised build: the output is not JSON')
        chk = checked.get(job)
        if chk:
            res['findings'] += problems(chk, 'sanitizer build')
            if not chk['timeout'] and chk['rc'] == rel['rc'] and chk['stdout'] != rel['stdout']:
                res['findings'].append('the sanitizer build printed other JSON')
        # a run over the budget is timed again, alone
        if res['ms'] > args.budget_ms and res['plan'] is not None:
            res['ms'] = min(res['ms'], best_time(args.rmem, job[1], path[job[0]],
                                                 args.timeout, arch[job[1]]))
            if res['ms'] > args.budget_ms:
                res['findings'].append('optimised build: %.1f ms, over the %d ms budget'
                                       % (res['ms'], args.budget_ms))
        results[job] = res
    return results


# --- the summary -----------------------------------------------------------------

def kind_of(text):
    """A log line's message kind: its numbers, addresses and names left out."""
    t = re.sub(r"'[^']*'", "'NODE'", text)
    t = re.sub(r'\b[\w,.+-]+@[0-9a-fA-F,]+\b', 'NODE', t)
    t = re.sub(r'0x[0-9a-fA-F]+', 'ADDR', t)
    t = re.sub(r'\b\d+(\.\d+)?\s*(MiB|KiB|GiB|kB|MB|KB|M|K)\b', 'SIZE', t)
    t = re.sub(r'\b\d+\b', 'N', t)
    return t


def messages(log):
    """The kernel's messages: a line without a "prefix: " continues the one before."""
    out = []
    for line in log:
        if out and line['level'] == out[-1]['level'] and \
                not re.match(r'[A-Za-z][\w ,.-]*: ', line['text']):
            out[-1] = {'level': line['level'], 'text': out[-1]['text'] + ' ' + line['text']}
        else:
            out.append(line)
    return out


STATES = ['reserved', 'cma', 'dma-pool', 'initialized', 'disabled', 'ignored', 'invalid',
          'alloc-failed', 'not-saved', 'handler-failed']
DEFAULT_CMA = ['from a device-tree node', 'at the end of ZONE_DMA, below the top of RAM',
               'right under an earlier reservation', 'at the end of a memory bank',
               'elsewhere (an alignment gap above it)',
               'emptied (activation failed)', 'failed', 'none (the kernel crashed first)',
               'none']
ROWS = (['boards planned', 'runs without a plan (see the findings)',
         'boards the kernel crashes on', 'boards with kernel errors (a crash counts)',
         'boards with /reserved-memory', '/reserved-memory regions'] +
        ['&nbsp;&nbsp;%s' % st for st in STATES] +
        ['CMA areas', 'DMA pools', 'ZONE_DMA narrowed by dma-ranges'] +
        ['default CMA area: %s' % w for w in DEFAULT_CMA])


class Summary:
    def __init__(self, profiles):
        self.profiles = profiles
        self.rows = collections.OrderedDict((r, collections.Counter()) for r in ROWS)
        self.errors = collections.OrderedDict()  # kind -> boards (-> profiles), example
        self.crashes = collections.OrderedDict()
        self.narrowed = collections.OrderedDict()  # board -> {profile: ZONE_DMA end}

    def count(self, row, profile, n=1):
        self.rows.setdefault(row, collections.Counter())[profile] += n

    def add_error(self, table, kind, board, profile, text):
        entry = table.setdefault(kind, {'boards': collections.OrderedDict(), 'example': text})
        entry['boards'].setdefault(board, set()).add(profile)


def default_cma_where(plan):
    area = next((a for a in plan['cma_areas'] if a['default']), None)
    if area is None:
        if plan.get('crash'):
            return 'none (the kernel crashed first)'
        failed = any(l['text'].startswith('cma: Failed to reserve') for l in plan['kernel_log'])
        return 'failed' if failed else 'none'
    if area['size'] == 0:
        return 'emptied (activation failed)'
    if area['from'] == 'device-tree':
        return 'from a device-tree node'
    end = area['base'] + area['size']
    top = max((m['base'] + m['size'] for m in plan['memory']), default=0)
    zones = plan['zones']
    dma_end = zones[0]['base'] + zones[0]['size'] if zones else top
    if dma_end < top and end == dma_end:
        return 'at the end of ZONE_DMA, below the top of RAM'
    # what lies right above it: memblock.reserved holds the area merged with its neighbours
    if any(r['base'] <= area['base'] and r['base'] + r['size'] > end for r in plan['reserved']):
        return 'right under an earlier reservation'
    if any(m['base'] + m['size'] == end for m in plan['memory']):
        return 'at the end of a memory bank'
    return 'elsewhere (an alignment gap above it)'


def dma_zone_narrowed(plan):
    """The end of ZONE_DMA when dma-ranges put it below both 4 GiB and the end of RAM."""
    zones, mem = plan['zones'], plan['memory']
    if not zones or not mem or zones[0]['name'] != 'DMA':
        return None
    end = zones[0]['base'] + zones[0]['size']
    top = max(m['base'] + m['size'] for m in mem)
    return end if end < min(top, 1 << 32) else None


def summarise(results, boards, features, profiles):
    s = Summary(profiles)
    for board in boards:
        f = features[board]
        for p in profiles:
            plan = results[(board, p)]['plan']
            s.count('boards planned', p)
            if plan is None:
                s.count('runs without a plan (see the findings)', p)
                continue
            regions = plan['regions']
            if f['reserved_memory']:
                s.count('boards with /reserved-memory', p)
            s.count('/reserved-memory regions', p, len(regions))
            for r in regions:
                s.count('&nbsp;&nbsp;%s' % r['state'], p)
            s.count('CMA areas', p, len(plan['cma_areas']))
            s.count('DMA pools', p, sum(r['state'] == 'dma-pool' for r in regions))
            s.count('default CMA area: %s' % default_cma_where(plan), p)
            narrowed = dma_zone_narrowed(plan)
            if narrowed is not None:
                s.count('ZONE_DMA narrowed by dma-ranges', p)
                s.narrowed.setdefault(board, {})[p] = narrowed
            if plan['kernel_errors']:
                s.count('boards with kernel errors (a crash counts)', p)
            if plan.get('crash'):
                s.count('boards the kernel crashes on', p)
                s.add_error(s.crashes, kind_of(plan['crash']), board, p, plan['crash'])
            for line in messages(plan['kernel_log']):
                if line['level'] in ('emerg', 'alert', 'crit', 'err'):
                    s.add_error(s.errors, kind_of(line['text']), board, p, line['text'])
    return s


def board_rows(boards, features):
    rows = collections.OrderedDict()

    def add(name, cond):
        rows[name] = sum(1 for b in boards if cond(features[b]))

    add('no memory node (the bootloader adds one)', lambda f: f['memory_nodes'] == 0)
    add('memory nodes whose banks are all empty (size 0)',
        lambda f: f['memory_nodes'] and not any(s for _, s in f['banks']))
    add('several memory nodes', lambda f: f['memory_nodes'] > 1)
    add('several memory banks', lambda f: sum(1 for _, s in f['banks'] if s) > 1)
    add('RAM starting at 0', lambda f: any(b == 0 and s for b, s in f['banks']))
    add('RAM above 4 GiB', lambda f: any(b + s > 1 << 32 for b, s in f['banks'] if s))
    add('#address-cells = <1> at the root', lambda f: f['address_cells'] == 1)
    add('/reserved-memory', lambda f: f['reserved_memory'])
    add('/reserved-memory without children', lambda f: f['reserved_memory'] and
        not f['rmem_children'])
    add('dma-ranges somewhere', lambda f: f['dma_ranges'])
    return rows


def profiles_label(ps, profiles):
    if set(ps) == set(profiles):
        return 'all'
    return ', '.join(p for p in profiles if p in ps)


def board_list(bs, max_boards):
    """Board names, or for a long list its count per vendor directory."""
    if len(bs) <= max_boards:
        return ', '.join(b[:-4] for b in bs)
    vendors = collections.Counter(b.split('/')[0] for b in bs)
    return '%d boards: %s' % (len(bs), ', '.join('%s %d' % kv for kv in sorted(vendors.items())))


def error_section(out, title, table, profiles, max_boards=30):
    out.append('## %s\n' % title)
    if not table:
        out.append('None.\n')
        return
    kinds = sorted(table.items(), key=lambda kv: -len(kv[1]['boards']))
    for kind, entry in kinds:
        out.append('### `%s`\n' % kind.replace('`', "'"))
        if entry['example'] != kind:
            out.append('%d board(s). For example: `%s`\n' %
                       (len(entry['boards']), entry['example'].replace('`', "'")))
        else:
            out.append('%d board(s).\n' % len(entry['boards']))
        by_profiles = collections.OrderedDict()
        for board, ps in entry['boards'].items():
            by_profiles.setdefault(profiles_label(ps, profiles), []).append(board)
        for label, bs in by_profiles.items():
            out.append('- on %s: %s' % (label, board_list(bs, max_boards)))
        out.append('')


def report_part(out, args, group, results, s):
    """The report's part for one DTB tree, appended to @out."""
    profiles, boards, features = group['profiles'], group['boards'], group['features']
    times = sorted(r['ms'] for r in results.values())
    out += ['# Real-board sweep: %s\n' % group['arch'],
            'Every board DTB of a Debian %s kernel package planned with every %s'
            % (group['arch'], group['arch']),
            'profile by `tests/conformance/sweep.py` (written by it: do not edit).\n',
            '- DTBs: %s (%d boards)' % (os.path.basename(os.path.normpath(group['tree'])),
                                        len(boards)),
            '- profiles: %s' % ', '.join(profiles)]
    for note in group['notes']:
        out.append('- %s' % note)
    out.append('- runs: %d; findings (crash, sanitizer report, hang, exit code, over %d ms): %d'
               % (len(results), args.budget_ms, sum(bool(r['findings']) for r in results.values())))
    out.append('- wall time per run (optimised build, process start included): median %.1f ms,'
               ' max %.1f ms\n' % (statistics.median(times), times[-1]))
    out.append('## What the boards give the kernel\n')
    out.append('| DT feature | boards |')
    out.append('|---|---:|')
    for name, n in board_rows(boards, features).items():
        out.append('| %s | %d |' % (name, n))
    out.append('')
    out.append('## Summary per profile\n')
    out.append('| | %s |' % ' | '.join(profiles))
    out.append('|---|%s' % ('---:|' * len(profiles)))
    for row, counts in s.rows.items():
        if sum(counts.values()) or not row.startswith(('&nbsp;', 'runs without')):
            out.append('| %s | %s |' % (row, ' | '.join(str(counts[p]) for p in profiles)))
    out.append('')
    if group['arch'] == 'arm64':
        out.append('A board without memory in its DTB (no memory node, or banks of size 0)')
        out.append('gets its RAM from the bootloader, which fills the node in, or from UEFI.')
        out.append('Planned as shipped, the kernel finds no memory and panics in')
        out.append('paging_init(): those are the predicted crashes below.  A default CMA')
        out.append('area sized by the config or `cma=` goes top-down below the end of ZONE_DMA')
        out.append('(arm64_dma_phys_limit): right at that end when dma-ranges or 4 GiB stop')
        out.append('ZONE_DMA below the top of RAM, else mostly right under the page tables,')
        out.append('memory map and device tree the kernel allocated at the top first.\n')
    if s.narrowed:
        out.append('### ZONE_DMA narrowed by dma-ranges\n')
        out.append('| board | %s |' % ' | '.join(profiles))
        out.append('|---|%s' % ('---:|' * len(profiles)))
        for board, ends in s.narrowed.items():
            out.append('| %s | %s |' % (board[:-4], ' | '.join(
                '%#x' % ends[p] if p in ends else '' for p in profiles)))
        out.append('')
    error_section(out, 'Predicted crashes, by kind', s.crashes, profiles)
    error_section(out, 'Kernel errors, by message kind', s.errors, profiles)
    out.append('## Findings\n')
    flagged = [(k, r) for k, r in sorted(results.items()) if r['findings']]
    if not flagged:
        out.append('None: no crash, no sanitizer report, no hang, every run within %d ms.\n'
                   % args.budget_ms)
    for (board, p), r in flagged:
        out.append('- %s (%s): %s' % (board, p, '; '.join(r['findings'])))
    out.append('')
    out.append('## Slowest runs\n')
    out.append('| board | profile | ms |')
    out.append('|---|---|---:|')
    for (board, p), r in sorted(results.items(), key=lambda kv: -kv[1]['ms'])[:10]:
        out.append('| %s | %s | %.1f |' % (board, p, r['ms']))
    out.append('')


def write_report(path, out):
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write('\n'.join(out))
    os.replace(tmp, path)


def print_totals(results, group, s):
    profiles, boards = group['profiles'], group['boards']
    times = sorted(r['ms'] for r in results.values())
    flagged = sorted(k for k, r in results.items() if r['findings'])
    print('%s: boards %d, profiles %d, runs %d'
          % (os.path.basename(os.path.normpath(group['tree'])), len(boards), len(profiles),
             len(results)))
    for row in ('boards the kernel crashes on', 'boards with kernel errors (a crash counts)',
                'boards with /reserved-memory', '/reserved-memory regions', 'CMA areas',
                'DMA pools', 'ZONE_DMA narrowed by dma-ranges'):
        counts = s.rows.get(row, collections.Counter())
        print('%-44s %s' % (row, '  '.join('%s=%d' % (p, counts[p]) for p in profiles)))
    print('kernel error kinds %d, crash kinds %d' % (len(s.errors), len(s.crashes)))
    print('time per run: median %.1f ms, max %.1f ms' % (statistics.median(times), times[-1]))
    for board, p in flagged:
        print('FINDING %s %s: %s' % (board, p, '; '.join(results[(board, p)]['findings'])))


# --- main ------------------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 epilog=__doc__.split('\n\n', 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('boards', nargs='*', metavar='BOARD',
                    help='DTBs relative to the DTB tree (default: all of them)')
    ap.add_argument('--rmem', default=os.path.join(REPO, 'build-sweep-rel', 'rmem'),
                    help='optimised rmem, for timing and the summary')
    ap.add_argument('--rmem-check', default=os.path.join(REPO, 'build-sweep', 'rmem'),
                    help='sanitizer rmem for the crash check ("none": skip it)')
    ap.add_argument('--dtbs', help='one DTB tree for every profile (default: per profile, '
                    'its arch\'s package\'s, see TREES)')
    ap.add_argument('--profile', action='append',
                    help='a profile of --rmem whose arch has DTBs (repeatable; default: all '
                    'of them, from `rmem profiles`)')
    ap.add_argument('--jobs', '-j', type=int, default=os.cpu_count() or 1,
                    help='runs at once (default: the CPUs)')
    ap.add_argument('--quick', action='store_true', help='the fixed sample of about 60 boards')
    ap.add_argument('--timeout', type=float, default=5.0, help='seconds a run may take (5)')
    ap.add_argument('--budget-ms', type=int, default=50, help='milliseconds a run may take (50)')
    ap.add_argument('--report', help='where the summary goes (default docs/board-sweep.md '
                    'for a full sweep)')
    ap.add_argument('--no-report', action='store_true', help='print the totals only')
    args = ap.parse_args(argv)
    try:
        known = {n: p for n, p in support_profiles.load(args.rmem).items()
                 if p['arch'] in TREES}
    except support_profiles.ProfileError as e:
        ap.error(str(e))
    for p in args.profile or []:
        if p not in known:
            ap.error('--profile %s: not a profile of %s with DTBs (those: %s)'
                     % (p, args.rmem, ', '.join(known)))
    args.profile = args.profile or list(known)
    args.profile_info = known
    if args.rmem_check == 'none' or not os.path.exists(args.rmem_check):
        args.rmem_check = None
    return args


def plan_groups(args):
    """
    The profiles grouped by DTB tree, in the profiles' order:
    [{'tree', 'arch', 'profiles', 'notes'}]; a profile without a tree is
    left out with a word on stderr.
    """
    groups = collections.OrderedDict()
    for p in args.profile:
        info = args.profile_info[p]
        tree = args.dtbs or profile_tree(info)
        if not tree or not os.path.isdir(tree):
            print('sweep: %s: no DTB tree; run tests/conformance/fetch-kernels.sh or give '
                  '--dtbs' % p, file=sys.stderr)
            continue
        g = groups.setdefault(tree, {'tree': tree, 'arch': info['arch'], 'profiles': [],
                                     'notes': []})
        g['profiles'].append(p)
        if info['arch'] not in g['arch'].split('/'):     # --dtbs for several arches
            g['arch'] += '/' + info['arch']
    for g in groups.values():
        if not args.dtbs and g['arch'] == 'arm64':
            older_arm64_note(g)
    return list(groups.values())


def older_arm64_note(group):
    """Which DTBs of the 6.1 arm64 package the 6.12 one no longer ships."""
    older = dtb_tree('linux-image-6.1.*-arm64-unsigned')
    if not older:
        return
    new, old = set(list_dtbs(group['tree'])), set(list_dtbs(older))
    only_old = sorted(old - new)
    group['notes'].append('%s ships %d DTBs, %d of them not in the set above%s'
                          % (os.path.basename(older), len(old), len(only_old),
                             (': ' + ', '.join(b[:-4] for b in only_old)) if only_old else ''))


def pick_boards(args, group):
    every = list_dtbs(group['tree'])
    if args.boards:
        return [b for b in args.boards if os.path.isfile(os.path.join(group['tree'], b))]
    if args.quick:
        return [b for b in QUICK if b in set(every)]
    return every


def main(argv):
    args = parse_args(argv)
    if not os.access(args.rmem, os.X_OK):
        print('sweep: no rmem at %s (build it, or give --rmem)' % args.rmem, file=sys.stderr)
        return 2
    groups = plan_groups(args)
    for g in groups:
        g['boards'] = pick_boards(args, g)
    groups = [g for g in groups if g['boards']]
    planned = {b for g in groups for b in g['boards']}
    missing = [b for b in args.boards if b not in planned]
    if missing or not groups:
        print('sweep: no such DTB: %s' % ', '.join(missing) if missing else
              'sweep: nothing to plan', file=sys.stderr)
        return 2
    out, passed, failed = [], 0, 0
    for g in groups:
        g['features'] = {b: board_features(os.path.join(g['tree'], b)) for b in g['boards']}
        results = sweep(args, g)
        s = summarise(results, g['boards'], g['features'], g['profiles'])
        report_part(out, args, g, results, s)
        print_totals(results, g, s)
        flagged = sum(bool(r['findings']) for r in results.values())
        passed, failed = passed + len(results) - flagged, failed + flagged
    report = args.report
    if not report and not args.no_report and not args.quick and not args.boards:
        report = os.path.join(REPO, 'docs', 'board-sweep.md')
    if report and not args.no_report:
        write_report(report, out)
        print('report: %s' % os.path.relpath(report))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
