#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Runtime oracle: replay a trace with the real kernel's DMA calls.

    run.py record [--profile P ... | --pending P ...] [--jobs N] [--no-build] [CASE ...]
    run.py verify [--profile P ... | --pending P ...] [--jobs N] [--no-build] [CASE ...]
    run.py check  [--profile P ...] [--jobs N] [--rmem PATH] [CASE ...]
    run.py list   [CASE ...]

A case is cases/NAME.trace (the trace, docs/trace-format.md) and
cases/NAME.dts (a DTS fragment: the "rmem,test-device" nodes and the
/reserved-memory they use, with the same "# key: value" header lines as
tests/conformance/cases/*.case: ram, cmdline, profiles, timeout).  `record`
builds the DTB on the conformance base DTS, places kernel, initramfs and
DTB with -device loader exactly as tests/conformance/run.py places kernel
and DTB, boots each profile's kernel with the rmem_trace module and keeps
what it printed as expected/PROFILE/NAME.log (+ NAME.meta.json).  `check`
replays the same traces with `rmem sim` on the same DTBs (dtc and rmem
only) and compares them per event with expected/.

A kernel recorded ahead of being modelled is a pending profile, as in
tests/conformance: pending/PROFILE/profile.json describes it, `record
--pending PROFILE` writes pending/PROFILE/NAME.{log,meta.json}, and `check`
names it (PENDING) without judging it.
See docs/runtime-oracle.md.  Python 3 standard library only.
"""

import argparse
import errno
import glob
import hashlib
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, 'cases')
EXPECTED_DIR = os.path.join(HERE, 'expected')
PENDING_DIR = os.path.join(HERE, 'pending')
CACHE = os.environ.get('RMEM_RUNTIME_CACHE', '/var/cache/rmem/runtime')

sys.dont_write_bytecode = True     # nothing of ours in tests/conformance/
_spec = importlib.util.spec_from_file_location(
    'conformance_run', os.path.join(HERE, '..', 'conformance', 'run.py'))
conf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conf)
conf.WORK = os.path.join(CACHE, 'work')     # DTBs, stubs, consoles: in the cache
# conformance's pending profiles, read from and recorded into this
# directory's pending/ (and its expected/)
conf.EXPECTED_DIR = EXPECTED_DIR
conf.PENDING_DIR = PENDING_DIR

# Which profiles the oracle takes, by property (filled in by
# init_profiles()): those build.sh builds the module for, with Debian's
# headers and a cross compiler: arm64 from 5.10 on, arm (armhf, LPAE or
# not) from 6.1 on, riscv64 from 6.12 on (Debian's riscv64 6.12 has no
# CMA: its per-device pools and the page allocator only).  The built-in
# ones and the pending ones of pending/; record and verify take the
# built-in 4K-page ones unless others are named (a 16K boot is slow).
RUNTIME_SINCE = {'arm64': (5, 10), 'arm': (6, 1), 'riscv64': (6, 12)}
RUNTIME_PROFILES = []
DEFAULT_PROFILES = []


def runtime_capable(prop):
    since = RUNTIME_SINCE.get(prop['arch'])
    return since is not None and prop['version'] >= since


def init_profiles(rmem):
    conf.init_profiles(rmem, pending=True)
    RUNTIME_PROFILES[:] = [n for n, p in conf.PROFILES.items() if runtime_capable(p)]
    DEFAULT_PROFILES[:] = [n for n in builtin_runtime_profiles()
                           if conf.PROFILES[n]['page_kib'] == 4]


def builtin_runtime_profiles():
    return [p for p in RUNTIME_PROFILES if not conf.is_pending(p)]


def select_profiles(words, default, pending=None):
    """The runtime profiles the --profile words name (profiles or groups of
    tests/conformance/run.py), or with @pending the pending ones those
    words name; dies on one the oracle does not take."""
    for w in (pending or []) + (words or []):
        if w in conf.PROFILES and w not in RUNTIME_PROFILES:
            conf.die('%s: not a runtime profile (those: %s)' % (w, ', '.join(RUNTIME_PROFILES)))
    if pending:
        sel = conf.select_profiles(None, pending)
    else:
        sel = list(default) if not words else conf.select_profiles(words)
    return [p for p in RUNTIME_PROFILES if p in sel]
MiB = conf.MiB
TRACE_PREFIX = 'rmem-trace: '
KEEP_PREFIXES = (TRACE_PREFIX, 'rmem-meminfo-before: ', 'rmem-meminfo: ', 'rmem-cma: ')
END_MARK = 'reboot: Power down'


def say(*a):
    conf.say(*a)


class Case(conf.Case):
    # "# trace: NAME": the trace is cases/NAME.trace (a case's twin for
    # another arch's RAM runs the same trace)
    KEYS = conf.Case.KEYS + ('trace',)

    def __init__(self, path):
        super().__init__(path)
        self.name = os.path.basename(path)[:-len('.dts')]
        self.trace_path = (os.path.join(CASES_DIR, self.hdr['trace'] + '.trace')
                           if 'trace' in self.hdr else path[:-len('.dts')] + '.trace')
        self.trace = read_trace(self.trace_path)
        self.profiles = [p for p in self.profiles if p in RUNTIME_PROFILES]


def read_trace(path):
    """The trace's lines as module strings: "LINENO FIELDS..." (comments,
    blank lines dropped; the fields are checked by the module)."""
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split('#', 1)[0].split()
            if line:
                out.append('%d %s' % (n, ' '.join(line)))
    return out


def dts_string(s):
    return '"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')


def load_cases(names):
    cases = [Case(p) for p in sorted(glob.glob(os.path.join(CASES_DIR, '*.dts')))]
    if not names:
        return cases
    out = []
    for n in names:
        n = os.path.basename(n)
        for suf in ('.dts', '.trace'):
            if n.endswith(suf):
                n = n[:-len(suf)]
        hit = [c for c in cases if c.name == n] or [c for c in cases if c.name.startswith(n)]
        if not hit:
            conf.die('no case %s' % n)
        out += [c for c in hit if c not in out]
    return out


# --------------------------------------------------------------------------
# module and initramfs

def release_of(profile):
    return conf.kernel(profile)['release']


def initrd_path(profile, ftrace=False):
    """build.sh's initramfs; @ftrace: its capture variant (the kernel's
    cma and dma trace events of the module's run printed, `capture`), or
    'tracecmd' its trace-cmd variant (the same, then `trace-cmd report` of
    the same ring buffer, `capture-trace-cmd`)."""
    variant = {False: '', True: 'ftrace-', 'tracecmd': 'tracecmd-'}[ftrace]
    return os.path.join(CACHE, 'initrd-%s%s.cpio.gz' % (variant, release_of(profile)))


def ensure_built(profiles, force, variants=(False, True)):
    srcs = [os.path.join(HERE, f) for f in ('rmem_trace.c', 'Kbuild', 'build.sh')]
    newest = max(os.path.getmtime(s) for s in srcs)
    todo = [p for p in profiles if force or any(
        not os.path.exists(initrd_path(p, f)) or os.path.getmtime(initrd_path(p, f)) < newest
        for f in variants)]
    if todo:
        say('building the module and initramfs for %s' % ' '.join(todo))
        r = subprocess.run([os.path.join(HERE, 'build.sh')] + todo)
        if r.returncode:
            conf.die('build.sh failed')


# --------------------------------------------------------------------------
# layout: conformance's, plus the initramfs where QEMU's -initrd would put it

def is_riscv(profile):
    return conf.PROFILES[profile]['arch'] == 'riscv64'


def runtime_layout(case, profile, initrd_size):
    k = conf.kernel(profile)
    lay = conf.layout(profile, k, case.ram, case.memory)
    if is_riscv(profile):
        # hw/riscv/boot.c riscv_load_initrd(): the kernel's entry +
        # min(ram / 2, 128 MiB); the DTB stays where QEMU's -dtb puts it,
        # which depends on its size (boot_case())
        initrd = lay['entry'] + min(case.ram // 2, 128 * MiB)
    else:
        # hw/arm/boot.c: RAM base + min(ram / 2, 128 MiB), above the kernel
        # file; the DTB above the initramfs
        image_high = lay['kernel_load'] + k['image']['file_size']
        initrd = conf.RAM_BASE + min(case.ram // 2, 128 * MiB)
        initrd = conf.align_up(max(initrd, image_high), 4096)
        align = 2 * MiB if conf.PROFILES[profile]['arch'] == 'arm64' else 4096
        lay['fdt_addr'] = conf.align_up(initrd + initrd_size, align)
    lay['initrd_addr'] = initrd
    lay['initrd_size'] = initrd_size
    return lay


def with_runtime_nodes(case, lay):
    """A copy of the case whose fragment also has /chosen's initrd range and
    the /rmem-trace node."""
    c = Case.__new__(Case)
    c.__dict__.update(case.__dict__)
    b, e = lay['initrd_addr'], lay['initrd_addr'] + lay['initrd_size']
    c.fragment = case.fragment + (
        '\n\tchosen {\n\t\tlinux,initrd-start = <%s>;\n\t\tlinux,initrd-end = <%s>;\n\t};\n'
        % (conf.cells(b), conf.cells(e)))
    c.fragment += '\n\trmem-trace {\n\t\trmem,trace = %s;\n\t};\n' % (
        ',\n\t\t\t'.join(dts_string(s) for s in case.trace) if case.trace else '""')
    return c


def boot_case(case, profile, opts, ftrace=False):
    initrd = initrd_path(profile, ftrace)
    lay = runtime_layout(case, profile, os.path.getsize(initrd))
    c = with_runtime_nodes(case, lay)
    dtb_path, blob, cmdline = conf.build_dtb(c, profile)
    lay['fdt_size'] = int.from_bytes(blob[4:8], 'big')
    lay['dtb_sha256'] = hashlib.sha256(blob).hexdigest()
    load_initrd = ['-device', 'loader,file=%s,addr=0x%x,force-raw=on'
                   % (initrd, lay['initrd_addr'])]
    timeout = case.timeout or opts.timeout or conf.PROFILES[profile]['timeout']
    stop = lambda l: END_MARK in l      # noqa: E731
    if is_riscv(profile):
        # conformance's riscv64 boot: OpenSBI, QEMU's -kernel and -dtb, the
        # DTB OpenSBI edited read back (lay['final_dtb'], lay['fdt_size'])
        lay['fdt_addr'] = conf.riscv_fdt_addr(conf.PROFILES[profile]['ram_base'], case.ram,
                                              len(blob))
        console, outcome, secs, cmd = conf.boot_riscv(c, profile, dtb_path, lay, '', timeout,
                                                      stop, extra=load_initrd)
    else:
        stub = os.path.join(conf.WORK, 'dtb', profile, case.name + '.stub')
        with open(stub, 'wb') as f:
            f.write(conf.boot_stub(profile, lay))
        cmd = conf.qemu_cmd(profile, c, dtb_path, lay, stub) + load_initrd
        console, outcome, secs = conf.boot(cmd, timeout, stop)
    d = os.path.join(conf.WORK, 'console', profile)
    os.makedirs(d, exist_ok=True)
    suffix = {False: '', True: '.ftrace', 'tracecmd': '.trace-cmd'}[ftrace]
    with open(os.path.join(d, case.name + suffix + '.console'), 'w') as f:
        f.write('\n'.join(console) + '\n')
    return console, outcome, secs, lay, cmdline, cmd


def extract(console):
    """The boot's reserved-memory/CMA lines, then the module's lines."""
    boot = conf.judged_lines(console)
    rt = []
    for line in console:
        t = conf.strip_ts(line)
        if t.startswith(KEEP_PREFIXES):
            rt.append(t)
    return boot, rt


def record_one(case, profile, opts):
    console, outcome, secs, lay, cmdline, cmd = boot_case(case, profile, opts)
    boot, rt = extract(console)
    if outcome == 'ok' and not any(l.startswith(TRACE_PREFIX + 'end ') for l in rt):
        outcome = 'incomplete'
    d = conf.recording_dir(profile)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, case.name + '.log'), 'w') as f:
        f.write(''.join('boot: %s\n' % l for l in boot))
        f.write(''.join(l + '\n' for l in rt))
    meta = boot_meta(case, profile, outcome, console, lay, cmdline, cmd, secs, len(rt))
    with open(os.path.join(d, case.name + '.meta.json'), 'w') as f:
        json.dump(meta, f, indent=1)
        f.write('\n')
    return outcome, secs


def boot_meta(case, profile, outcome, console, lay, cmdline, cmd, secs, module_lines,
              ftrace=False):
    """NAME.meta.json's facts about one boot (NAME.ftrace.json's for a capture)."""
    facts = conf.console_facts(console)
    k = conf.kernel(profile)
    with open(initrd_path(profile, ftrace), 'rb') as f:
        initrd_sha = hashlib.sha256(f.read()).hexdigest()
    hx = conf.hx
    meta = dict(
        case=case.name, profile=profile, outcome=outcome,
        kernel_package=k['package'], kernel_package_version=k['package_version'],
        kernel_release=k['release'], linux_version=facts.get('linux_version'),
        memory_line=facts.get('memory_line'), cma_reserved_kib=facts.get('cma_reserved_kib'),
        panic=facts.get('panic'), oops=facts.get('oops'), warnings=facts.get('warnings', []),
        ram=hx(case.ram), cmdline=cmdline,
        fdt_addr=hx(lay['fdt_addr']), fdt_size=hx(lay['fdt_size']), dtb_sha256=lay['dtb_sha256'],
        initrd_addr=hx(lay['initrd_addr']), initrd_size=hx(lay['initrd_size']),
        initrd_sha256=initrd_sha, kernel_load=hx(lay['kernel_load']),
        early_reservations=[dict(what=w, base=hx(b), size=hx(s)) for w, b, s in lay['reserve']]
        + [dict(what='initrd', base=hx(lay['initrd_addr']), size=hx(lay['initrd_size'])),
           dict(what='dtb', base=hx(lay['fdt_addr']), size=hx(lay['fdt_size']))],
        trace_lines=len(case.trace), module_lines=module_lines, boot_seconds=round(secs, 1),
        qemu=' '.join(shlex.quote(x) for x in cmd[:conf.qemu_fixed_args(cmd)]),
    )
    if conf.is_pending(profile):
        meta['kernel_image_file'] = k['image_file']
    if 'final_dtb' in lay:
        # riscv64: what OpenSBI made of the DTB, which the kernel saw
        meta['final_dtb'] = lay['final_dtb']
    if outcome != 'ok':
        meta['last_console_lines'] = [conf.strip_ts(l) for l in console[-12:]]
    return meta


FTRACE_BEGIN, FTRACE_END = 'rmem-ftrace: begin', 'rmem-ftrace: end'


TRACECMD_BEGIN, TRACECMD_END = 'rmem-trace-cmd: begin', 'rmem-trace-cmd: end'


def tagged(console, tag):
    """What the guest printed after @tag, one entry per console line that starts with it."""
    return [l[len(tag):] for l in console if l.startswith(tag)]


def capture_text(console, marks=(FTRACE_BEGIN, FTRACE_END)):
    """The trace file as the capture initramfs printed it, between its marks
    (kernel console lines that came in between, timestamped, left out);
    None when the end mark never came."""
    out, inside = [], False
    for line in console:
        if line == marks[0]:
            inside, out = True, []
        elif line == marks[1] and inside:
            return out
        elif inside and not conf.TS_RE.match(line):
            out.append(line)
    return None


def capture_one(case, profile, opts):
    """Boot with the capture initramfs: expected/PROFILE/NAME.ftrace (the
    kernel's trace file, as printed) and NAME.ftrace.json (the boot's meta)."""
    console, outcome, secs, lay, cmdline, cmd = boot_case(case, profile, opts, ftrace=True)
    text = capture_text(console)
    _, rt = extract(console)
    if outcome == 'ok' and text is None:
        outcome = 'incomplete'
    d = conf.recording_dir(profile)
    os.makedirs(d, exist_ok=True)
    if text is not None:
        with open(os.path.join(d, case.name + '.ftrace'), 'w') as f:
            f.write(''.join(l + '\n' for l in text))
    meta = boot_meta(case, profile, outcome, console, lay, cmdline, cmd, secs, len(rt), True)
    # the event groups this kernel has (build.sh's FTRACE_BEFORE)
    meta['events_enabled'] = tagged(console, 'rmem-ftrace: enabled ')
    with open(os.path.join(d, case.name + '.ftrace.json'), 'w') as f:
        json.dump(meta, f, indent=1)
        f.write('\n')
    return outcome, secs


def capture_tracecmd_one(case, profile, opts):
    """Boot with the trace-cmd initramfs: expected/PROFILE/NAME.trace-cmd
    (`trace-cmd report` of the module's run, as printed), NAME.trace-cmd.ftrace
    (tracefs's trace file of the same ring buffer) and NAME.trace-cmd.json."""
    console, outcome, secs, lay, cmdline, cmd = boot_case(case, profile, opts, 'tracecmd')
    text = capture_text(console)
    report = capture_text(console, (TRACECMD_BEGIN, TRACECMD_END))
    _, rt = extract(console)
    if outcome == 'ok' and (text is None or report is None):
        outcome = 'incomplete'
    elif outcome == 'ok' and any(not l.startswith('#') for l in text) and \
            not any(l.strip() and not l.startswith('cpus=') for l in report):
        outcome = 'trace-cmd failed'        # events in the trace file, none reported
    d = conf.recording_dir(profile)
    os.makedirs(d, exist_ok=True)
    for suffix, lines in (('.trace-cmd.ftrace', text), ('.trace-cmd', report)):
        if lines is not None:
            with open(os.path.join(d, case.name + suffix), 'w') as f:
                f.write(''.join(l + '\n' for l in lines))
    meta = boot_meta(case, profile, outcome, console, lay, cmdline, cmd, secs, len(rt),
                     'tracecmd')
    meta['events_enabled'] = tagged(console, 'rmem-ftrace: enabled ')
    # what trace-cmd said on stderr (its version's warnings, or why it failed)
    meta['trace_cmd_stderr'] = tagged(console, 'rmem-trace-cmd-stderr: ')
    with open(os.path.join(d, case.name + '.trace-cmd.json'), 'w') as f:
        json.dump(meta, f, indent=1)
        f.write('\n')
    return outcome, secs


def cmd_record(opts, one=record_one):
    cases = load_cases(opts.cases)
    for p in opts.profiles:
        conf.kernel(p)
    if not opts.no_build:
        # the trace-cmd initramfs only for capture-trace-cmd (build.sh's
        # failing to make it fails no other command)
        ensure_built(opts.profiles, False, (False, True, 'tracecmd')
                     if one is capture_tracecmd_one else (False, True))
    work = conf.jobs_for(cases, opts.profiles)
    t0 = time.time()
    per = {p: [0, 0.0] for p in opts.profiles}
    bad = []
    for c, p, res in conf.parallel(lambda c, p: one(c, p, opts), work, opts.jobs):
        if isinstance(res, Exception):
            say('%-36s %-12s ERROR %s' % (c.name, p, res))
            bad.append((c.name, p, 'error: %s' % res))
            continue
        outcome, secs = res
        per[p][0] += 1
        per[p][1] += secs
        say('%-36s %-12s %-10s %5.1fs' % (c.name, p, outcome, secs))
        if outcome != 'ok':
            bad.append((c.name, p, outcome))
    say('recorded %d boots in %.0fs' % (sum(v[0] for v in per.values()), time.time() - t0))
    for p, (n, s) in per.items():
        if n:
            say('  %-12s %3d cases, %5.0fs of QEMU time, %.1fs a boot' % (p, n, s, s / n))
    for b in sorted(bad):
        say('  not ok: %s %s: %s' % b)
    return 1 if bad else 0


_CMA_RE = re.compile(r'^boot: (?:cma: Reserved (\d+) MiB at (0x[0-9a-f]+)'
                     r'|Reserved memory: created CMA memory pool at (0x[0-9a-f]+), size (\d+) MiB)')
_ALLOC_RE = re.compile(r'^(rmem-trace: L\d+ \S+ alloc size=\S+( atomic)? tag=\S+ -> )dma=(0x[0-9a-f]+) '
                       r'phys=\S+$')
_FREE_RE = re.compile(r'^(rmem-trace: L\d+ \S+ free \S+ -> freed )dma=0x[0-9a-f]+( size=\S+)$')


def cma_ranges(lines):
    out = []
    for l in lines:
        m = _CMA_RE.match(l)
        if m:
            if m.group(1):
                out.append((int(m.group(2), 16), int(m.group(1)) * MiB))
            else:
                out.append((int(m.group(3), 16), int(m.group(4)) * MiB))
    return out


def loose(line, ranges):
    """An allocation outside the device's own regions (no in=) comes from
    the page allocator or from the atomic pool: their addresses depend on
    what else ran during boot, and vary from boot to boot.  Returns the
    line with the address replaced by its class, or None if the line is
    judged exactly."""
    m = _FREE_RE.match(line)
    if m:
        # the address is the alloc line's, judged there
        return m.group(1) + m.group(2)
    m = _ALLOC_RE.match(line)
    if not m:
        return None
    dma = int(m.group(3), 16)
    in_cma = any(b <= dma < b + sz for b, sz in ranges)
    if m.group(2):
        return m.group(1) + 'atomic-pool' if in_cma else m.group(1) + 'atomic:pages'
    if in_cma:
        return None                 # the default CMA area: judged exactly
    return m.group(1) + 'pages'


def compare(want, got):
    """(ok, message, loose differences)"""
    rw, rg = cma_ranges(want), cma_ranges(got)
    varied = 0
    for i in range(max(len(got), len(want))):
        w = want[i] if i < len(want) else '(end)'
        g = got[i] if i < len(got) else '(end)'
        if w == g:
            continue
        lw, lg = loose(w, rw), loose(g, rg)
        if lw is not None and lw == lg:
            varied += 1
            continue
        return False, 'line %d:\n      recorded: %s\n      now:      %s' % (i + 1, w, g), varied
    return True, '', varied


def verify_one(case, profile, opts):
    """Boot again and compare with expected/: is the recording reproducible?"""
    path = os.path.join(conf.recording_dir(profile), case.name + '.log')
    if not os.path.exists(path):
        return None, 'not recorded', 0.0, 0
    with open(path) as f:
        want = f.read().splitlines()
    console, outcome, secs, _, _, _ = boot_case(case, profile, opts)
    boot, rt = extract(console)
    got = ['boot: %s' % l for l in boot] + rt
    ok, msg, varied = compare(want, got)
    return ok, msg, secs, varied


def cmd_verify(opts):
    cases = load_cases(opts.cases)
    for p in opts.profiles:
        conf.kernel(p)
    if not opts.no_build:
        ensure_built(opts.profiles, False)
    good = n = 0
    fails = []
    for c, p, res in conf.parallel(lambda c, p: verify_one(c, p, opts),
                                   conf.jobs_for(cases, opts.profiles), opts.jobs):
        if isinstance(res, Exception):
            res = (False, 'internal error: %r' % res, 0.0, 0)
        ok, msg, secs, varied = res
        if ok is None:
            continue
        n += 1
        good += bool(ok)
        say('%-36s %-12s %-6s %5.1fs%s' % (c.name, p, 'same' if ok else 'DIFF', secs,
                                           '  (%d page-allocator/atomic-pool addresses varied)'
                                           % varied if varied else ''))
        if not ok:
            fails.append((p, c.name, msg))
    for f in sorted(fails):
        say('DIFF %s %s\n    %s' % f)
    say('%d/%d reproduced' % (good, n))
    return 0 if n and good == n else 1


# --------------------------------------------------------------------------
# check: rmem sim against the recorded module lines (no QEMU, no kernel)

_LINE_RE = re.compile(r'^rmem-trace: L(\d+) (\S+) (\S+)')
_MOD_ALLOC_RE = re.compile(r'alloc size=\S+( atomic)? tag=\S+ -> (?:FAILED|dma=(0x[0-9a-f]+) '
                           r'phys=\S+(?: in=(\S+)\+0x[0-9a-f]+)?)$')
DEFAULT_CMA = 'default CMA'


# Where a GFP_ATOMIC dma_alloc_coherent() outside the device's region and
# the CMA areas came from, which its address cannot tell: dma_direct_alloc()
# takes the atomic pools only for a device that is not DMA-coherent
# (remapping may block), a coherent one gets pages.  The cases' devices have
# neither dma-coherent nor dma-noncoherent (check_one() refuses them), so
# of_dma_is_coherent() gives the arch's default: coherent where the arch
# selects ARCH_DMA_DEFAULT_COHERENT (riscv), not on arm64.  The recordings
# bear it out: riscv64-7.2's 112 gets 1 MiB atomically, with a 128 KiB pool
# ("DMA: preallocated 128 KiB ... pool for atomic allocations").  arm's
# own dma ops (arch/arm/mm/dma-mapping.c __dma_alloc()) do the same: a
# non-coherent device's request that cannot block takes arm's atomic pool.
ATOMIC_FROM = {'arm64': 'atomic pool', 'arm': 'atomic pool', 'riscv64': 'page allocator'}


def module_events(log, atomic_from='atomic pool'):
    """{line number: [(verb, outcome, kind, address)]} from the module's
    lines; @atomic_from: where an atomic allocation outside the device's
    region came from (ATOMIC_FROM)."""
    # the boot's CMA areas; an address in one without in= is the default area's
    ranges = cma_ranges(log)
    out = {}
    for line in log:
        m = _LINE_RE.match(line)
        if not m:
            continue
        n, verb = int(m.group(1)), m.group(3)
        ev = None
        if verb == 'alloc':
            a = _MOD_ALLOC_RE.search(line)
            if not a:
                ev = ('alloc', 'unparsed: ' + line, None, None)
            elif not a.group(2):
                ev = ('alloc', 'FAILED', None, None)
            elif a.group(3):
                ev = ('alloc', 'ok', 'device region ' + a.group(3), int(a.group(2), 16))
            else:
                dma = int(a.group(2), 16)
                if a.group(1):
                    ev = ('alloc', 'ok', atomic_from, None)
                elif any(b <= dma < b + s for b, s in ranges):
                    ev = ('alloc', 'ok', DEFAULT_CMA, dma)
                else:
                    ev = ('alloc', 'ok', 'page allocator', None)
        elif verb in ('init', 'mask'):
            r = line.rsplit('-> ', 1)[-1]
            if r.startswith('error '):
                r = r[len('error '):]
            if '(implicit)' in line:
                verb = 'implicit init'
            ev = (verb, 'ok' if r == '0' else r.split()[0], None, None)
        elif verb == 'free':
            r = line.rsplit('-> ', 1)[-1]
            ev = ('free', 'ok' if r.startswith('freed') else 'nothing', None, None)
        elif verb == 'release':
            ev = ('release', 'ok' if line.endswith('-> done') else line.rsplit('-> ', 1)[-1],
                  None, None)
        if ev:
            out.setdefault(n, []).append(ev)
    return out


def errno_number(name):
    """"EINVAL" (or "-EINVAL") -> "-22", as the module prints errors."""
    code = getattr(errno, name.lstrip('-'), None)
    return '-%d' % code if code else name


def sim_events(doc, regions, implicit):
    """The same shape from rmem sim's JSON (schema 2, docs/sim.md).
    @regions: the names of the devices' own pools and areas (any other CMA
    area rmem names is the default one).  @implicit: the lines where the
    module said "init 0 (implicit)": rmem runs that init inside the alloc."""
    if doc.get('schema') != 2:
        raise RuntimeError('rmem sim JSON schema %r, not 2' % doc.get('schema'))
    out = {}
    for e in doc['events']:
        n, verb, res = e['line'], e['verb'], e['result']
        err, text = res['errno'], res['text']
        if verb == 'alloc':
            if err:
                ev = ('alloc', 'FAILED', None, None)
            elif res['allocator'] == 'atomic':
                ev = ('alloc', 'ok', 'atomic pool', None)
            elif res['allocator'] == 'page':
                ev = ('alloc', 'ok', 'page allocator', None)
            elif res['addr'] is not None and res['area'] in regions:
                ev = ('alloc', 'ok', 'device region ' + res['area'], res['addr'])
            elif res['addr'] is not None:
                ev = ('alloc', 'ok', DEFAULT_CMA, res['addr'])
            else:
                ev = ('alloc', 'unparsed: ' + text, None, None)
            if n in implicit:
                # the driver's init in probe, before its first alloc
                ie = res['init_errno']
                out.setdefault(n, []).append(('implicit init', errno_number(ie) if ie else 'ok',
                                              None, None))
        elif verb in ('init', 'mask'):
            ev = (verb, 'ok' if not err else errno_number(err), None, None)
        elif verb == 'free':
            ev = ('free', 'ok' if not text.startswith('nothing') else 'nothing', None, None)
        elif verb == 'release':
            ev = ('release', 'ok' if not err else errno_number(err), None, None)
        else:
            continue            # cma/pin verbs: the module cannot make those calls
        out.setdefault(n, []).append(ev)
    return out


def device_regions(log):
    return {m.group(1) for m in re.finditer(r' in=(\S+)\+0x', '\n'.join(log))}


def region_names(dts_text):
    """The node names of the case's fragment (in= uses them) but the
    default CMA area's (linux,cma-default): rmem names areas by node."""
    names = set(re.findall(r'^\s*(?:\w+:\s*)?([\w,.-]+(?:@[0-9a-fA-F]+)?)\s*\{', dts_text, re.M))
    return names - set(re.findall(r'([\w,.-]+(?:@[0-9a-fA-F]+)?)\s*\{[^{}]*linux,cma-default',
                                  dts_text))


def sim_cmd(rmem, profile, meta, dtb_path, trace_path):
    cmd = [rmem, 'sim', '--format', 'json', '--kernel', profile]
    for r in meta['early_reservations']:
        if r['what'] == 'dtb':
            continue                # rmem reserves the DTB itself, from --fdt-addr
        cmd += ['--reserve', '%s+%s' % (r['base'], r['size'])]
    return cmd + ['--fdt-addr', meta['fdt_addr'], dtb_path, trace_path]


def module_trace(case, profile):
    """The trace as the module ran it: its cma, pin and unpin lines call
    what modules cannot (cma_alloc() is not exported) and were skipped, so
    they are blanked here, the line numbers kept."""
    out = []
    with open(case.trace_path) as f:
        for line in f:
            fields = line.split('#', 1)[0].split()
            out.append('\n' if fields and fields[0] in ('cma', 'pin', 'unpin') else line)
    d = os.path.join(conf.WORK, 'trace', profile)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, case.name + '.trace')
    with open(path + '.tmp', 'w') as f:
        f.write(''.join(out))
    os.replace(path + '.tmp', path)
    return path


def check_dtb(case, profile, meta):
    """The DTB the recorded boot had, built again without the kernel cache."""
    lay = dict(initrd_addr=int(meta['initrd_addr'], 16), initrd_size=int(meta['initrd_size'], 16))
    c = with_runtime_nodes(case, lay)
    dtb_path, blob, _ = conf.build_dtb(c, profile)
    if hashlib.sha256(blob).hexdigest() != meta['dtb_sha256']:
        raise RuntimeError('the DTB built now differs from the recorded one: record again')
    final = meta.get('final_dtb')
    if final is not None:
        # riscv64: the kernel saw OpenSBI's edit of it, as conformance's check
        dtb_path, why = conf.final_dtb_path(case, profile, final, dtb_path)
        if why:
            raise RuntimeError(why)
    return dtb_path


def describe(ev):
    if ev is None:
        return '(none)'
    verb, outcome, kind, addr = ev
    s = '%s %s' % (verb, outcome)
    if kind:
        s += ' from %s' % kind
    if addr is not None:
        s += ' at 0x%x' % addr
    return s


def check_one(case, profile, opts):
    """Returns (events matched, events judged, differences)."""
    base = os.path.join(conf.recording_dir(profile), case.name)
    if not (os.path.exists(base + '.log') and os.path.exists(base + '.meta.json')):
        return None
    with open(base + '.meta.json') as f:
        meta = json.load(f)
    with open(base + '.log') as f:
        log = f.read().splitlines()
    if re.search(r'\bdma-(non)?coherent\b', case.fragment):
        raise RuntimeError('a device with dma-coherent or dma-noncoherent: '
                           'module_events() knows only the arch default')
    dtb_path = check_dtb(case, profile, meta)
    cmd = sim_cmd(opts.rmem, profile, meta, dtb_path, module_trace(case, profile))
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    if r.returncode:
        err = (r.stderr.strip().splitlines() or ['(no output)'])[-1]
        raise RuntimeError('rmem sim failed (exit %d): %s' % (r.returncode, err))
    want = module_events(log, ATOMIC_FROM[conf.PROFILES[profile]['arch']])
    implicit = {n for n, evs in want.items() if evs[0][0] == 'implicit init'}
    doc = json.loads(r.stdout)
    got = sim_events(doc, device_regions(log) | region_names(case.fragment),
                     implicit)
    good = n = 0
    diffs = []
    for line in sorted(want):
        for i, w in enumerate(want[line]):
            gl = got.get(line, [])
            g = gl[i] if i < len(gl) else None
            n += 1
            # the page allocator's and the atomic pool's addresses vary from boot to boot
            if w == g or (g and w[:3] == g[:3] and w[2] in ('page allocator', 'atomic pool')):
                good += 1
            else:
                diffs.append('L%d: kernel %s; rmem %s' % (line, describe(w), describe(g)))
    for line in sorted(set(got) - set(want)):
        n += 1
        diffs.append('L%d: kernel (no line); rmem %s' % (line, describe(got[line][0])))
    return good, n, diffs


def cmd_check(opts):
    cases = load_cases(opts.cases)
    if not os.access(opts.rmem, os.X_OK):
        conf.die('no rmem binary at %s' % opts.rmem)
    stats = {p: [0, 0, 0, 0] for p in opts.profiles}     # events good, judged; cases good, judged
    missing = {p: [] for p in opts.profiles}
    fails = []
    for c, p, res in conf.parallel(lambda c, p: check_one(c, p, opts),
                                   conf.jobs_for(cases, opts.profiles), opts.jobs):
        if isinstance(res, Exception):
            res = (0, 1, ['error: %s' % res])
        if res is None:
            missing[p].append(c.name)
            continue
        good, n, diffs = res
        s = stats[p]
        s[0] += good
        s[1] += n
        s[2] += not diffs
        s[3] += 1
        if diffs:
            fails.append((p, c.name, diffs))
    for p, name, diffs in sorted(fails):
        say('DIFF %s %s\n    %s' % (p, name, '\n    '.join(diffs[:opts.show])))
    for p, (good, n, cg, cn) in stats.items():
        if n:
            say('%-15s events %4d/%-4d %6.1f%%   cases %3d/%-3d'
                % (p, good, n, 100.0 * good / n, cg, cn))
    for names in missing.values():
        names.sort()
    conf.report_missing(missing, lambda p: stats[p][3])
    stray = conf.stray_recordings(cases, EXPECTED_DIR) if not opts.cases else []
    for what, why in stray:
        say('FAIL expected/%s: %s' % (what, why))
    # pending profiles: named, never judged; a pending directory the library
    # has caught up with, a bad description or a stray recording fails
    conf.report_pending(cases)
    problems = list(conf.PENDING_PROBLEMS) + (
        [('pending/' + w, y) for w, y in conf.stray_recordings(cases, pending=True)]
        if not opts.cases else [])
    for what, why in problems:
        say('FAIL %s: %s' % (what, why))
    others = [p for p in conf.BUILTIN if p not in RUNTIME_PROFILES]
    if others:
        say('not runtime profiles (%s), not checked: %s' % (
            ', '.join('%s from %d.%d on' % ((a,) + v) for a, v in RUNTIME_SINCE.items()),
            ', '.join(others)))
    total = sum(s[1] for s in stats.values())
    if not total:
        say('nothing recorded to check')
        return 1
    if stray or problems or not all(s[0] == s[1] for s in stats.values()):
        return 1
    return opts.not_recorded_exit if any(missing.values()) else 0


# --------------------------------------------------------------------------
# check-ftrace: rmem sim --ftrace on the kernel's own capture of each run

# an event line of tracefs's trace file: TASK-PID [CPU] ... TIMESTAMP: EVENT: FIELDS
_FT_EVENT_RE = re.compile(r'\s\d+(?:\.\d+)?:\s+(?:\w+:)?(\w+):\s+(.*)$')
_FT_TASK_RE = re.compile(r'^\s*(.*?)\s+\[\d+\]')
_FT_ADDR_RE = re.compile(r'\b(pfn|dma_addr)=(?:0x)?([0-9a-f]+)\b')


# Cases whose runs make a choice no trace event shows: the replay of their
# capture drifts from the kernel, and must (a case that stops drifting on a
# kernel with dma events is stale here, and fails).
FTRACE_UNSEEN = {
    '014-init-by-name': 'the driver inits its second region by name '
                        '(of_reserved_mem_device_init_by_name()): no event says which',
    '015-release-then-alloc': 'of_reserved_mem_device_release() leaves no event: the '
                              'replay keeps using the region',
}


def null_ptr(v):
    return v in ('(null)', '(nil)') or not v.replace('0x', '').strip('0')


def capture_allocs(path, page_size):
    """{line: (event, failed, address)} for the capture's allocations, read
    here on their own (not through rmem): dma_alloc's dma_addr, or
    cma_alloc_finish's (5.10: cma_alloc's) pfn as an address."""
    out = {}
    inner = {}      # per task: its cma allocations since its last other event
    atomic = False  # an atomic dma_alloc since the atomic pool last grew
    events = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            m = _FT_EVENT_RE.search(line)
            if m:
                events.append((n, m.group(1), _FT_TASK_RE.match(line).group(1),
                               dict(w.split('=', 1) for w in m.group(2).split() if '=' in w)))

    def atomic_alloc_next(i):
        # the pool's worker can run before the atomic dma_alloc that
        # scheduled it emits its event (it preempted it)
        for _, ev, task, kv in events[i + 1:]:
            if ev == 'dma_alloc':
                return 'GFP_ATOMIC' in kv.get('flags', '') and task != events[i][2]
            if ev == 'dma_free':
                return False
        return False
    ahead = False   # the pool grew before the atomic dma_alloc that asked it to
    for i, (n, ev, task, kv) in enumerate(events):
        if ev == 'dma_alloc':
            # its own cma_alloc_finish events are judged through it
            for k in inner.pop(task, []):
                del out[k]
            out[n] = (ev, null_ptr(kv.get('virt_addr', '')), int(kv['dma_addr'], 16))
            is_atomic = 'GFP_ATOMIC' in kv.get('flags', '')
            atomic |= is_atomic and not ahead
            ahead &= not is_atomic
        elif ev in ('cma_alloc_finish', 'cma_alloc'):
            if task.startswith('kworker/') and (atomic or atomic_alloc_next(i)):
                # atomic_pool_work_fn() growing the pool: rmem's model
                # grows its pools itself (docs/sim.md), judged by check
                ahead = not atomic
                atomic = False
                continue
            failed = null_ptr(kv.get('page', '')) or kv.get('errorno', '0') != '0'
            out[n] = (ev, failed, int(kv['pfn'], 16) * page_size)
            inner.setdefault(task, []).append(n)
        elif not ev.startswith('cma_'):
            inner.pop(task, None)
    return out


def rewritten(path, out_path):
    """The capture with every pfn and dma_addr moved by the same offset (a
    replay must pair by address only, so it gives the same results)."""
    def move(m):
        width = 'pfn' if m.group(1) == 'pfn' else 'dma'
        off = 0x100000 if width == 'pfn' else 0x100000000
        # modulo 2^64: a failed 6.1 cma_alloc's pfn is -1, and stays no address
        return '%s=%s%x' % (m.group(1), '0x' if m.group(0).startswith(m.group(1) + '=0x') else '',
                            (int(m.group(2), 16) + off) % (1 << 64))
    with open(path) as f, open(out_path, 'w') as o:
        for line in f:
            o.write(_FT_ADDR_RE.sub(move, line) if _FT_EVENT_RE.search(line) else line)


def ftrace_sim(opts, profile, meta, dtb_path, capture):
    cmd = sim_cmd(opts.rmem, profile, meta, dtb_path, capture)
    cmd[-1:-1] = ['--ftrace']
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    if r.returncode:
        err = (r.stderr.strip().splitlines() or ['(no output)'])[-1]
        raise RuntimeError('rmem sim --ftrace failed (exit %d): %s' % (r.returncode, err))
    return json.loads(r.stdout)


def replayed(doc):
    """What rmem's replay gave, per event, without the capture's addresses."""
    return [(e['line'], e['verb'], e['result']['errno'], e['result']['addr'],
             e['result']['allocator'], e['result']['area']) for e in doc['events']]


def check_ftrace_one(case, profile, opts, kind='.ftrace'):
    """Returns (allocations judged and matching, judged, differences), or None.
    @kind: '.ftrace' (capture's NAME.ftrace) or '.trace-cmd' (capture-trace-cmd's
    NAME.trace-cmd.ftrace, whose NAME.trace-cmd must replay the same)."""
    base = os.path.join(conf.recording_dir(profile), case.name)
    capture = base + ('.ftrace' if kind == '.ftrace' else '.trace-cmd.ftrace')
    if not (os.path.exists(capture) and os.path.exists(base + kind + '.json')):
        return None
    with open(base + kind + '.json') as f:
        meta = json.load(f)
    dtb_path = check_dtb(case, profile, meta)
    doc = ftrace_sim(opts, profile, meta, dtb_path, capture)
    d = os.path.join(conf.WORK, 'ftrace', profile)
    os.makedirs(d, exist_ok=True)
    moved = os.path.join(d, case.name + kind + '.moved.ftrace')
    rewritten(capture, moved)
    diffs, moved_diff = [], []
    if replayed(ftrace_sim(opts, profile, meta, dtb_path, moved)) != replayed(doc):
        moved_diff.append('the capture with its addresses moved replays differently')
    if kind == '.trace-cmd':
        moved_diff += tracecmd_diffs(opts, profile, meta, dtb_path, base + kind, doc)
    page = conf.PROFILES[profile]['page_kib'] * 1024
    want = capture_allocs(capture, page)
    got = {e['line']: e for e in doc['events'] if e['verb'] in ('alloc', 'cma alloc')}
    good = n = 0
    for line, (ev, failed, addr) in sorted(want.items()):
        g = got.get(line)
        if g is None:
            n += 1
            diffs.append('L%d %s: kernel %s; rmem did not replay it' % (
                line, ev, 'failed' if failed else '0x%x' % addr))
            continue
        res = g['result']
        if not failed and not res['errno'] and res['addr'] is None:
            continue        # the page allocator's or an atomic pool's: varies from boot to boot
        n += 1
        if failed == bool(res['errno']) and (failed or res['addr'] == addr):
            good += 1
        else:
            diffs.append('L%d %s: kernel %s; rmem %s' % (
                line, ev, 'failed' if failed else '0x%x' % addr,
                res['errno'] or '0x%x' % res['addr']))
    if case.name in FTRACE_UNSEEN and 'dma' in meta.get('events_enabled', []):
        if not diffs:
            return good, n, moved_diff + ['stale: no drift any more, yet FTRACE_UNSEEN says: '
                                          + FTRACE_UNSEEN[case.name]]
        return good, n, moved_diff, diffs
    return good, n, moved_diff + diffs


def tracecmd_diffs(opts, profile, meta, dtb_path, report, doc):
    """`trace-cmd report` of the run against tracefs's trace file of the same
    ring buffer: the same events replayed alike (their line numbers aside)."""
    got = ftrace_sim(opts, profile, meta, dtb_path, report)
    # all rmem made of each event, what the board got (as rmem read it) too
    same = lambda d: [json.dumps({k: v for k, v in e.items() if k not in ('line', 'tag')},  # noqa: E731
                                 sort_keys=True) for e in d['events']]
    a, b = same(doc), same(got)
    if a == b:          # both empty too: 6.1's no-map pools leave no event
        return []
    for i, (x, y) in enumerate(zip(a + [None] * len(b), b + [None] * len(a))):
        if x != y:
            return ['trace-cmd report replays differently from tracefs at event %d: %s, not %s'
                    % (i + 1, y, x)]
    return []


def check_ftrace_tally(c, label, res, stats, known, fails):
    """check_ftrace_one()'s result @res into @stats (by profile), @known, @fails."""
    p = label.split()[0]
    good, n, diffs = res[:3]
    if len(res) > 3:            # drift no event could have prevented
        known.append((label, c.name, res[3]))
        n -= len(res[3])
    stats[p][0] += good
    stats[p][1] += n
    stats[p][2] += 1
    if diffs:
        fails.append((label, c.name, diffs))


def cmd_check_ftrace(opts):
    cases = load_cases(opts.cases)
    if not os.access(opts.rmem, os.X_OK):
        conf.die('no rmem binary at %s' % opts.rmem)
    stats = {p: [0, 0, 0] for p in opts.profiles}     # allocations good, judged; captures
    fails, known = [], []
    stats_tc = {p: [0, 0, 0] for p in opts.profiles}   # the same for capture-trace-cmd's

    def both(c, p):
        # one after the other: both rebuild the case's DTB at the same path
        out = []
        for kind in ('.ftrace', '.trace-cmd'):
            try:
                out.append((kind, check_ftrace_one(c, p, opts, kind)))
            except Exception as e:          # noqa: BLE001 - reported as the case's error
                out.append((kind, (0, 1, ['error: %s' % e])))
        return out
    for c, p, results in conf.parallel(both, conf.jobs_for(cases, opts.profiles), opts.jobs):
        if isinstance(results, Exception):
            results = [('.ftrace', (0, 1, ['error: %s' % results]))]
        for kind, res in results:
            if res is not None:
                check_ftrace_tally(c, p if kind == '.ftrace' else p + ' (trace-cmd)', res,
                                   stats if kind == '.ftrace' else stats_tc, known, fails)
    for p, name, drift in sorted(known):
        say('KNOWN %s %s: %d allocations drift as expected: %s'
            % (p, name, len(drift), FTRACE_UNSEEN[name]))
    for p, name, diffs in sorted(fails):
        say('DIFF %s %s\n    %s' % (p, name, '\n    '.join(diffs[:opts.show])))
    for p, (good, n, caps) in stats.items():
        if caps:
            say('%-15s allocations %4d/%-4d at the kernel\'s address   captures %3d'
                % (p, good, n, caps))
    for p, (good, n, caps) in stats_tc.items():
        if caps:
            say('%-15s allocations %4d/%-4d at the kernel\'s address   trace-cmd captures %3d '
                '(report replayed as tracefs\'s)' % (p, good, n, caps))
    if not sum(s[1] for s in stats.values()):
        say('no capture to check (run.py capture)')
        return 1
    return 1 if fails else 0


def cmd_list(opts):
    for c in load_cases(opts.cases):
        print('%-36s %-24s %d trace lines' % (c.name, ' '.join(c.profiles), len(c.trace)))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)

    def common(sp, jobs=True, pending=True):
        sp.add_argument('--profile', '-p', action='append', dest='profiles',
                        help='a runtime profile or a group of tests/conformance/run.py '
                        '(repeatable); default: the built-in ones with 4K pages (record, '
                        'verify), all built-in ones (check); `run.py profiles --all` lists them')
        if pending:
            conf.add_pending_option(sp)     # `run.py profiles --pending` lists them
        conf.support_profiles.add_rmem_option(sp)
        if jobs:
            sp.add_argument('--jobs', '-j', type=int, default=2)
    sp = sub.add_parser('record', help='boot the kernels, write expected/')
    common(sp)
    sp.add_argument('--timeout', type=float, default=None)
    sp.add_argument('--no-build', action='store_true', help='do not (re)build the module')
    sp.add_argument('cases', nargs='*', metavar='CASE')
    sp = sub.add_parser('capture', help='boot the kernels with their cma and dma trace events '
                        'on, write expected/PROFILE/NAME.ftrace')
    common(sp)
    sp.add_argument('--timeout', type=float, default=None)
    sp.add_argument('--no-build', action='store_true', help='do not (re)build the module')
    sp.add_argument('cases', nargs='*', metavar='CASE')
    sp = sub.add_parser('capture-trace-cmd', help='boot the kernels with their cma and dma '
                        'trace events on, write expected/PROFILE/NAME.trace-cmd (trace-cmd '
                        'report) and NAME.trace-cmd.ftrace (tracefs) of the same run')
    common(sp)
    sp.add_argument('--timeout', type=float, default=None)
    sp.add_argument('--no-build', action='store_true', help='do not (re)build the module')
    sp.add_argument('cases', nargs='*', metavar='CASE')
    sp = sub.add_parser('verify', help='boot again, compare with expected/')
    common(sp)
    sp.add_argument('--timeout', type=float, default=None)
    sp.add_argument('--no-build', action='store_true')
    sp.add_argument('cases', nargs='*', metavar='CASE')
    sp = sub.add_parser('check', help='compare rmem sim with expected/ (needs dtc and rmem only); '
                        'name the pending profiles')
    common(sp, pending=False)
    sp.add_argument('--show', type=int, default=3, help='differences shown per case (default 3)')
    sp.add_argument('--not-recorded-exit', type=int, default=0, metavar='CODE',
                    help='the exit status when every comparison passed but a runtime profile '
                    'has a case without a recording (default 0: only reported)')
    sp.add_argument('cases', nargs='*', metavar='CASE')
    sp = sub.add_parser('check-ftrace', help='replay each capture with rmem sim --ftrace and '
                        'compare its addresses with the kernel\'s (needs dtc and rmem only)')
    common(sp, pending=False)
    sp.add_argument('--show', type=int, default=3, help='differences shown per case (default 3)')
    sp.add_argument('cases', nargs='*', metavar='CASE')
    sp = sub.add_parser('list', help='the cases')
    common(sp, jobs=False, pending=False)
    sp.add_argument('cases', nargs='*', metavar='CASE')
    sp = sub.add_parser('profiles', help='the profiles record takes by default, one a line')
    common(sp, jobs=False, pending=False)
    g = sp.add_mutually_exclusive_group()
    g.add_argument('--all', action='store_true', help='every built-in runtime profile')
    g.add_argument('--pending', action='store_true', help='the pending runtime profiles')
    opts = ap.parse_args()
    init_profiles(opts.rmem)
    if opts.cmd == 'profiles':
        print('\n'.join([p for p in RUNTIME_PROFILES if conf.is_pending(p)] if opts.pending
                        else builtin_runtime_profiles() if opts.all else DEFAULT_PROFILES))
        return 0
    if opts.cmd == 'check':
        if os.environ.get('RMEM_CONFORMANCE_WORK'):     # the DTBs: in a scratch directory
            conf.WORK = os.path.join(os.environ['RMEM_CONFORMANCE_WORK'], 'runtime')
        opts.profiles = select_profiles(opts.profiles, builtin_runtime_profiles())
        return cmd_check(opts)
    if opts.cmd == 'check-ftrace':
        if os.environ.get('RMEM_CONFORMANCE_WORK'):
            conf.WORK = os.path.join(os.environ['RMEM_CONFORMANCE_WORK'], 'runtime')
        opts.profiles = select_profiles(opts.profiles, builtin_runtime_profiles())
        return cmd_check_ftrace(opts)
    if opts.cmd in ('record', 'verify', 'capture', 'capture-trace-cmd'):
        if opts.pending and opts.profiles:
            conf.die('--profile and --pending: one or the other')
        opts.profiles = select_profiles(opts.profiles, DEFAULT_PROFILES, opts.pending)
        if opts.cmd == 'capture':
            return cmd_record(opts, capture_one)
        if opts.cmd == 'capture-trace-cmd':
            return cmd_record(opts, capture_tracecmd_one)
        return cmd_record(opts) if opts.cmd == 'record' else cmd_verify(opts)
    return cmd_list(opts)


if __name__ == '__main__':
    sys.exit(main())
