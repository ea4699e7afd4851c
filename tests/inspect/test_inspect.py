#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""rmem inspect and rmem snapshot on snapshots of real boots (record.sh):
each matching boot matches, live inside the guest (the cross-built rmem
inspect's outputs, tests/inspect/live/NAME/) and offline on its snapshot,
with the same report; the real drift (a command line the kernel
cut) is found and explained, and drift injected into a copy of a snapshot
(a changed cma=, a region moved in the DTB, a missing line, an unknown
kernel, missing and truncated files) is found with its explanation.

Usage: test_inspect.py RMEM"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SNAPS = os.path.join(HERE, 'snapshots')
LIVE = os.path.join(HERE, 'live')
SCRIPT = os.path.join(HERE, '..', '..', 'scripts', 'rmem-snapshot.sh')
# the boots that must match their plan, with how many regions the log
# places (a "created ... pool at" line each); the one with real drift
MATCHING = {'arm64-5.10-mixed': 4, 'arm64-6.1-mixed': 4, 'arm64-6.1-cma': 1,
            'arm64-6.12-mixed': 4, 'arm64-6.12-cma': 1, 'arm64-6.12-16k-mixed': 4,
            'arm64-6.12-devices': 4,
            'arm64-7.2-mixed': 4, 'arm64-7.2-16k-mixed': 4,
            'armhf-6.1-mixed': 4, 'armhf-6.1-cma': 1, 'armhf-6.12-mixed': 4,
            'armhf-6.1-nolpae-mixed': 4, 'armhf-6.12-nolpae-mixed': 4,
            'riscv64-6.12-static': 0, 'riscv64-6.12-dynamic': 0,
            'riscv64-7.2-static': 0, 'riscv64-7.2-dynamic': 0, 'riscv64-7.2-cma': 0}
# Boots with the runtime oracle's module holding allocations (record.sh
# MODULE=runtime): the per-device region the trace uses, its kind
_ARM_IN_USE = {'pool-in-use': ('camera-pool@50000000', 'dma-pool'),
               'cma-in-use': ('camera-cma@58000000', 'cma'),
               'default-in-use': ('reserved', 'cma'),
               'cma-exhausted': ('camera-cma@58000000', 'cma'),
               'cma-fragmented': ('camera-cma@58000000', 'cma')}
# riscv64's twins of the runtime cases: every address 1 GiB higher
_RISCV_IN_USE = {'pool-in-use': ('camera-pool@90000000', 'dma-pool'),
                 'cma-in-use': ('camera-cma@98000000', 'cma'),
                 'default-in-use': ('reserved', 'cma'),
                 'cma-exhausted': ('camera-cma@98000000', 'cma')}
IN_USE = {'%s-%s' % (p, c): rk for ps, cases in ((('arm64-6.12', 'arm64-7.2'), _ARM_IN_USE),
                                                 (('riscv64-7.2',), _RISCV_IN_USE))
          for p in ps for c, rk in cases.items()}
for _n, (_r, _k) in IN_USE.items():
    MATCHING[_n] = 1 if _r != 'reserved' else 0
CUT = 'arm64-6.12-cmdline-cut'
# Debian's kernels with a config on the system and CONFIG_CMA_SYSFS: 7.x
CONFIG_ON_SYSTEM = ('-7.2-',)

failed = 0
passed = 0


def check(name, ok, detail=''):
    global failed, passed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL %s%s' % (name, ('\n    ' + detail.replace('\n', '\n    ')) if detail else ''))


def rmem(*args):
    r = subprocess.run([RMEM] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def snap(name):
    return os.path.join(SNAPS, name + '.tar.gz')


def extract(name, work):
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    with tarfile.open(snap(name)) as t:
        t.extractall(d)
    return d


def edit(path, fn):
    with open(path) as f:
        text = f.read()
    with open(path, 'w') as f:
        f.write(fn(text))


def without_not_read(text):
    """The report without its "not read:" block: the live system and the
    snapshot of it lack the same files, said in their own words."""
    out, skip = [], False
    for line in text.splitlines():
        if line == 'not read:':
            skip = True
        elif skip and not line.startswith('  '):
            skip = False
        if not skip:
            out.append(line)
    return out


def live():
    """What the cross-built rmem inspect printed inside the guest: no
    drift, and offline inspect on the snapshot of the same boot says the
    same."""
    for name in sorted(MATCHING) + [CUT]:
        d = os.path.join(LIVE, name)
        if not os.path.isdir(d):
            check('%s: recorded live' % name, False, 'no %s' % d)
            continue
        text = open(os.path.join(d, 'inspect.txt')).read()
        code = open(os.path.join(d, 'exit')).read().strip()
        want = '1' if name == CUT else '0'
        check('%s live: exit %s with --strict' % (name, want), code == want, text[-2000:])
        check('%s live: the verdict' % name,
              ('DRIFT: 1 difference' if name == CUT else 'MATCH: 0 differences') in text,
              text[-2000:])
        check('%s live: the kernel log read' % name, 'no kernel log' not in text, text[-2000:])
        rc, out, _ = rmem('inspect', '--strict', snap(name))
        check('%s: offline as live' % name, rc == int(code) and
              without_not_read(out) == without_not_read(text), out + '\n----\n' + text)
        lj = json.load(open(os.path.join(d, 'inspect.json')))
        rc, out, _ = rmem('inspect', '--format', 'json', snap(name))
        oj = json.loads(out) if rc == 0 else {}
        # the keys of the rmem that ran in the guest (one built before a key was added has not it)
        for k in sorted(lj):
            if k != 'problems':
                check('%s: offline as live, json %s' % (name, k), lj.get(k) == oj.get(k),
                      '%s\n----\n%s' % (json.dumps(oj.get(k))[:1500], json.dumps(lj.get(k))[:1500]))


def matching(work):
    for name, nplaced in sorted(MATCHING.items()):
        if not os.path.exists(snap(name)):
            check('%s: recorded' % name, False, 'no %s' % snap(name))
            continue
        rc, out, err = rmem('inspect', '--strict', snap(name))
        check('%s: exit 0 with --strict' % name, rc == 0, out[-2000:] + err)
        check('%s: no difference' % name, 'MATCH: 0 differences' in out, out[-2000:])
        check('%s: every line as predicted' % name,
              not any(l.startswith(('  - ', '  + ')) for l in out.splitlines()), out)
        rc, out, _ = rmem('inspect', '--format', 'json', snap(name))
        j = json.loads(out) if rc == 0 else {}
        check('%s: json' % name, j.get('schema') == 1 and j.get('match') is True and
              j.get('lines') and all(l['state'] == 'match' for l in j['lines']), out[:2000])
        placed = [r for r in j.get('regions', []) if r.get('printed_base') is not None]
        check('%s: the log\'s placements read' % name,
              len(placed) >= nplaced and
              all(r['printed_base'] == r['base'] for r in placed), out[:3000])
        # what rmem prints the config as: Debian's kernels have none on the system
        # Debian's kernels have no config on the system before 7.x
        on_system = any(c in name + '-' for c in CONFIG_ON_SYSTEM)
        check('%s: the config' % name, on_system == ('Kconfig values from' in j.get('profile_why', '')) and
              any('config.gz' in p for p in j.get('problems', [])), j.get('profile_why', ''))
        cma_live = j.get('cma_live', [])
        # a module's failed allocation counts (in_use() checks how many)
        failing = name.endswith(('-cma-exhausted', '-cma-fragmented'))
        check('%s: live CMA state' % name, on_system == bool(cma_live) and
              all(c['total_pages'] is not None and (failing or c['alloc_pages_fail'] == 0)
                  for c in cma_live),
              str(cma_live))
        # the same files as a directory: --root and the operand
        d = extract(name, work)
        rc, out, _ = rmem('inspect', '--strict', '--root', d)
        check('%s: --root DIR' % name, rc == 0 and 'MATCH' in out, out[-1000:])


def devices(work):
    """Which devices use which region: a real boot whose DTB gives the UART
    and a virtio-mmio transport memory-region entries."""
    if not os.path.exists(snap('arm64-6.12-devices')):
        check('devices: recorded', False)
        return
    rc, out, _ = rmem('inspect', '--format', 'json', snap('arm64-6.12-devices'))
    j = json.loads(out) if rc == 0 else {}
    got = {(d['node'], d['index']): d for d in j.get('devices', [])}
    check('devices: read', j.get('devices_read') is True and len(got) == 3, out[-3000:])
    uart = got.get(('/pl011@9000000', 0), {})
    check('devices: the UART uses dsp, its amba device bound',
          uart.get('region') == 'dsp' and str(uart.get('device')).startswith('amba/') and
          uart.get('driver'), str(uart))
    for i, region in ((0, 'vpu@4c000000'), (1, 'gpu')):
        v = got.get(('/virtio_mmio@a000000', i), {})
        check('devices: virtio_mmio memory-region[%d] is %s, a platform device' % (i, region),
              v.get('region') == region and str(v.get('device')).startswith('platform/'), str(v))
    rc, out, _ = rmem('inspect', snap('arm64-6.12-devices'))
    check('devices: in text', 'dsp                      used by /pl011@9000000 (memory-region[0]), device amba/'
          in out, out)
    # a memory-region entry naming a node outside /reserved-memory, on a node
    # disabled in the DTB (edited after the boot: its device is still in sysfs)
    d = extract('arm64-6.12-devices', work)
    fdt = os.path.join(d, 'sys/firmware/fdt')
    ph = subprocess.run(['fdtget', '-t', 'x', fdt, '/intc@8000000', 'phandle'],
                        capture_output=True, text=True).stdout.strip()
    r = subprocess.run(['fdtput', '-t', 'x', fdt, '/virtio_mmio@a000200', 'memory-region', ph],
                       capture_output=True, text=True)
    r2 = subprocess.run(['fdtput', '-t', 's', fdt, '/virtio_mmio@a000200', 'status', 'disabled'],
                        capture_output=True, text=True)
    check('devices: fdtput', ph and r.returncode == 0 and r2.returncode == 0, r.stderr + r2.stderr)
    rc, out, _ = rmem('inspect', '--format', 'json', d)
    j = json.loads(out) if rc == 0 else {}
    odd = [x for x in j.get('devices', []) if x['node'] == '/virtio_mmio@a000200']
    check('devices: not a reserved region, disabled', len(odd) == 1 and odd[0]['region'] is None
          and odd[0]['disabled'] is True and odd[0]['device'] == 'platform/a000200.virtio_mmio'
          and odd[0]['driver'] is None, out[-2000:])
    rc, out, _ = rmem('inspect', d)
    check('devices: not a reserved region, in text',
          '(no reserved region)     used by /virtio_mmio@a000200 (memory-region[0]) (disabled in the DT), '
          'device platform/a000200.virtio_mmio, no driver bound' in out, out)

    # a snapshot without the devices file: the references, no device, said
    d = extract('arm64-6.12-devices', work)
    os.remove(os.path.join(d, 'devices'))
    rc, out, err = rmem('inspect', '--strict', d)
    check('devices not read: said', rc == 0 and 'devices: sys/bus: No such file' in err and
          'used by /pl011@9000000 (memory-region[0]), devices not read' in out, out + err)


ALLOC_RE = re.compile(r'rmem-trace: L\d+ (\S+) alloc size=(0x[0-9a-f]+)( atomic)? tag=(\S+) -> '
                      r'(?:FAILED|dma=(0x[0-9a-f]+) phys=\S+(?: in=(\S+)\+(0x[0-9a-f]+))?)$')
FREE_RE = re.compile(r'rmem-trace: L\d+ (\S+) free (\S+) -> freed ')
FAILED_RE = re.compile(r'cma: \S+: (\S+): alloc failed, req-size: (\d+) pages, ret: (-?\d+)$')
EXTENT_RE = re.compile(r'(\d+)@(\d+)')
TOTALS_RE = re.compile(r'=> (\d+) free of (\d+) total pages')


def log_text(line):
    return line.split('] ', 1)[1] if line.startswith('[') and '] ' in line else line


def module_story(dmesg):
    """What the kernel's log says the module and cma_alloc() did: every
    allocation (its address and region as the module printed them, freed
    or not), and each failure report with the live allocations then."""
    allocs, live, failures = [], {}, []
    lines = [log_text(l) for l in dmesg.splitlines()]
    for i, t in enumerate(lines):
        m = ALLOC_RE.search(t)
        if m and m.group(5):
            a = dict(size=int(m.group(2), 16), dma=int(m.group(5), 16), region=m.group(6),
                     off=int(m.group(7), 16) if m.group(7) else None, freed=False)
            allocs.append(a)
            live[m.group(4)] = a
        m = FREE_RE.search(t)
        if m and m.group(2) in live:
            live.pop(m.group(2))['freed'] = True
        m = FAILED_RE.match(t)
        if m:
            # the report's further lines: extents and totals, up to the module's next line
            rest = ' '.join(x for x in lines[i + 1:i + 6] if not x.startswith('rmem-trace'))
            rest = rest.split('rmem-trace', 1)[0]
            tot = TOTALS_RE.search(rest)
            failures.append(dict(area=m.group(1), req=int(m.group(2)), ret=int(m.group(3)),
                                 extents=[(int(a), int(b)) for a, b in
                                          EXTENT_RE.findall(rest.split('=>')[0])],
                                 totals=(int(tot.group(1)), int(tot.group(2))) if tot else None,
                                 live=[dict(a) for a in live.values()]))
    return allocs, failures


def sysfs_area(d, area):
    base = os.path.join(d, 'sys/kernel/mm/cma', area)
    if not os.path.isdir(base):
        return None
    return {f: int(open(os.path.join(base, f)).read()) for f in os.listdir(base)}


def in_use():
    """The boots where the module holds allocations: no drift from them, and
    the live state inspect shows is what the kernel itself reported in the
    same boot (its /proc/meminfo and sysfs, the module's addresses, the
    failure reports' free extents)."""
    with tempfile.TemporaryDirectory() as work:
        for name, (region, kind) in sorted(IN_USE.items()):
            in_use_one(work, name, region, kind)


def in_use_one(work, name, region, kind):
    if not os.path.exists(snap(name)):
        check('%s: recorded' % name, False, 'no %s' % snap(name))
        return
    d = extract(name, work)
    dmesg = open(os.path.join(d, 'dmesg')).read()
    allocs, failures = module_story(dmesg)
    held = [a for a in allocs if not a['freed']]
    check('%s: the module holds allocations' % name, 'rmem-trace: end live=' in dmesg and held and
          'rmem-trace: end live=%d' % len(held) in dmesg, dmesg[-3000:])
    rc, out, _ = rmem('inspect', '--format', 'json', snap(name))
    j = json.loads(out) if rc == 0 else {}
    text = rmem('inspect', snap(name))[1]
    meminfo = open(os.path.join(d, 'proc/meminfo')).read()
    kib = {k: int(re.search(r'^%s:\s+(\d+) kB' % k, meminfo, re.M).group(1))
           for k in ('CmaTotal', 'CmaFree')}
    check('%s: CmaTotal, CmaFree as /proc/meminfo' % name,
          j.get('cma_total_kib') == kib['CmaTotal'] and j.get('cma_free_kib') == kib['CmaFree'] and
          'CmaFree %d kB' % kib['CmaFree'] in text, '%s %s' % (kib, out[:200]))
    regions = {r['name']: r for r in j.get('regions', [])}
    r = regions.get(region, {})
    check('%s: %s is a %s region, placed as planned' % (name, region, kind),
          r.get('kind') == kind and r.get('drift') is False and r.get('base') is not None,
          str(r))
    # every allocation the module made in the region lies in it as inspect shows it
    mine = [a for a in allocs if a['region'] == region or
            (a['region'] is None and r.get('base') is not None and
             r['base'] <= a['dma'] < r['base'] + r['size'])]
    check('%s: the module\'s allocations in %s as inspect places it' % (name, region),
          mine and all(r['base'] <= a['dma'] and a['dma'] + a['size'] <= r['base'] + r['size'] and
                       (a['off'] is None or a['dma'] == r['base'] + a['off']) for a in mine),
          '%s\n%s' % (r, mine))
    if region != 'reserved':
        b = [x for x in j.get('devices', []) if x['node'] == '/camera']
        check('%s: /camera uses %s, the module\'s driver bound' % (name, region),
              len(b) == 1 and b[0]['region'] == region and b[0]['driver'] == 'rmem-trace', str(b))
    # CMA pages the module holds: what CmaFree lost while it ran (the
    # meminfo the guest kept before insmod), and on 7.x sysfs's counters
    pages = lambda a: a['size'] // 4096     # noqa: E731
    held_cma = sum(pages(a) for a in held if a in mine) * 4
    before = os.path.join(LIVE, name, 'meminfo-before-module')
    # pages the module freed may not count as free again: the page allocator
    # keeps freed pages on its per-cpu lists (not in CmaFree) or lends CMA
    # pages to movable allocations (6.12's cma-fragmented: 1 MiB freed and
    # not reused, CmaFree short by 1 MiB)
    freed_cma = sum(pages(a) for a in mine if a['freed']) * 4
    if kind == 'cma' and os.path.exists(before):
        b = int(re.search(r'^CmaFree:\s+(\d+) kB', open(before).read(), re.M).group(1))
        check('%s: CmaFree fell by the module\'s held CMA pages' % name,
              held_cma <= b - kib['CmaFree'] <= held_cma + freed_cma,
              'before %d, now %d, module holds %d kB, freed %d kB' %
              (b, kib['CmaFree'], held_cma, freed_cma))
    elif kind == 'cma':
        check('%s: meminfo before the module kept' % name, False, before)
    live_cma = {c['name']: c for c in j.get('cma_live', [])}
    sysfs = sysfs_area(d, region)
    if '-7.2-' in name:     # CONFIG_CMA_SYSFS
        if kind == 'cma':
            c = live_cma.get(region, {})
            check('%s: sysfs counters of %s as the kernel gives them' % (name, region),
                  sysfs and all(c.get(k) == v for k, v in sysfs.items()), '%s\n%s' % (c, sysfs))
            ok_pages = sum(pages(a) for a in mine)
            freed = sum(pages(a) for a in mine if a['freed'])
            failed = sum(f['req'] for f in failures if f['area'] == region)
            if region != 'reserved':    # the default area: boot-time users too
                check('%s: %s: used, alloc/release/fail counters as the module\'s calls' % (name, region),
                      sysfs and sysfs['total_pages'] - sysfs['available_pages'] == ok_pages - freed
                      and sysfs['alloc_pages_success'] == ok_pages
                      and sysfs['release_pages_success'] == freed
                      and sysfs['alloc_pages_fail'] == failed,
                      '%s; module: %d allocated, %d freed, %d failed' % (sysfs, ok_pages, freed, failed))
            check('%s: %s in text' % (name, region), c and
                  '%s: alloc_pages_success %d, alloc_pages_fail %d' % (
                      region, c['alloc_pages_success'], c['alloc_pages_fail']) in text, text[-1500:])
    else:
        check('%s: no sysfs, no live areas (Debian 6.12)' % name, sysfs is None and not live_cma,
              str(live_cma))
    # the failure reports: each as the log has it, its extents those the
    # module's live allocations left free in the area then
    got = j.get('cma_failures', [])
    check('%s: every failure report read' % name, len(got) == len(failures) and all(
        g['area'] == f['area'] and g['req_pages'] == f['req'] and g['ret'] == f['ret'] and
        (f['totals'] is None or (g['free_pages'], g['total_pages']) == f['totals']) and
        g['extents'] == '+'.join('%d@%d' % e for e in f['extents'])
        for g, f in zip(got, failures)), '%s\n%s' % (got, failures))
    for g, f in zip(got, failures):
        if f['area'] != region or not f['totals']:
            continue
        total = f['totals'][1]
        used = [False] * total
        for a in f['live']:
            if a['region'] == region:
                for p in range(a['off'] // 4096, (a['off'] + a['size']) // 4096):
                    used[p] = True
        runs, p = [], 0
        while p < total:
            if used[p]:
                p += 1
                continue
            q = p
            while q < total and not used[q]:
                q += 1
            runs.append((q - p, p))
            p = q
        check('%s: the kernel\'s free extents are what the module\'s allocations left' % name,
              f['extents'] == runs and f['totals'][0] == sum(n for n, _ in runs), '%s\n%s' % (f, runs))
        best = max(runs, default=None)
        check('%s: the largest free run' % name,
              g['largest'] == (None if not runs else '%d@%d' % max(runs, key=lambda x: (x[0], -x[1]))),
              '%s %s' % (g['largest'], best))
        check('%s: the failure in text' % name, '%s: %d pages, ret %d; %d of %d pages free' % (
            region, f['req'], f['ret'], f['totals'][0], total) in text, text[-1500:])


def debugfs_cma(work):
    """debugfs cma as the kernel lays it out (CONFIG_CMA_DEBUGFS, which no
    Debian kernel sets: these files are made here) for the per-device area
    of a real boot, from what its own log says: the module's held
    allocations give the bitmap (a u32 array, as debugfs prints one), the
    area's place the base pfn; inspect reads used, maxchunk and the largest
    free run in the kernel's extent form."""
    name, region = 'arm64-7.2-cma-fragmented', 'camera-cma@58000000'
    if not os.path.exists(snap(name)):
        check('debugfs cma: recorded', False, snap(name))
        return
    d = extract(name, work)
    allocs, _ = module_story(open(os.path.join(d, 'dmesg')).read())
    sysfs = sysfs_area(d, region)
    r = {x['name']: x for x in json.loads(rmem('inspect', '--format', 'json', d)[1])['regions']}[region]
    count = sysfs['total_pages']
    used = [False] * count
    for a in allocs:
        if a['region'] == region and not a['freed']:
            for p in range(a['off'] // 4096, (a['off'] + a['size']) // 4096):
                used[p] = True
    words = [sum(1 << b for b in range(32) if used[w * 32 + b]) for w in range(count // 32)]
    runs, p = [], 0
    while p < count:
        q = p
        while q < count and not used[q]:
            q += 1
        if q > p:
            runs.append((q - p, p))
        p = q + 1
    big = max(runs, key=lambda x: (x[0], -x[1]))
    dd = os.path.join(d, 'sys/kernel/debug/cma', region)
    os.makedirs(dd)
    files = dict(base_pfn=r['base'] // 4096, count=count, order_per_bit=0, used=sum(used),
                 maxchunk=big[0])
    for f, v in files.items():
        with open(os.path.join(dd, f), 'w') as fh:
            fh.write('%d\n' % v)
    with open(os.path.join(dd, 'bitmap'), 'w') as fh:
        fh.write(' '.join('%d' % w for w in words) + '\n')
    rc, out, _ = rmem('inspect', '--strict', '--format', 'json', d)
    j = json.loads(out) if out else {}
    c = {x['name']: x for x in j.get('cma_live', [])}.get(region, {})
    want = '%d@%d (pfn %#x)' % (big[0], big[1], r['base'] // 4096 + big[1])
    check('debugfs cma: read', rc == 0 and all(c.get(k) == v for k, v in files.items()) and
          c.get('largest_free') == want and c.get('available_pages') == sysfs['available_pages'],
          '%s\nwant %s %s' % (c, files, want))
    rc, out, _ = rmem('inspect', d)
    check('debugfs cma: in text', 'used %d, free %d, maxchunk %d, largest free run %s' % (
        sum(used), count - sum(used), big[0], want) in out, out[-1500:])


def real_drift():
    rc, out, _ = rmem('inspect', '--strict', snap(CUT))
    check('cut command line: exit 1 with --strict', rc == 1, out[-2000:])
    check('cut command line: explained', 'COMMAND_LINE_SIZE 2048' in out and
          'so not cma=96M' in out, out[-2000:])
    check('cut command line: the log as the plan from /proc/cmdline',
          not any(l.startswith(('  - ', '  + ')) for l in out.splitlines()), out)
    rc, out, _ = rmem('inspect', snap(CUT))
    check('cut command line: exit 0 without --strict', rc == 0)


def injected(work):
    # a cma= changed in /proc/cmdline: the DTB's bootargs and the log still say cma=96M
    d = extract('arm64-6.12-cma', work)
    edit(os.path.join(d, 'proc/cmdline'), lambda t: t.replace('cma=96M', 'cma=32M'))
    rc, out, _ = rmem('inspect', '--strict', d)
    check('changed cma=: drift', rc == 1 and 'cma=32M (/proc/cmdline)' in out and
          'has cma=96M' in out, out[-3000:])
    check('changed cma=: the other command line explains the log',
          'lines are those of a plan with /chosen/bootargs' in out, out[-3000:])
    check('changed cma=: CmaTotal', 'CmaTotal is 98304 kB, the plan\'s areas make 32768 kB' in out,
          out[-3000:])
    rc, out, _ = rmem('inspect', '--bootargs', d)
    check('changed cma=: --bootargs plans the kernel\'s log', rc == 0 and 'log: 2 of 2' in out,
          out[-3000:])

    # a region moved in the DTB: vpu@4c000000 to 0x4d000000
    d = extract('arm64-6.1-mixed', work)
    fdt = os.path.join(d, 'sys/firmware/fdt')
    r = subprocess.run(['fdtput', '-t', 'x', fdt, '/reserved-memory/vpu@4c000000', 'reg',
                        '0', '0x4d000000', '0', '0x800000'], capture_output=True, text=True)
    check('fdtput', r.returncode == 0, r.stderr)
    rc, out, _ = rmem('inspect', '--strict', d)
    check('moved region: drift', rc == 1, out[-3000:])
    check('moved region: the region', any(l.startswith('  DRIFT vpu@4c000000') and
                                          '0x4d000000' in l for l in out.splitlines()), out)
    check('moved region: the line', '  - Reserved memory: created DMA memory pool at '
          '0x000000004d000000, size 8 MiB\n  + Reserved memory: created DMA memory pool at '
          '0x000000004c000000, size 8 MiB' in out, out)

    # a line missing from the log
    d = extract('arm64-6.1-mixed', work)
    edit(os.path.join(d, 'dmesg'), lambda t: ''.join(
        l for l in t.splitlines(True) if 'initialized node gpu' not in l))
    rc, out, _ = rmem('inspect', '--strict', '--format', 'json', d)
    j = json.loads(out) if out else {}
    miss = [l for l in j.get('lines', []) if l['state'] != 'match']
    check('missing line: found', rc == 1 and len(miss) == 1 and miss[0]['state'] == 'missing'
          and 'initialized node gpu' in miss[0]['predicted'], out[-3000:])

    # a CMA area whose size sysfs gives otherwise
    d = extract('arm64-7.2-mixed', work)
    edit(os.path.join(d, 'sys/kernel/mm/cma/gpu/total_pages'), lambda t: '4096\n')
    rc, out, _ = rmem('inspect', '--strict', d)
    check('live CMA size: drift', rc == 1 and 'area gpu has 4096 pages, the plan 8192' in out,
          out[-2000:])

    # dmesg -r's records, "<6>[    0.000000] text": the same lines
    d = extract('arm64-6.1-mixed', work)
    edit(os.path.join(d, 'dmesg'), lambda t: ''.join('<6>' + l for l in t.splitlines(True)))
    rc, out, _ = rmem('inspect', '--strict', d)
    check('dmesg -r: read', rc == 0 and 'log: 8 of 8' in out, out[-2000:])

    # the same config as /proc/config.gz (IKCONFIG_PROC), gzip'd
    d = extract('arm64-7.2-mixed', work)
    mod = os.path.join(d, 'usr/lib/modules/7.2.13+deb14-arm64/config')
    with open(mod, 'rb') as f, gzip.open(os.path.join(d, 'proc/config.gz'), 'wb') as g:
        g.write(f.read())
    os.remove(mod)
    rc, out, _ = rmem('inspect', '--strict', d)
    check('/proc/config.gz: read', rc == 0 and 'Kconfig values from /proc/config.gz' in out,
          out[:1000])

    # a kernel no profile models
    d = extract('arm64-6.1-mixed', work)
    edit(os.path.join(d, 'proc/sys/kernel/osrelease'), lambda t: '6.7.0-1-arm64\n')
    rc, out, _ = rmem('inspect', '--strict', d)
    check('unknown kernel: said', rc == 1 and 'no profile models arm64 6.7' in out and
          'planned as arm64-6.1' in out, out[-3000:])

    # no log: still a report, the lines not compared
    d = extract('arm64-6.1-mixed', work)
    os.remove(os.path.join(d, 'dmesg'))
    rc, out, err = rmem('inspect', d)
    check('no dmesg: said', rc == 0 and 'dmesg: No such file' in err and
          'no kernel log' in err and 'regions:' in out, out + err)

    # no debugfs: the image from /proc/iomem alone, the DTB's place unknown, said
    d = extract('arm64-6.1-mixed', work)
    shutil.rmtree(os.path.join(d, 'sys/kernel/debug'))
    rc, out, err = rmem('inspect', d)
    check('no debugfs memblock: still planned', rc == 0 and 'kernel image (/proc/iomem)' in out
          and 'where the DTB lies is unknown (no debugfs memblock)' in err and
          'log: 8 of 8' in out, out + err)

    # a truncated DTB
    d = extract('arm64-6.1-mixed', work)
    fdt = os.path.join(d, 'sys/firmware/fdt')
    with open(fdt, 'rb') as f:
        blob = f.read()
    with open(fdt, 'wb') as f:
        f.write(blob[:len(blob) // 2])
    rc, out, err = rmem('inspect', d)
    check('truncated DTB: exit 3', rc == 3 and 'not a whole device tree' in err and
          'NO PLAN' in out, out + err)

    # an arch rmem does not model
    d = extract('arm64-6.1-mixed', work)
    edit(os.path.join(d, 'proc/sys/kernel/arch'), lambda t: 'x86_64\n')
    rc, out, err = rmem('inspect', d)
    check('unknown arch: exit 3', rc == 3 and 'machine x86_64, an arch rmem does not model' in out,
          out + err)

    # no DTB: nothing to plan from
    d = extract('arm64-6.1-mixed', work)
    os.remove(os.path.join(d, 'dmesg'))
    os.remove(os.path.join(d, 'sys/firmware/fdt'))
    rc, out, err = rmem('inspect', d)
    check('no DTB: exit 3', rc == 3 and 'no device tree' in err, out + err)


def bad_input(work):
    # a truncated archive: the members before the cut are read, one message says so
    raw = gzip.decompress(open(snap('arm64-6.1-mixed'), 'rb').read())
    cut = os.path.join(work, 'cut.tar')
    with open(cut, 'wb') as f:
        f.write(raw[:len(raw) // 2 + 100])
    rc, out, err = rmem('inspect', cut)
    check('truncated tar: said', rc in (0, 3) and ('truncated' in err or 'ends early' in err),
          out[-1000:] + err)
    junk = os.path.join(work, 'junk.bin')
    with open(junk, 'wb') as f:
        f.write(b'not a snapshot\n')
    rc, out, err = rmem('inspect', junk)
    check('not an archive: exit 3', rc == 3 and 'not a tar archive' in err, err)
    rc, _, err = rmem('inspect', os.path.join(work, 'none'))
    check('missing snapshot: exit 3', rc == 3 and 'No such file' in err, err)
    rc, _, err = rmem('inspect', 'a', 'b')
    check('two operands: exit 2', rc == 2, err)
    rc, _, err = rmem('inspect', '--format', 'svg', snap('arm64-6.1-mixed'))
    check('--format svg: exit 2', rc == 2, err)
    rc, _, err = rmem('inspect', '-k', 'arm64-6.13', snap('arm64-6.1-mixed'))
    check('-k unknown: exit 2', rc == 2 and 'arm64-6.1' in err, err)
    rc, _, err = rmem('inspect', '-o', '/', snap('arm64-6.1-mixed'))
    check('-o a directory: exit 4', rc == 4, err)


def snapshots(work):
    src = extract('armhf-6.1-mixed', work)
    for dest in ('copy.tar', 'copy.tar.gz', 'copydir'):
        out_path = os.path.join(work, dest)
        rc, _, err = rmem('snapshot', '--root', src, out_path)
        check('rmem snapshot %s' % dest, rc == 0 and 'not read' in err, err)
        rc, out, _ = rmem('inspect', '--strict', out_path)
        check('rmem snapshot %s: inspected' % dest, rc == 0 and 'MATCH' in out, out[-1000:])
        rc, out, _ = rmem('inspect', '--format', 'json', out_path)
        j = json.loads(out) if rc == 0 else {}
        check('rmem snapshot %s: its problems kept' % dest,
              sum('sys/kernel/mm/cma' in p for p in j.get('problems', [])) >= 1, out[-1000:])
    # the POSIX-sh script, over the same tree
    for dest in ('script.tar', 'script.tar.gz', 'scriptdir'):
        out_path = os.path.join(work, dest)
        r = subprocess.run(['sh', SCRIPT, '-r', src, out_path], capture_output=True, text=True)
        check('rmem-snapshot.sh %s' % dest, r.returncode == 0, r.stderr)
        rc, out, _ = rmem('inspect', '--strict', out_path)
        check('rmem-snapshot.sh %s: inspected' % dest, rc == 0 and 'MATCH' in out, out[-1000:])
    # the devices list goes along
    src = extract('arm64-6.12-devices', work)
    out_path = os.path.join(work, 'script-devices')
    r = subprocess.run(['sh', SCRIPT, '-r', src, out_path], capture_output=True, text=True)
    rc, out, _ = rmem('snapshot', '--root', src, out_path + '-rmem')
    check('snapshots keep devices', r.returncode == 0 and rc == 0 and
          open(os.path.join(out_path, 'devices')).read() == open(os.path.join(src, 'devices')).read()
          == open(os.path.join(out_path + '-rmem', 'devices')).read(), r.stderr)
    r = subprocess.run(['sh', SCRIPT], capture_output=True, text=True)
    check('rmem-snapshot.sh: usage', r.returncode == 2 and 'usage' in r.stderr, r.stderr)
    rc, _, err = rmem('snapshot')
    check('rmem snapshot: usage', rc == 2, err)


def main():
    global RMEM
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    RMEM = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as work:
        matching(work)
        live()
        in_use()
        debugfs_cma(work)
        devices(work)
        real_drift()
        injected(work)
        bad_input(work)
        snapshots(work)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
