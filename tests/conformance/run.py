#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Conformance: the real kernel is the judge.

    run.py record [--profile P ... | --pending P ...] [--jobs N] [CASE ...]
    run.py check  [--profile P ...] [--jobs N] [--rmem PATH] [--quick] [CASE ...]
    run.py verify [--profile P ... | --pending P ...] [--jobs N] [--quick] [CASE ...]
    run.py verify-early [--profile P ... | --pending P ...] [--case NAME]
    run.py reextract [--profile P ... | --pending P ...] [CASE ...]
    run.py build | list [--profile P ... | --pending P ...] [CASE ...]

A case (cases/NAME.case) is a DTS fragment with a few "# key: value" header
lines; see docs/conformance.md.  `record` builds the case's DTB on top of
QEMU's own virt DTB, boots each profile's Debian kernel on it under QEMU and
keeps the kernel's reserved-memory/CMA lines as expected/PROFILE/NAME.log,
with NAME.meta.json beside it.  `check` runs `rmem plan` on the same DTB and
compares; `verify` boots again and compares with what was recorded.

A kernel recorded ahead of being modelled is a pending profile:
pending/PROFILE/profile.json describes it (arch, version, page size, the
Debian package), `record --pending PROFILE` boots it and writes
pending/PROFILE/NAME.{log,meta.json}, and `check` names it (PENDING) without
judging it.  Once the library has the profile, moving the directory to
expected/ is the whole step.

Python 3 standard library only; needs qemu-system-aarch64, qemu-system-arm,
qemu-system-riscv64 (with OpenSBI) and dtc.

A case with a "boards:" line runs on QEMU's models of real boards (BOARDS)
instead, with the board DTB of the profile's Debian package and an
initramfs; rmem plans from the DTB the kernel received (-machine dumpdtb),
told nothing about the initrd.

Binary artefacts (base DTBs, case DTBs, console logs) live in the work
directory $RMEM_CONFORMANCE_WORK (default /var/cache/rmem/conformance),
never in the repository.
"""

import argparse
import concurrent.futures
import glob
import gzip
import hashlib
import json
import os
import re
import select
import shlex
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.dont_write_bytecode = True      # nothing of ours in tests/support/
sys.path.insert(0, os.path.join(REPO, 'tests', 'support'))
import profiles as support_profiles  # noqa: E402
CASES_DIR = os.path.join(HERE, 'cases')
EXPECTED_DIR = os.path.join(HERE, 'expected')
PENDING_DIR = os.path.join(HERE, 'pending')
PENDING_DESC = 'profile.json'   # a profile's description, in pending/PROFILE/ (and kept on the move)
WORK = os.environ.get('RMEM_CONFORMANCE_WORK', '/var/cache/rmem/conformance')

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
RAM_BASE = 0x40000000           # QEMU virt, both arm and aarch64 (riscv64: BOOT's ram_base)

# The profiles: the built-in ones of the rmem binary (`rmem profiles`), in
# its order, filled in by init_profiles() before anything else runs, then
# the pending ones (pending/*/profile.json: kernels recorded ahead of being
# modelled), which carry 'pending': True and which only --pending selects.
# How QEMU boots a profile's kernel follows from its properties: the arch's
# emulator, CPU, console and firmware; a 16K-page arm64 kernel needs a CPU
# with 16K granules (cortex-a57 has 4K and 64K only), "max", which TCG runs
# slower.  A profile of an arch without an entry here can be checked, not
# recorded.
PROFILES = {}
GROUPS = {}
BUILTIN = []            # the rmem binary's profiles, in its order
PENDING_PROBLEMS = []   # pending/ directories check must fail on: (what, why)
# The base command line of the arm arches is also the one every recording
# of expected/ was made with: keep it byte for byte.
ARM_CMDLINE = 'console=ttyAMA0 earlycon=pl011,0x9000000 panic=-1 loglevel=8 ignore_loglevel nokaslr'
BOOT = {
    'arm64': dict(qemu='qemu-system-aarch64', cpu='cortex-a57', timeout=90,
                  ram_base=0x40000000, cmdline=ARM_CMDLINE),
    'arm': dict(qemu='qemu-system-arm', cpu='cortex-a15', timeout=180,
                ram_base=0x40000000, cmdline=ARM_CMDLINE),
    # QEMU's virt board with OpenSBI as the M-mode firmware (QEMU's
    # -kernel/-dtb boot: fw_dynamic needs the next stage's address that
    # QEMU's reset vector passes it); the kernel's console is the 16550 and
    # its early console SBI's.
    'riscv64': dict(qemu='qemu-system-riscv64', cpu='rv64', timeout=120,
                    ram_base=0x80000000,
                    bios='/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin',
                    cmdline='console=ttyS0 earlycon=sbi panic=-1 loglevel=8 ignore_loglevel nokaslr'),
}


# Real board models (a case's "boards:" line, docs/conformance.md "Board
# models"): QEMU's machine, the DTB of the profile's Debian kernel package
# it boots with (under usr/lib/linux-image-*/ or usr/lib/modules/*/dtb/),
# its console (QEMU's serial port @serial), the RAM QEMU gives it and where
# that starts (QEMU's loader_start, from which its -kernel boot counts), and
# which profiles' kernels run on it: Debian's flavour for its CPU.  A
# profile the board cannot run is named with the reason (skip).
_A53 = ('QEMU\'s model has Cortex-A53 cores, which have no 16K translation granule: '
        'Debian\'s arm64-16k flavour does not boot on it')
_ARM64 = dict(qemu='qemu-system-aarch64', loader=0, profiles='arm64', skip={'arm64-16k': _A53})
# Cortex-A7/A15: Debian's armmp-lpae flavour; Cortex-A8/A9: its plain armmp
_LPAE = dict(qemu='qemu-system-arm', profiles='armhf', skip={
    'armhf-6.1-nolpae armhf-6.12-nolpae': 'Debian\'s armmp-lpae flavour, for Cortex-A7/A15 boards'})
_NOLPAE = dict(qemu='qemu-system-arm', profiles='armhf', skip={
    'armhf-6.1 armhf-6.12': 'a Cortex-A8/A9 board: Debian\'s plain armmp flavour (no LPAE)'})
BOARDS = {
    'raspi3b': dict(_ARM64, dtb='broadcom/bcm2837-rpi-3-b.dtb', console='ttyAMA0',
                    earlycon='pl011,0x3f201000', mem=None, ram=GiB),
    'xlnx-zcu102': dict(_ARM64, dtb='xilinx/zynqmp-zcu102-rev1.0.dtb', console='ttyPS0',
                        earlycon='cdns,0xff000000', mem='2G', ram=2 * GiB),
    'vexpress-a15': dict(_LPAE, dtb='vexpress-v2p-ca15-tc1.dtb', console='ttyAMA0',
                         earlycon='pl011,0x1c090000', mem='1G', ram=GiB, loader=0x80000000),
    'orangepi-pc': dict(_LPAE, dtb='sun8i-h3-orangepi-pc.dtb', console='ttyS0',
                        earlycon='uart,mmio32,0x01c28000', mem=None, ram=GiB, loader=0x40000000),
    'mcimx7d-sabre': dict(_LPAE, dtb='imx7d-sdb.dtb', console='ttymxc0', earlycon=None,
                          mem='1G', ram=GiB, loader=0x80000000),
    'vexpress-a9': dict(_NOLPAE, dtb='vexpress-v2p-ca9.dtb', console='ttyAMA0',
                        earlycon='pl011,0x10009000', mem='1G', ram=GiB, loader=0x60000000),
    'sabrelite': dict(_NOLPAE, dtb='imx6q-sabrelite.dtb', console='ttymxc1', serial=1,
                      earlycon=None, mem='1G', ram=GiB, loader=0x10000000),
    'cubieboard': dict(_NOLPAE, dtb='sun4i-a10-cubieboard.dtb', console='ttyS0', earlycon=None,
                       mem='1G', ram=GiB, loader=0x40000000),
}
BOARD_INITRD = 4 * MiB          # the initramfs a board case boots with, unless "initrd:"
BOARDS_DIR = os.path.join(HERE, 'boards')


def boot_settings(prop):
    b = dict(BOOT.get(prop['arch'], dict(qemu=None, cpu=None, timeout=None,
                                         ram_base=RAM_BASE, cmdline=ARM_CMDLINE)))
    if prop['arch'] == 'arm64' and prop['page_kib'] == 16:
        b.update(cpu='max', timeout=180)
    return b


def read_pending(builtin):
    """{name: properties} of the pending profiles (pending/*/profile.json);
    the problems go to PENDING_PROBLEMS."""
    out = {}
    if not os.path.isdir(PENDING_DIR):
        return out
    for d in sorted(os.listdir(PENDING_DIR)):
        path = os.path.join(PENDING_DIR, d)
        if not os.path.isdir(path):
            continue
        if d in builtin:
            PENDING_PROBLEMS.append(('pending/%s' % d, 'the library has %s now: move the '
                                     'directory to expected/ (git mv %s %s)' % (
                                         d, os.path.relpath(path, REPO),
                                         os.path.relpath(os.path.join(EXPECTED_DIR, d), REPO))))
            continue
        try:
            desc = read_desc(os.path.join(path, PENDING_DESC), d)
        except ValueError as e:
            PENDING_PROBLEMS.append(('pending/%s' % d, str(e)))
            continue
        out[d] = dict(arch=desc['arch'], version=desc['version'], page_kib=desc['page_kib'],
                      pending=True, desc=desc)
    return out


def read_desc(path, name):
    """A profile's description file: {profile, arch, version (major, minor),
    page_kib, ...}; ValueError when it is missing or wrong."""
    try:
        with open(path) as f:
            desc = json.load(f)
    except (OSError, ValueError) as e:
        raise ValueError('%s: cannot read the description: %s' % (os.path.relpath(path, HERE), e))
    try:
        if desc['profile'] != name:
            raise ValueError('names profile %r' % desc['profile'])
        v = re.fullmatch(r'(\d+)\.(\d+)', desc['kernel_version'])
        if not v or desc['arch'] not in BOOT or desc['page_kib'] not in (4, 16, 64):
            raise ValueError('wants "arch" one of %s, "kernel_version" MAJOR.MINOR, '
                             '"page_kib" 4, 16 or 64' % ', '.join(BOOT))
        desc['version'] = (int(v.group(1)), int(v.group(2)))
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError('%s: %s' % (os.path.relpath(path, HERE), e))
    return desc


def init_profiles(rmem, pending=False):
    """PROFILES and GROUPS from the rmem binary at @rmem, and with @pending
    the pending profiles of pending/ after them."""
    try:
        found = support_profiles.load(rmem)
    except support_profiles.ProfileError as e:
        die(str(e))
    PROFILES.clear()
    BUILTIN[:] = list(found)
    for name, prop in found.items():
        PROFILES[name] = dict(prop, **boot_settings(prop))
    del PENDING_PROBLEMS[:]
    if pending:
        for name, prop in read_pending(found).items():
            PROFILES[name] = dict(prop, **boot_settings(prop))
    GROUPS.clear()
    GROUPS.update(support_profiles.groups(PROFILES))


def is_pending(profile):
    return PROFILES[profile].get('pending', False)


def recording_dir(profile):
    """Where a profile's recordings are: expected/PROFILE, or pending/PROFILE."""
    return os.path.join(PENDING_DIR if is_pending(profile) else EXPECTED_DIR, profile)


def need_boot(profile):
    """Dies unless QEMU can boot @profile's kernel (record, verify)."""
    if not PROFILES[profile]['qemu']:
        die('%s: no QEMU settings for arch %s (BOOT in tests/conformance/run.py)'
            % (profile, PROFILES[profile]['arch']))


# The kernel command line every case starts with (BOOT's cmdline: the
# arch's console).  An explicit earlycon makes the console live from
# parse_early_param() on, so an early panic is seen (arm64's bare "earlycon"
# waits for ACPI SPCR, after paging_init(); arm64 7.2 registers it late).
BASE_CMDLINE = ARM_CMDLINE

# The judged lines: their text (after the timestamp) begins with one of these.
# "OF: fdt: Reserved memory: " is how 5.10 and 6.1 print the reg-region
# lines of drivers/of/fdt.c (6.12 moved them to of_reserved_mem.c).
PREFIXES = ('Reserved memory: ', 'OF: reserved mem: ', 'cma: ', 'OF: fdt: Reserved memory: ',
            'INITRD: ')
# A record the kernel prints in two lines: the second has no prefix of its own.
CONTINUED = ('OF: reserved mem: OVERLAP DETECTED!',)

STOP_MARK = 'DMA: preallocated'
PANIC_MARK = 'Kernel panic - not syncing'
OOPS_MARKS = re.compile(r'Internal error: |Unable to handle kernel |kernel BUG at |BUG: ')
IDLE_SECONDS = 30       # a console silent this long after it started: hung
# the board models' sound devices (vexpress's lm4549) would fill the console
# with ALSA's complaints before the kernel says a word
os.environ.setdefault('QEMU_AUDIO_DRV', 'none')
TS_RE = re.compile(r'^\[\s*\d+\.\d+\]\s?')

_print_lock = threading.Lock()


def say(*a):
    with _print_lock:
        print(*a, flush=True)


def die(msg):
    print('run.py: ' + msg, file=sys.stderr)
    sys.exit(2)


# --------------------------------------------------------------------------
# sizes and numbers

def parse_size(s):
    """'64M', '0x1000', '1G', '4096' -> int (memparse-like suffixes K M G T)."""
    s = s.strip()
    m = re.fullmatch(r'(0[xX][0-9a-fA-F]+|\d+)\s*([KkMmGgTt]?)(?:i?[Bb])?', s)
    if not m:
        raise ValueError('bad size %r' % s)
    v = int(m.group(1), 0)
    return v << {'': 0, 'k': 10, 'm': 20, 'g': 30, 't': 40}[m.group(2).lower()]


def qemu_mem_arg(ram):
    """The -m argument for a byte count."""
    if ram % GiB == 0:
        return '%dG' % (ram // GiB)
    return '%dM' % (ram // MiB)


def align_up(x, a):
    return (x + a - 1) & ~(a - 1)


def hx(v):
    return '0x%x' % v


# --------------------------------------------------------------------------
# cases

WARNING_PREFIX = 'rmem plan: warning: '


class Case:
    KEYS = ('profiles', 'ram', 'cmdline', 'memory', 'memreserve', 'probes', 'timeout', 'warning',
            'skip', 'initrd', 'boards')
    # keys whose lines stay apart, one value each, instead of being joined
    LIST_KEYS = ('warning', 'skip')

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-len('.case')]
        self.hdr = {}
        self.warnings = None        # [(profiles or None, text)]; None: not checked
        self.skips = []             # [(profiles, reason)]: "# skip[PROFILES]: REASON"
        body = []
        in_header = True
        with open(path) as f:
            for line in f:
                if in_header:
                    m = re.match(r'#\s*([a-z-]+)(?:\[([^\]]*)\])?\s*:\s*(.*?)\s*$', line)
                    if m and m.group(1) in self.KEYS and (m.group(2) is None
                                                          or m.group(1) in self.LIST_KEYS):
                        k = m.group(1)
                        if k in self.LIST_KEYS:
                            self._list_value(k, m.group(2), m.group(3))
                            continue
                        # a key may be continued on further "# key: ..." lines
                        self.hdr[k] = (self.hdr[k] + ' ' + m.group(3)) if k in self.hdr else m.group(3)
                        continue
                    if line.startswith('#') or not line.strip():
                        continue
                    in_header = False
                body.append(line)
        self.fragment = ''.join(body)
        self.ram = parse_size(self.hdr.get('ram', '1G'))
        self.cmdline = self.hdr.get('cmdline', '')
        self.memory = self._ranges(self.hdr.get('memory'))
        self.memreserve = self._ranges(self.hdr.get('memreserve'))
        self.timeout = float(self.hdr['timeout']) if 'timeout' in self.hdr else None
        # "initrd: SIZE": an initramfs of SIZE bytes where QEMU puts one,
        # named in /chosen (virt_initrd_addr()); a board case always boots one
        self.initrd_size = parse_size(self.hdr['initrd']) if 'initrd' in self.hdr else 0
        # "boards: all | MACHINE ...": a board case (BOARDS), run on each
        # board named, as NAME@MACHINE (load_cases())
        self.boards = None
        if 'boards' in self.hdr:
            words = re.split(r'[\s,]+', self.hdr['boards'].strip())
            self.boards = list(BOARDS) if words == ['all'] else words
            bad = [w for w in self.boards if w not in BOARDS]
            if bad:
                raise ValueError('%s: unknown board %s (BOARDS: %s)' % (path, bad[0], ', '.join(BOARDS)))
        self.board = None
        self.profiles = self._profiles(self.hdr.get('profiles', 'all'))
        self.skipped = {}           # {profile: reason} of the profiles the skips leave out
        for sel, reason in self.skips:
            for p in sel:
                if p in self.profiles:
                    self.skipped.setdefault(p, reason)
        self.profiles = [p for p in self.profiles if p not in self.skipped]

    def _list_value(self, key, sel, text):
        """One "# warning: TEXT" or "# warning[PROFILES]: TEXT" line; "none"
        only says that the case's warnings are checked.  "# skip[PROFILES]:
        REASON" leaves those profiles out, for that reason."""
        if key == 'skip':
            if sel is None or not text:
                raise ValueError('%s: "# skip[PROFILES]: REASON" needs both' % self.path)
            self.skips.append((self._profiles(sel), text))
            return
        if self.warnings is None:
            self.warnings = []
        if text == 'none':
            return
        self.warnings.append((self._profiles(sel) if sel is not None else None, text))

    def expected_warnings(self, profile):
        """The warning lines rmem must print on @profile, in order, without
        the "rmem plan: warning: " prefix; None when the case says nothing."""
        if self.warnings is None:
            return None
        return [t for sel, t in self.warnings if sel is None or profile in sel]

    def _ranges(self, text):
        """'0x40000000 256M, 0x60000000 0x1000' -> [(base, size), ...]"""
        if not text:
            return None
        out = []
        for item in text.split(','):
            parts = item.split()
            if len(parts) != 2:
                raise ValueError('%s: bad range %r (want "BASE SIZE")' % (self.path, item))
            out.append((parse_size(parts[0]), parse_size(parts[1])))
        return out

    def _profiles(self, text):
        sel = []
        for w in re.split(r'[\s,]+', text.strip()):
            if not w:
                continue
            neg = w.startswith('!')
            w = w.lstrip('!')
            names = GROUPS.get(w, [w] if w in PROFILES else None)
            if names is None and GROUP_WORD.fullmatch(w):
                names = []          # a group none of the loaded profiles is in
            if names is None:
                raise ValueError('%s: unknown profile %r' % (self.path, w))
            if neg:
                if not sel:
                    sel = list(PROFILES)
                sel = [p for p in sel if p not in names]
            else:
                sel += [p for p in names if p not in sel]
        return [p for p in PROFILES if p in sel]


# A word of a "profiles:" or "skip[...]" selection that names a group by
# its form (an arch, an arch and page size, a kernel version) selects no
# profile when none of the loaded ones is in it (a riscv64 case, say, with no
# riscv64 profile built in or pending), where an unknown name is an error.
GROUP_WORD = re.compile(r'(arm64|armhf|riscv64)(-\d+k)?|\d+\.\d+')


def select_profiles(words, pending=None):
    """The profiles the --profile words name (profiles or groups), in
    PROFILES' order: built-in ones only; with @pending (the --pending
    words), the pending ones those name, instead."""
    if pending:
        sel = []
        for p in pending:
            names = [n for n in GROUPS.get(p, [p]) if n in PROFILES and is_pending(n)]
            if not names:
                die('no pending profile %s (those of %s: %s)' % (
                    p, os.path.relpath(PENDING_DIR), ', '.join(
                        n for n in PROFILES if is_pending(n)) or 'none'))
            sel += [n for n in names if n not in sel]
        return [p for p in PROFILES if p in sel]
    sel = []
    for p in words or ['all']:
        names = GROUPS.get(p, [p] if p in PROFILES else None)
        if names is None:
            die('unknown profile %s (the built-in ones: %s)' % (p, ', '.join(BUILTIN)))
        if names and all(is_pending(n) for n in names):
            die('%s is pending, not built in: --pending %s' % (p, p))
        sel += [n for n in names if n not in sel]
    return [p for p in PROFILES if p in sel and not is_pending(p)]


def board_cases(case):
    """A board case on each of its boards, as NAME@MACHINE: the profiles
    the case selects that run on the board, and the skipped ones why."""
    import copy
    out = []
    for board in case.boards:
        bd = BOARDS[board]
        bc = copy.copy(case)
        bc.name, bc.board, bc.ram = '%s@%s' % (case.name, board), board, bd['ram']
        runs = case._profiles(bd['profiles'])
        bc.skipped = {p: why for p, why in case.skipped.items() if p in runs}
        for words, why in bd.get('skip', {}).items():
            for p in case._profiles(words):
                if p in runs and p not in case.skipped and p in PROFILES:
                    bc.skipped.setdefault(p, why)
        bc.profiles = [p for p in case.profiles if p in runs and p not in bc.skipped]
        out.append(bc)
    return out


def load_cases(names):
    paths = sorted(glob.glob(os.path.join(CASES_DIR, '*.case')))
    try:
        cases = []
        for c in (Case(p) for p in paths):
            cases += board_cases(c) if c.boards else [c]
    except ValueError as e:
        die(str(e))
    if not names:
        return cases
    out = []
    for n in names:
        n = os.path.basename(n)
        if n.endswith('.case'):
            n = n[:-5]
        hit = [c for c in cases if c.name == n] or [c for c in cases if c.name.startswith(n)]
        if not hit:
            die('no case %s' % n)
        out += [c for c in hit if c not in out]
    return out


# --------------------------------------------------------------------------
# kernels

_kernels = {}
_kernels_lock = threading.Lock()


def kernel(profile):
    """The profile's kernel files, via fetch-kernels.sh (fast when cached)."""
    need_boot(profile)
    with _kernels_lock:
        if profile in _kernels:
            return _kernels[profile]
        r = subprocess.run([os.path.join(HERE, 'fetch-kernels.sh'), profile],
                           stdout=subprocess.PIPE, text=True)
        line = [l for l in r.stdout.splitlines() if l.startswith(profile + ' ')]
        if r.returncode or not line:
            die('fetch-kernels.sh could not provide %s' % profile)
        d = line[0].split(' ', 1)[1]

        def one(*pats):
            for pat in pats:
                g = sorted(glob.glob(os.path.join(d, pat)))
                if g:
                    return g[0]
            return None
        # up to 6.x: boot/vmlinuz-VER (riscv64: vmlinux-VER), config-VER,
        # System.map-VER; from 7.x (linux-binary-VER and linux-base-VER):
        # usr/lib/modules/VER/{vmlinuz,config,System.map} (the image is
        # vmlinuz.unsigned in linux-binary-unsigned-VER)
        k = dict(dir=d, package=os.path.basename(d),
                 vmlinuz=one('boot/vmlinuz-*', 'boot/vmlinux-*', 'usr/lib/modules/*/vmlinuz',
                             'usr/lib/modules/*/vmlinuz.*'),
                 config=one('boot/config-*', 'usr/lib/modules/*/config'),
                 sysmap=one('boot/System.map-*', 'usr/lib/modules/*/System.map'))
        if not (k['vmlinuz'] and k['config']):
            die('%s: no kernel image or config under %s' % (profile, d))
        if os.path.basename(k['vmlinuz']).startswith('vmlinuz.') or \
                os.path.basename(k['vmlinuz']) == 'vmlinuz':
            k['release'] = os.path.basename(os.path.dirname(k['vmlinuz']))
        else:
            k['release'] = os.path.basename(k['vmlinuz']).split('-', 1)[1]
        k['image_file'] = os.path.relpath(k['vmlinuz'], d)
        debs = glob.glob(os.path.join(os.path.dirname(os.path.dirname(d)), 'debs',
                                      k['package'] + '_*.deb'))
        k['package_version'] = os.path.basename(debs[0]).split('_')[1] if debs else None
        k['image'] = kernel_image_info(profile, k)
        _kernels[profile] = k
        return k


def read_sysmap(path):
    """{symbol: address} of a real System.map; None for Debian's stub."""
    syms = {}
    if not path:
        return None
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == 3:
                syms[p[2]] = int(p[0], 16)
    return syms if '_end' in syms else None


def config_value(k, name):
    with open(k['config']) as f:
        for line in f:
            if line.startswith(name + '='):
                return line.split('=', 1)[1].strip()
    return None


def kernel_image_info(profile, k):
    """What the image file says about itself (header fields), not the boot log."""
    p = PROFILES[profile]
    with open(k['vmlinuz'], 'rb') as f:
        data = f.read()
    info = {}
    if p['arch'] == 'riscv64':
        # arch/riscv/include/asm/image.h: code0, code1, text_offset,
        # image_size (_end - _start), flags, version, res1, res2, magic,
        # magic2 "RSC\x05"
        if data[56:60] != b'RSC\x05':
            die('%s: not a riscv Image' % k['vmlinuz'])
        text_offset, image_size, flags = struct.unpack_from('<QQQ', data, 8)
        info.update(load_file=k['vmlinuz'], text_offset=text_offset, image_size=image_size,
                    flags=flags, file_size=len(data))
    elif p['arch'] == 'arm64':
        if data[:2] == b'\x1f\x8b':        # a gzipped Image: QEMU gunzips it, so do we
            data = gzip.decompress(data)
            path = os.path.join(WORK, 'images', k['release'] + '.Image')
            if not os.path.exists(path):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path + '.tmp', 'wb') as f:
                    f.write(data)
                os.rename(path + '.tmp', path)
            info['load_file'] = path
        else:
            info['load_file'] = k['vmlinuz']
        if data[56:60] != b'ARM\x64':
            die('%s: not an arm64 Image (EFI zboot images are not handled)' % k['vmlinuz'])
        text_offset, image_size, flags = struct.unpack_from('<QQQ', data, 8)
        info.update(text_offset=text_offset, image_size=image_size, flags=flags,
                    file_size=len(data))
    else:
        magic, start, end, _endian, magic2, table = struct.unpack_from('<6I', data, 0x24)
        if magic != 0x016f2818:
            die('%s: not a zImage' % k['vmlinuz'])
        n, klsz, piggy_size_addr, bss, text_offset, malloc = struct.unpack_from('<6I', data, table)
        if klsz != 0x5a534c4b:
            die('%s: zImage without the KLSZ table' % k['vmlinuz'])
        decompressed = struct.unpack_from('<I', data, piggy_size_addr)[0]
        info.update(load_file=k['vmlinuz'], file_size=len(data), text_offset=text_offset,
                    decompressed_size=decompressed, bss_size=bss)
    return info


# --------------------------------------------------------------------------
# where things go: the same rules as QEMU's -kernel boot (hw/arm/boot.c)

def layout(profile, k, ram, memory, initrd_size=0, loader=None):
    """Addresses of the boot stub, the kernel file, the DTB, and the kernel's
    early reservations (computed from the image, never read back).  With
    @initrd_size, the initrd where QEMU puts one (virt_initrd_addr()) and
    the DTB after it; @loader: where QEMU's -kernel boot counts from on a
    board model (its RAM base; with -kernel the zImage is 1 MiB lower than
    in the virt boots' loader layout, in the same 128 MiB)."""
    p = PROFILES[profile]
    ram_base = RAM_BASE if loader is None else loader
    img = k['image']
    banks = memory or [(p['ram_base'], ram)]
    lay = {}
    sysmap = read_sysmap(k['sysmap'])
    if p['arch'] == 'riscv64':
        # QEMU's -kernel: the Image at the firmware's end rounded up to
        # 2 MiB (riscv_calc_kernel_start_addr(); OpenSBI is smaller), which
        # OpenSBI jumps to.  arch/riscv/mm/init.c setup_bootmem() reserves
        # [_start, _end) with _end rounded up to PMD_SIZE (64BIT and
        # STRICT_KERNEL_RWX); the DTB after the /reserved-memory scan.
        load = p['ram_base'] + 2 * MiB
        lay.update(kernel_load=load, entry=load)
        if sysmap:
            end = load + sysmap['_end'] - sysmap['_start']
        else:
            end = load + img['image_size']
        if config_value(k, 'CONFIG_STRICT_KERNEL_RWX') == 'y':
            end = align_up(end, 2 * MiB)
        lay['reserve'] = [('kernel _start.._end', load, end - load)]
        lay['fdt_addr'] = None      # QEMU's choice depends on the DTB's size: build_case_dtb()
        lay['dtb_align'] = None
        lay['banks'] = banks
        return lay
    if p['arch'] == 'arm64':
        # load_aarch64_image(): 2 MiB-aligned base + text_offset, moved up
        # by 2 MiB when text_offset would overlap QEMU's boot stub
        if img['image_size']:
            off = img['text_offset']
            if off < 4 * KiB:
                off += 2 * MiB
        else:
            off = 0x80000
        load = ram_base + off
        image_high = load + img['file_size']
        lay.update(kernel_load=load, entry=load, stub=ram_base + 1 * MiB)
        # arch/arm64/mm/init.c: arm64_memblock_init() reserves
        # [_text, _end) in 5.10 and 6.12, [_stext, _end) in 6.1.
        # _end - _text is the header's image_size; _stext is the first
        # SEGMENT_ALIGN (64K) boundary after .head.text (vmlinux.lds.S).
        start_sym = '_stext' if p['version'] == (6, 1) else '_text'
        if sysmap:
            text0 = sysmap['_text']
            start = load + sysmap[start_sym] - text0
            end = load + sysmap['_end'] - text0
        else:
            start = load + (0x10000 if start_sym == '_stext' else 0)
            end = load + img['image_size']
        lay['reserve'] = [('kernel %s.._end' % start_sym, start, end - start)]
        dtb_align = 2 * MiB
    else:
        # zImage at loader_start + KERNEL_LOAD_ADDR in QEMU; here 1 MiB
        # higher, because without -kernel QEMU keeps its own DTB blob in the
        # first MiB.  The decompressor (AUTO_ZRELADDR) puts the kernel at
        # (pc & 0xf8000000) + TEXT_OFFSET whatever the zImage address is in
        # the first 128 MiB, after fdt_check_mem_start() has checked that
        # base lies in a memory bank (else: lowest bank, rounded up to 2 MiB).
        load = ram_base + (1 * MiB if loader is None else 0) + 0x10000
        image_high = load + img['file_size']
        lay.update(kernel_load=load, entry=load, stub=ram_base + 1 * MiB)
        phys = load & 0xf8000000
        if not any(b <= phys < b + s for b, s in banks if b < 1 << 32):
            phys = align_up(min(b for b, s in banks if b < 1 << 32), 2 * MiB)
        text = phys + img['text_offset']
        lpae = config_value(k, 'CONFIG_ARM_LPAE') == 'y'
        if sysmap:
            off = sysmap['_text'] - text
            stext, end = sysmap['_stext'] - off, sysmap['_end'] - off
        else:
            # vmlinux.lds.S: .text starts at the next 1 << SECTION_SHIFT
            # boundary with STRICT_KERNEL_RWX; the decompressed image runs
            # from _text to __bss_start, the bss follows (KLSZ table).
            rwx = config_value(k, 'CONFIG_STRICT_KERNEL_RWX') == 'y'
            stext = align_up(text, (2 * MiB if lpae else 1 * MiB)) if rwx else None
            if stext is None:
                die('armhf without STRICT_KERNEL_RWX needs a real System.map')
            end = text + img['decompressed_size'] + img['bss_size']
        # arch/arm/mm/init.c arm_memblock_init(): [KERNEL_START=_stext, _end),
        # then arm_mm_memblock_reserve(): swapper_pg_dir, which sits just
        # below the kernel: PAGE_OFFSET + TEXT_OFFSET - PG_DIR_SIZE
        pgdir = 0x5000 if lpae else 0x4000
        lay['reserve'] = [('kernel _stext.._end', stext, end - stext),
                          ('swapper_pg_dir', text - pgdir, pgdir)]
        lay['phys_offset'] = phys
        dtb_align = 4 * KiB
    # DTB: after the initrd (absent or not), which QEMU puts at
    # loader_start + min(ram / 2, 128 MiB), above the kernel file.
    initrd = ram_base + min(ram // 2, 128 * MiB)
    initrd = align_up(max(initrd, image_high), 4 * KiB)
    if initrd_size and initrd != virt_initrd_addr(profile, ram):
        raise RuntimeError('the kernel file ends at 0x%x, above where the case puts the initrd'
                           % image_high)
    lay['fdt_addr'] = align_up(initrd + initrd_size, dtb_align)
    lay['dtb_align'] = dtb_align
    lay['banks'] = banks
    return lay


def virt_initrd_addr(profile, ram):
    """Where QEMU's virt boot puts an initrd (hw/arm/boot.c: RAM base +
    min(ram / 2, 128 MiB), above the kernel file; hw/riscv/boot.c
    riscv_load_initrd(): the kernel's entry + min(ram / 2, 128 MiB)), and
    where a case's "initrd:" puts its initramfs, named in /chosen."""
    p = PROFILES[profile] if profile in PROFILES else dict(arch='arm64', ram_base=RAM_BASE)
    entry = p['ram_base'] + (2 * MiB if p['arch'] == 'riscv64' else 0)
    return align_up(entry + min(ram // 2, 128 * MiB), 4 * KiB)


def cpio_entry(name, mode, data):
    """One entry of a newc cpio archive (what the kernel unpacks)."""
    name = name.encode() + b'\0'
    fields = [0, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0]
    head = b'070701' + b''.join(b'%08X' % f for f in fields) + name
    head += b'\0' * (-len(head) % 4)
    return head + data + b'\0' * (-len(data) % 4)


def initramfs(size):
    """An initramfs of exactly @size bytes (a multiple of 4): a newc
    archive with an /init that never runs (the boot is read up to its
    core initcalls) and a file of zeros to fill it.  Kept in the work
    directory; the same bytes every time."""
    if size % 4 or size < 4 * KiB:
        raise ValueError('an initrd size must be a multiple of 4 and at least 4K: 0x%x' % size)
    path = os.path.join(WORK, 'initrd', 'initramfs-%x.cpio' % size)
    if os.path.exists(path) and os.path.getsize(path) == size:
        return path
    init = cpio_entry('init', 0o100755, b'#!/bin/sh\n# rmem conformance: never reached\n')
    tail = cpio_entry('TRAILER!!!', 0, b'')
    pad = size - len(init) - len(tail) - len(cpio_entry('fill', 0o100644, b''))
    data = init + cpio_entry('fill', 0o100644, b'\0' * pad) + tail
    assert len(data) == size
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = '%s.%d.%d' % (path, os.getpid(), threading.get_ident())
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, path)
    return path


# --------------------------------------------------------------------------
# DTBs

def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def base_dtb(profile, ram):
    """QEMU's own virt DTB for (arch, cpu, ram) as DTS, without QEMU's random
    seeds.  Kept as text in tests/conformance/base/ (so that `check` needs
    neither QEMU nor its exact version); dumped with QEMU when missing."""
    p = PROFILES[profile]
    d = os.path.join(HERE, 'base')
    os.makedirs(d, exist_ok=True)
    stem = os.path.join(d, '%s-%s-%s' % (p['qemu'].split('-')[-1], p['cpu'], qemu_mem_arg(ram)))
    if not os.path.exists(stem + '.dts'):
        w = os.path.join(WORK, 'base')
        os.makedirs(w, exist_ok=True)
        tmp = os.path.join(w, '%s.%d.%d' % (os.path.basename(stem), os.getpid(),
                                             threading.get_ident()))
        r = run([p['qemu'], '-M', 'virt', '-cpu', p['cpu'], '-m', qemu_mem_arg(ram),
                 '-net', 'none', '-display', 'none', '-machine', 'dumpdtb=' + tmp + '.dtb'],
                stdin=subprocess.DEVNULL, timeout=60)
        if not os.path.exists(tmp + '.dtb'):
            raise RuntimeError('QEMU did not dump its DTB: ' + r.stderr.strip())
        r = run(['dtc', '-q', '-I', 'dtb', '-O', 'dts', tmp + '.dtb'])
        if r.returncode:
            raise RuntimeError('dtc: ' + r.stderr.strip())
        os.unlink(tmp + '.dtb')
        dts = re.sub(r'^\t\t(rng-seed|kaslr-seed) = .*\n', '', r.stdout, flags=re.M)
        with open(tmp + '.dts', 'w') as f:
            f.write(dts)
        os.replace(tmp + '.dts', stem + '.dts')
    with open(stem + '.dts') as f:
        return f.read()


def remove_nodes(dts, name_re):
    """Remove the root-level nodes whose name matches (brace matching)."""
    out, i = [], 0
    pat = re.compile(r'^\t(%s) \{\n' % name_re, re.M)
    while True:
        m = pat.search(dts, i)
        if not m:
            out.append(dts[i:])
            return ''.join(out)
        out.append(dts[i:m.start()])
        depth, j = 0, m.end() - 2
        while True:
            c = dts[j]
            if c == '{':
                depth += 1
            elif c == '}':
                depth -= 1
                if depth == 0:
                    break
            j += 1
        j = dts.index('\n', j) + 1      # the "};" line
        i = j


def cells(v):
    return '0x%x 0x%x' % (v >> 32, v & 0xffffffff)


def case_dts(case, profile, ram, cmdline):
    dts = base_dtb(profile, ram)
    if case.memory:
        dts = remove_nodes(dts, r'memory@[0-9a-f]+')
    # bootargs: QEMU's -append would set them; without -kernel we do
    chosen = '\t\tbootargs = "%s";\n' % cmdline.replace('\\', '\\\\').replace('"', '\\"')
    if case.initrd_size:
        # as QEMU writes them for a -initrd: #address-cells (2) wide
        b = virt_initrd_addr(profile, ram)
        chosen += '\t\tlinux,initrd-start = <%s>;\n\t\tlinux,initrd-end = <%s>;\n' % (
            cells(b), cells(b + case.initrd_size))
    dts = re.sub(r'^(\tchosen \{\n)', lambda m: m.group(1) + chosen, dts, count=1, flags=re.M)
    head = '/dts-v1/;\n'
    if not dts.startswith(head):
        raise RuntimeError('unexpected DTS from dtc')
    extra = ''
    for b, s in case.memreserve or []:
        extra += '/memreserve/ 0x%x 0x%x;\n' % (b, s)
    dts = head + extra + dts[len(head):]
    tail = '\n/ {\n'
    if case.memory:
        tail += '\tmemory@%x {\n\t\tdevice_type = "memory";\n\t\treg = <%s>;\n\t};\n' % (
            case.memory[0][0], ' '.join('%s %s' % (cells(b), cells(s)) for b, s in case.memory))
    tail += '\n/* case %s */\n%s\n};\n' % (case.name, case.fragment)
    return dts + tail


def board_base_dts(board, profile):
    """The board's DTB as the profile's Debian package ships it, as DTS:
    kept in tests/conformance/boards/ (so that `check` needs neither the
    package nor QEMU), taken from the package when missing."""
    v = '%d.%d' % PROFILES[profile]['version']
    path = os.path.join(BOARDS_DIR, '%s-%s.dts' % (board, v))
    if not os.path.exists(path):
        k = kernel(profile)
        name = BOARDS[board]['dtb']
        found = sorted(glob.glob(os.path.join(k['dir'], 'usr/lib/linux-image-*', name)) +
                       glob.glob(os.path.join(k['dir'], 'usr/lib/modules/*/dtb', name)))
        if not found:
            raise RuntimeError('%s has no %s' % (k['package'], name))
        r = run(['dtc', '-q', '-I', 'dtb', '-O', 'dts', found[0]])
        if r.returncode:
            raise RuntimeError('dtc: ' + r.stderr.strip())
        os.makedirs(BOARDS_DIR, exist_ok=True)
        with open(path + '.tmp', 'w') as f:
            f.write('// %s of %s (Debian), decompiled by dtc\n' % (name, k['package']))
            f.write(r.stdout)
        os.replace(path + '.tmp', path)
    with open(path) as f:
        return f.read()


def board_fragment(case, dts):
    """The case's fragment for the board: @acells and @scells are the
    root's #address-cells and #size-cells, @cells(N) is N in #size-cells
    cells (a board's /reserved-memory must use the root's)."""
    def root(prop):
        m = re.search(r'^\t%s = <(0x[0-9a-f]+)>;' % prop, dts, re.M)
        return int(m.group(1), 16) if m else 1
    ac, sc = root('#address-cells'), root('#size-cells')

    def sized(m):
        v = parse_size(m.group(1))
        return ' '.join('0x%x' % ((v >> (32 * i)) & 0xffffffff) for i in reversed(range(sc)))
    frag = re.sub(r'@cells\(([^)]*)\)', sized, case.fragment)
    return frag.replace('@acells', '%d' % ac).replace('@scells', '%d' % sc)


def board_cmdline(case):
    bd = BOARDS[case.board]
    base = 'console=%s%s panic=-1 loglevel=8 ignore_loglevel nokaslr' % (
        bd['console'], ' earlycon=' + bd['earlycon'] if bd['earlycon'] else '')
    return base + ((' ' + case.cmdline) if case.cmdline else '')


def build_dtb(case, profile):
    """Build the DTB the kernel gets (it depends on the case, QEMU's base DTB
    and dtc, not on the kernel; a board case: on the board's DTB, and
    QEMU's -append sets the command line).  Returns (path, blob, cmdline)."""
    if case.board:
        dts = board_base_dts(case.board, profile)
        return compile_dtb(case, profile, dts + '\n/ {\n/* case %s */\n%s\n};\n' % (
            case.name, board_fragment(case, dts))) + (board_cmdline(case),)
    base_cmdline = PROFILES[profile]['cmdline'] if profile in PROFILES else BASE_CMDLINE
    cmdline = base_cmdline + ((' ' + case.cmdline) if case.cmdline else '')
    ram_base = PROFILES[profile]['ram_base'] if profile in PROFILES else RAM_BASE
    if case.memory:
        if sum(s for _, s in case.memory) > case.ram or any(
                b < ram_base or b + s > ram_base + case.ram for b, s in case.memory):
            raise RuntimeError('memory: banks must lie in QEMU\'s RAM [0x%x, 0x%x)'
                               % (ram_base, ram_base + case.ram))
    return compile_dtb(case, profile, case_dts(case, profile, case.ram, cmdline)) + (cmdline,)


def compile_dtb(case, profile, text):
    """dtc on @text into the work directory.  Returns (path, blob)."""
    d = os.path.join(WORK, 'dtb', profile)
    os.makedirs(d, exist_ok=True)
    dts_path = os.path.join(d, case.name + '.dts')
    dtb_path = os.path.join(d, case.name + '.dtb')
    with open(dts_path + '.tmp', 'w') as f:
        f.write(text)
    os.rename(dts_path + '.tmp', dts_path)
    r = run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', dtb_path + '.tmp', dts_path])
    if r.returncode:
        raise RuntimeError('dtc failed on %s:\n%s' % (dts_path, r.stderr.strip()))
    os.rename(dtb_path + '.tmp', dtb_path)
    with open(dtb_path, 'rb') as f:
        blob = f.read()
    return dtb_path, blob


def build_case_dtb(case, profile):
    """The DTB and where everything goes.  Returns (path, layout, cmdline)."""
    k = kernel(profile)
    lay = layout(profile, k, case.ram, case.memory, case.initrd_size)
    if case.initrd_size:
        lay['initrd'] = (virt_initrd_addr(profile, case.ram), case.initrd_size)
    dtb_path, blob, cmdline = build_dtb(case, profile)
    lay['fdt_size'] = struct.unpack_from('>I', blob, 4)[0]    # totalsize
    lay['dtb_sha256'] = hashlib.sha256(blob).hexdigest()
    if lay['fdt_addr'] is None:
        lay['fdt_addr'] = riscv_fdt_addr(PROFILES[profile]['ram_base'], case.ram, len(blob))
    for what, base, size in [('kernel file', lay['kernel_load'], k['image']['file_size']),
                             ('DTB', lay['fdt_addr'], lay['fdt_size'])]:
        if not any(b <= base and base + size <= b + s for b, s in lay['banks']):
            raise RuntimeError('the %s [0x%x, +0x%x) is outside the memory banks'
                               % (what, base, size))
    return dtb_path, lay, cmdline


def riscv_fdt_addr(ram_base, ram, size):
    """Where QEMU's riscv virt puts a -dtb file: riscv_load_fdt() (QEMU 7.2)
    puts its totalsize, as load_device_tree() opened it ((file + 10000) * 2),
    below the end of RAM or 3 GiB, whichever is lower, 2 MiB aligned."""
    opened = (size + 10000) * 2
    top = min(ram_base + ram, 3 * GiB)
    return (top - opened) & ~(2 * MiB - 1)


# --------------------------------------------------------------------------
# booting

def boot_stub(profile, lay):
    if PROFILES[profile]['arch'] == 'arm64':
        # hw/arm/boot.c bootloader_aarch64: x0 = DTB, x1..x3 = 0, br entry
        words = [0x580000c0, 0xaa1f03e1, 0xaa1f03e2, 0xaa1f03e3, 0x58000084, 0xd61f0080,
                 lay['fdt_addr'] & 0xffffffff, lay['fdt_addr'] >> 32,
                 lay['entry'] & 0xffffffff, lay['entry'] >> 32]
    else:
        # hw/arm/boot.c bootloader: r0 = 0, r1 = board id (-1: DT), r2 = DTB
        words = [0xe3a00000, 0xe59f1004, 0xe59f2004, 0xe59ff004,
                 0xffffffff, lay['fdt_addr'], lay['entry']]
    return struct.pack('<%dI' % len(words), *words)


def qemu_cmd(profile, case, dtb_path, lay, stub_path, qmp=None):
    """QEMU's command line; @qmp a socket path for a QMP monitor (riscv64:
    to read back the DTB OpenSBI has edited).  A case's initramfs is
    loaded where its /chosen says."""
    if 'initrd' in lay:
        b, size = lay['initrd']
        return qemu_cmd_noinitrd(profile, case, dtb_path, lay, stub_path, qmp) + [
            '-device', 'loader,file=%s,addr=0x%x,force-raw=on' % (initramfs(size), b)]
    return qemu_cmd_noinitrd(profile, case, dtb_path, lay, stub_path, qmp)


def qemu_cmd_noinitrd(profile, case, dtb_path, lay, stub_path, qmp=None):
    p = PROFILES[profile]
    k = kernel(profile)
    if p['arch'] == 'riscv64':
        # QEMU loads the Image at RAM + 2 MiB and the DTB file as it is
        # (packed) where riscv_fdt_addr() says, and starts OpenSBI, which
        # edits the DTB in place and jumps to the kernel
        return [p['qemu'], '-M', 'virt', '-cpu', p['cpu'], '-m', qemu_mem_arg(case.ram),
                '-smp', '1', '-net', 'none', '-display', 'none', '-serial', 'stdio',
                '-monitor', 'none', '-no-reboot', '-bios', p['bios'],
                '-kernel', k['image']['load_file'], '-dtb', dtb_path] + (
                    ['-qmp', 'unix:%s,server=on,wait=off' % qmp] if qmp else [])
    return [p['qemu'], '-M', 'virt', '-cpu', p['cpu'], '-m', qemu_mem_arg(case.ram),
            '-smp', '1', '-net', 'none', '-display', 'none', '-serial', 'stdio',
            '-monitor', 'none', '-no-reboot',
            '-device', 'loader,file=%s,addr=0x%x,force-raw=on' % (stub_path, lay['stub']),
            '-device', 'loader,file=%s,addr=0x%x,force-raw=on' % (k['image']['load_file'],
                                                                  lay['kernel_load']),
            '-device', 'loader,file=%s,addr=0x%x,force-raw=on' % (dtb_path, lay['fdt_addr']),
            '-device', 'loader,addr=0x%x,cpu-num=0' % lay['stub']]


class Qmp:
    """A QMP monitor on a unix socket (standard library only)."""

    def __init__(self, path, timeout=10):
        import socket
        t_end = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.settimeout(timeout)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > t_end:
                    raise
                time.sleep(0.05)
        self.f = self.sock.makefile('rwb')
        self._reply()                       # the greeting
        self.cmd('qmp_capabilities')

    def _reply(self):
        while True:
            line = self.f.readline()
            if not line:
                raise RuntimeError('QMP: the monitor closed')
            msg = json.loads(line)
            if 'event' not in msg:
                return msg

    def cmd(self, name, **args):
        self.f.write(json.dumps(dict(execute=name, arguments=args) if args
                                else dict(execute=name)).encode() + b'\n')
        self.f.flush()
        msg = self._reply()
        if 'error' in msg:
            raise RuntimeError('QMP %s: %s' % (name, msg['error']))
        return msg.get('return')

    def close(self):
        try:
            self.f.close()
            self.sock.close()
        except OSError:
            pass


def boot(cmd, timeout, stop=None, first_kernel_line=None):
    """Run QEMU, read the console until stop(line) says so, a panic has been
    printed in full, QEMU exits, or the timeout.  first_kernel_line(), when
    given, runs once when the kernel's first (timestamped) line arrives.
    Returns (lines, outcome, secs)."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    buf, lines, outcome = b'', [], None
    last, finished = t0, False
    deadline = t0 + timeout
    try:
        while True:
            left = deadline - time.time()
            if left <= 0:
                outcome = outcome or 'timeout'
                break
            r, _, _ = select.select([proc.stdout], [], [], min(left, 1.0))
            if not r:
                if lines and time.time() - last > IDLE_SECONDS:
                    outcome = outcome or 'hung'
                    break
                continue
            last = time.time()
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                outcome = outcome or 'exited'
                break
            buf += chunk
            *done, buf = buf.split(b'\n')
            for raw in done:
                line = raw.decode('utf-8', 'replace').rstrip('\r')
                lines.append(line)
                if first_kernel_line and TS_RE.match(line):
                    first_kernel_line()
                    first_kernel_line = None
                if outcome in (None, 'oops') and PANIC_MARK in line:
                    outcome = 'panic'
                    deadline = min(deadline, time.time() + 5)   # the rest of the panic
                elif outcome is None and OOPS_MARKS.search(line):
                    # a panic may follow, or the kernel may hang, or it may
                    # reach the end all the same: wait a little
                    outcome = 'oops'
                    deadline = min(deadline, time.time() + 20)
                elif outcome in (None, 'oops') and (stop(line) if stop else STOP_MARK in line):
                    outcome = outcome or 'ok'
                    finished = True
            if finished:
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if buf:
        lines.append(buf.decode('utf-8', 'replace').rstrip('\r'))
    return lines, outcome, time.time() - t0


def strip_ts(line):
    return TS_RE.sub('', line, count=1)


def judged_lines(console):
    out, cont = [], False
    for line in console:
        text = strip_ts(line)
        if cont:                # the second line of a two-line record
            out.append(text)
            cont = False
            continue
        cont = False
        if text.startswith(PREFIXES):
            out.append(text)
            cont = text.startswith(CONTINUED)
    return out


def console_facts(console):
    facts = {}
    for line in console:
        text = strip_ts(line)
        if text.startswith('Linux version ') and 'linux_version' not in facts:
            facts['linux_version'] = text
        elif text.startswith('Memory: ') and 'memory_line' not in facts:
            facts['memory_line'] = text
            m = re.search(r'(\d+)K cma-reserved', text)
            if m:
                facts['cma_reserved_kib'] = int(m.group(1))
        elif PANIC_MARK in text and 'panic' not in facts:
            facts['panic'] = text
        elif OOPS_MARKS.search(text) and 'oops' not in facts:
            facts['oops'] = text
        if text.startswith('WARNING: '):
            facts.setdefault('warnings', []).append(text)
    return facts


# --------------------------------------------------------------------------
# record

def boot_case(case, profile, opts, tag=''):
    """Build and boot one case.  Returns (console, outcome, secs, lay, cmdline, cmd)."""
    if case.board:
        return boot_board(case, profile, opts, tag)
    dtb_path, lay, cmdline = build_case_dtb(case, profile)
    timeout = case.timeout or opts.timeout or PROFILES[profile]['timeout']
    if PROFILES[profile]['arch'] == 'riscv64':
        console, outcome, secs, cmd = boot_riscv(case, profile, dtb_path, lay, tag, timeout)
    else:
        stub_path = os.path.join(WORK, 'dtb', profile, case.name + '.stub')
        with open(stub_path, 'wb') as f:
            f.write(boot_stub(profile, lay))
        cmd = qemu_cmd(profile, case, dtb_path, lay, stub_path)
        console, outcome, secs = boot(cmd, timeout)
    save_console(profile, case.name + tag, console)
    return console, outcome, secs, lay, cmdline, cmd


def save_console(profile, name, console):
    """A boot's console, kept in the work directory for whoever reads it after."""
    logdir = os.path.join(WORK, 'console', profile)
    os.makedirs(logdir, exist_ok=True)
    with open(os.path.join(logdir, name + '.console'), 'w') as f:
        f.write('\n'.join(console) + '\n')


def fdt_cells(path, node, prop):
    """A property of a DTB file as one number (of_read_number()), or None."""
    r = run(['fdtget', '-t', 'x', path, node, prop])
    if r.returncode:
        return None
    v = 0
    for w in r.stdout.split():
        v = (v << 32) | int(w, 16)
    return v


def board_qemu_cmd(case, profile, dtb_path, cmdline):
    """QEMU's -kernel boot of the board model: its own boot code, the
    kernel, the case DTB, an initramfs (QEMU adds /chosen's bootargs and
    linux,initrd-start/-end, and its memory node)."""
    bd = BOARDS[case.board]
    k = kernel(profile)
    return ([bd['qemu'], '-M', case.board] + (['-m', bd['mem']] if bd['mem'] else []) +
            ['-display', 'none', '-monitor', 'none', '-no-reboot'] +
            ['-serial', 'null'] * bd.get('serial', 0) + ['-serial', 'stdio'] +
            ['-kernel', k['image']['load_file'], '-dtb', dtb_path,
             '-initrd', initramfs(case.initrd_size or BOARD_INITRD), '-append', cmdline])


def boot_board(case, profile, opts, tag):
    """Boot a board case.  The DTB the kernel receives is QEMU's edit of
    the case DTB: `-machine dumpdtb=` with the same arguments writes it
    (the same bytes as /sys/firmware/fdt of the booted guest, see
    docs/conformance.md); lay['final_dtb'] records it as for riscv64.  The
    kernel's reservations follow from the image and QEMU's loader_start,
    the DTB's address from the initrd's end in /chosen."""
    bd = BOARDS[case.board]
    k = kernel(profile)
    dtb_path, blob, cmdline = build_dtb(case, profile)
    cmd = board_qemu_cmd(case, profile, dtb_path, cmdline)
    final_path = os.path.join(WORK, 'dtb', profile, case.name + tag + '.final.dtb')
    if os.path.exists(final_path):
        os.unlink(final_path)
    r = run(cmd + ['-machine', 'dumpdtb=' + final_path], stdin=subprocess.DEVNULL, timeout=120)
    if not os.path.exists(final_path):
        raise RuntimeError('QEMU did not dump the DTB: ' + r.stderr.strip())
    with open(final_path, 'rb') as f:
        final = f.read()
    start = fdt_cells(final_path, '/chosen', 'linux,initrd-start')
    end = fdt_cells(final_path, '/chosen', 'linux,initrd-end')
    if start is None or end is None:
        raise RuntimeError('QEMU wrote no initrd into /chosen')
    lay = layout(profile, k, bd['ram'], [(bd['loader'], bd['ram'])], loader=bd['loader'])
    lay.update(fdt_addr=align_up(end, lay['dtb_align']), fdt_size=len(final),
               dtb_sha256=hashlib.sha256(blob).hexdigest(), banks=[])
    if struct.unpack_from('>I', final, 4)[0] != len(final):
        raise RuntimeError('the dumped DTB is not its totalsize long')
    lay['final_dtb'] = dict(addr=hx(lay['fdt_addr']), size=hx(len(final)),
                            sha256=hashlib.sha256(final).hexdigest(),
                            changes=dtb_changes(dtb_path, final_path))
    lay['board'] = dict(machine=case.board, dtb=bd['dtb'], initrd=dict(
        base=hx(start), size=hx(end - start)))
    timeout = case.timeout or opts.timeout or 2 * PROFILES[profile]['timeout']
    console, outcome, secs = boot(cmd, timeout)
    save_console(profile, case.name + tag, console)
    return console, outcome, secs, lay, cmdline, cmd


def boot_riscv(case, profile, dtb_path, lay, tag, timeout, stop=None, extra=()):
    """Boot a riscv64 case, reading back the DTB the kernel got: OpenSBI
    edits QEMU's copy in place (its own regions under /reserved-memory, the
    harts, the interrupt controller), so the file is not what the kernel
    saw.  When the kernel's first line arrives (before it has placed any
    region, let alone written to one), the guest is paused and the DTB's
    2 MiB slot saved through QMP.  lay['final_dtb'] describes it and
    lay['fdt_size'] becomes its totalsize, the size the kernel reserves.
    @extra: more QEMU arguments (the runtime oracle's initramfs)."""
    d = os.path.join(WORK, 'dtb', profile)
    qmp_path = os.path.join(d, '%s%s.qmp' % (case.name, tag))
    mem_path = os.path.join(d, '%s%s.mem' % (case.name, tag))
    final_path = os.path.join(d, '%s%s.final.dtb' % (case.name, tag))
    for f in (qmp_path, mem_path):
        if os.path.exists(f):
            os.unlink(f)
    cmd = qemu_cmd(profile, case, dtb_path, lay, None, qmp=qmp_path) + list(extra)
    state = {}

    def save_dtb():
        try:
            q = Qmp(qmp_path)
            try:
                q.cmd('stop')
                q.cmd('pmemsave', val=lay['fdt_addr'], size=2 * MiB, filename=mem_path)
                q.cmd('cont')
            finally:
                q.close()
        except Exception as e:      # recorded in the meta, the boot goes on
            state['error'] = 'reading the DTB back: %s' % e
    console, outcome, secs = boot(cmd, timeout, stop, first_kernel_line=save_dtb)
    final = dict(addr=hx(lay['fdt_addr']))
    try:
        with open(mem_path, 'rb') as f:
            mem = f.read()
        os.unlink(mem_path)
        magic, size = struct.unpack_from('>II', mem, 0)
        if magic != 0xd00dfeed or size > len(mem):
            raise RuntimeError('no DTB at 0x%x' % lay['fdt_addr'])
        blob = mem[:size]
        with open(final_path, 'wb') as f:
            f.write(blob)
        final.update(size=hx(size), sha256=hashlib.sha256(blob).hexdigest(),
                     changes=dtb_changes(dtb_path, final_path))
        lay['fdt_size'] = size
    except Exception as e:
        final['error'] = state.get('error') or str(e)
    lay['final_dtb'] = final
    if os.path.exists(qmp_path):
        os.unlink(qmp_path)
    return console, outcome, secs, cmd


def dtb_changes(before, after):
    """What changed from DTB @before to DTB @after, as the lines of a unified
    diff of their decompiled sources (no context lines)."""
    import difflib
    text = []
    for path in (before, after):
        r = run(['dtc', '-q', '-I', 'dtb', '-O', 'dts', path])
        if r.returncode:
            raise RuntimeError('dtc: ' + r.stderr.strip())
        text.append(r.stdout.splitlines())
    return [l for l in difflib.unified_diff(text[0], text[1], 'case.dtb', 'final.dtb', n=0,
                                            lineterm='')]


def record_one(case, profile, opts):
    console, outcome, secs, lay, cmdline, cmd = boot_case(case, profile, opts)
    write_expected(case, profile, console, outcome, secs, lay, cmdline, cmd, kernel(profile))
    return outcome, secs


def first_difference(what, want, got, want_label, got_label):
    """'WHAT N:' and the first pair of lines that differ, or None."""
    for i in range(max(len(got), len(want))):
        e = want[i] if i < len(want) else '(end)'
        g = got[i] if i < len(got) else '(end)'
        if e != g:
            width = max(len(want_label), len(got_label)) + 1
            return '%s %d:\n      %s %s\n      %s %s' % (
                what, i + 1, (want_label + ':').ljust(width), e, (got_label + ':').ljust(width), g)
    return None


def load_expected(case, profile):
    """The recorded lines and meta of a case on a profile, or None."""
    exp_log = os.path.join(recording_dir(profile), case.name + '.log')
    exp_meta = os.path.join(recording_dir(profile), case.name + '.meta.json')
    if not (os.path.exists(exp_log) and os.path.exists(exp_meta)):
        return None
    with open(exp_meta) as f:
        meta = json.load(f)
    with open(exp_log) as f:
        return f.read().splitlines(), meta


def verify_one(case, profile, opts):
    """Boot again and compare with expected/: does the judge still agree?"""
    recorded = load_expected(case, profile)
    if not recorded:
        return None, 'not recorded'
    expected, meta = recorded
    console, outcome, secs, lay, _, _ = boot_case(case, profile, opts, '.verify')
    got = judged_lines(console)
    facts = console_facts(console)
    msgs = []
    diff = first_difference('line', expected, got, 'recorded', 'now')
    if diff:
        msgs.append(diff)
    now = dict(outcome=outcome, cma_reserved_kib=facts.get('cma_reserved_kib'),
               fdt_addr=hx(lay['fdt_addr']), dtb_sha256=lay['dtb_sha256'],
               early_reservations=[dict(what=w, base=hx(b), size=hx(s)) for w, b, s in lay['reserve']]
               + [dict(what='dtb', base=hx(lay['fdt_addr']), size=hx(lay['fdt_size']))])
    for key, val in now.items():
        if meta.get(key) != val:
            msgs.append('%s: recorded %s, now %s' % (key, meta.get(key), val))
    if meta.get('kernel_package') != kernel(profile)['package']:
        msgs.append('(recorded with %s, now %s)' % (meta.get('kernel_package'),
                                                   kernel(profile)['package']))
    return (not msgs), '\n    '.join(msgs)


def write_expected(case, profile, console, outcome, secs, lay, cmdline, cmd, k):
    facts = console_facts(console)
    d = recording_dir(profile)
    os.makedirs(d, exist_ok=True)
    lines = judged_lines(console)
    with open(os.path.join(d, case.name + '.log'), 'w') as f:
        f.write(''.join(l + '\n' for l in lines))
    meta = dict(
        case=case.name, profile=profile, outcome=outcome,
        kernel_package=k['package'], kernel_package_version=k['package_version'],
        kernel_release=k['release'], linux_version=facts.get('linux_version'),
        memory_line=facts.get('memory_line'), cma_reserved_kib=facts.get('cma_reserved_kib'),
        panic=facts.get('panic'), oops=facts.get('oops'), warnings=facts.get('warnings', []),
        ram=hx(case.ram), memory=['%s+%s' % (hx(b), hx(s)) for b, s in lay['banks']],
        memreserve=['%s+%s' % (hx(b), hx(s)) for b, s in (case.memreserve or [])],
        cmdline=cmdline,
        fdt_addr=hx(lay['fdt_addr']), fdt_size=hx(lay['fdt_size']),
        dtb_sha256=lay['dtb_sha256'],
        kernel_load=hx(lay['kernel_load']),
        early_reservations=[dict(what=w, base=hx(b), size=hx(s)) for w, b, s in lay['reserve']]
        + [dict(what='dtb', base=hx(lay['fdt_addr']), size=hx(lay['fdt_size']))],
        judged_lines=len(lines), boot_seconds=round(secs, 1),
        qemu=' '.join(shlex.quote(c) for c in cmd[:qemu_fixed_args(cmd)]),
    )
    if is_pending(profile):
        meta['kernel_image_file'] = k['image_file']
    if 'final_dtb' in lay:
        # riscv64: what OpenSBI made of the DTB, a board model: what QEMU
        # made of it; the DTB the kernel saw either way
        meta['final_dtb'] = lay['final_dtb']
    if 'initrd' in lay:
        # the kernel takes it from /chosen: no early reservation of ours
        b, size = lay['initrd']
        meta['initrd'] = dict(base=hx(b), size=hx(size))
    if 'board' in lay:
        meta['board'] = lay['board']
    if outcome != 'ok':
        meta['last_console_lines'] = [strip_ts(l) for l in console[-8:]]
    with open(os.path.join(d, case.name + '.meta.json'), 'w') as f:
        json.dump(meta, f, indent=1)
        f.write('\n')


def qemu_fixed_args(cmd):
    """How many of QEMU's arguments are the same for every case of a
    profile: those before the files (the first -device loader, -bios,
    -kernel)."""
    for i, c in enumerate(cmd):
        if c in ('-device', '-bios', '-kernel'):
            return i
    return len(cmd)


def jobs_for(cases, profiles):
    return [(c, p) for c in cases for p in c.profiles if p in profiles]


def parallel(fn, work, njobs):
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, njobs)) as ex:
        futs = {ex.submit(fn, c, p): (c, p) for c, p in work}
        for fut in concurrent.futures.as_completed(futs):
            c, p = futs[fut]
            try:
                results[(c.name, p)] = fut.result()
            except Exception as e:          # one bad case must not stop the rest
                results[(c.name, p)] = e
            yield c, p, results[(c.name, p)]


def cmd_record(opts):
    cases = load_cases(opts.cases)
    work = jobs_for(cases, opts.profiles)
    report_skips(cases, opts.profiles)
    # fetch the kernels first, once, before the jobs start (those the jobs boot)
    for p in [p for p in opts.profiles if any(q == p for _, q in work)]:
        kernel(p)
    t0 = time.time()
    per_profile = {p: [0, 0.0] for p in opts.profiles}
    bad, errors = [], 0
    for c, p, res in parallel(lambda c, p: record_one(c, p, opts), work, opts.jobs):
        if isinstance(res, Exception):
            say('%-40s %-17s ERROR %s' % (c.name, p, res))
            bad.append((c.name, p, 'not recorded: %s' % res))
            errors += 1
            continue
        outcome, secs = res
        per_profile[p][0] += 1
        per_profile[p][1] += secs
        say('%-40s %-17s %-7s %5.1fs' % (c.name, p, outcome, secs))
        if outcome != 'ok':
            bad.append((c.name, p, outcome))
    say('recorded %d boots in %.0fs' % (sum(v[0] for v in per_profile.values()), time.time() - t0))
    for p, (n, s) in per_profile.items():
        if n:
            say('  %-17s %3d cases, %6.0fs of QEMU time' % (p, n, s))
    for b in sorted(bad):
        say('  not ok: %s %s: %s' % b)
    # a panic is a valid outcome, recorded as such; only a case that could
    # not be recorded at all is a failure
    return 1 if errors else 0


def cmd_reextract(opts):
    for c, p in jobs_for(load_cases(opts.cases), opts.profiles):
        cpath = os.path.join(WORK, 'console', p, c.name + '.console')
        mpath = os.path.join(recording_dir(p), c.name + '.meta.json')
        if not (os.path.exists(cpath) and os.path.exists(mpath)):
            continue
        with open(cpath) as f:
            console = f.read().splitlines()
        lines = judged_lines(console)
        with open(os.path.join(recording_dir(p), c.name + '.log'), 'w') as f:
            f.write(''.join(l + '\n' for l in lines))
        with open(mpath) as f:
            meta = json.load(f)
        meta['judged_lines'] = len(lines)
        facts = console_facts(console)
        for key in ('linux_version', 'memory_line', 'cma_reserved_kib', 'panic', 'oops'):
            meta[key] = facts.get(key)
        meta['warnings'] = facts.get('warnings', [])
        with open(mpath, 'w') as f:
            json.dump(meta, f, indent=1)
            f.write('\n')
    return 0


# --------------------------------------------------------------------------
# check

def plan_args(profile, meta, dtb_path):
    """rmem's options and board for the boot a recording made."""
    args = ['--kernel', profile]
    for r in meta['early_reservations']:
        if r['what'] == 'dtb':
            continue                # rmem reserves the DTB itself, from --fdt-addr
        args += ['--reserve', '%s+%s' % (r['base'], r['size'])]
    return args + ['--fdt-addr', meta['fdt_addr'], dtb_path]


def rmem_cmd(rmem, profile, meta, dtb_path):
    return [rmem, 'plan', '--format', 'log'] + plan_args(profile, meta, dtb_path)


def final_dtb_path(case, profile, final, case_dtb):
    """riscv64: the DTB the kernel saw is OpenSBI's edit of the case DTB,
    read back from the guest when the case was recorded (boot_riscv()); rmem
    plans from that one, as a bootloader hands it over.  Without it in the
    work directory (a fresh one, as CTest's), it is made again from the case
    DTB and the recorded edits (final_dtb.changes), padded to the recorded
    totalsize, which is what the kernel reserves.  Returns (path, None), or
    (None, why)."""
    if 'sha256' not in final:
        return None, 'the recording has no final DTB (%s): record it again' % final.get('error')
    d = os.path.join(WORK, 'dtb', profile)
    path = os.path.join(d, case.name + '.final.dtb')
    try:
        with open(path, 'rb') as f:
            if hashlib.sha256(f.read()).hexdigest() == final['sha256']:
                return path, None
    except OSError:
        pass
    try:
        return rebuild_final_dtb(case_dtb, final, os.path.join(d, case.name + '.final-rebuilt.dtb')), None
    except (RuntimeError, ValueError) as e:
        return None, 'cannot make the final DTB again from the recorded edits: %s' % e


def apply_changes(old, diff):
    """The lines @old with the unified diff @diff (no context, as
    dtb_changes() writes it) applied."""
    hunk = re.compile(r'^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@')
    out, pos = [], 0
    for line in diff[2:]:               # after "--- case.dtb", "+++ final.dtb"
        m = hunk.match(line)
        if m:
            start = int(m.group(1))
            count = 1 if m.group(2) is None else int(m.group(2))
            upto = start - 1 if count else start    # count 0: insert after line start
            if upto < pos or upto > len(old):
                raise ValueError('hunk %s out of order' % line)
            out += old[pos:upto]
            pos = upto
        elif line.startswith('-'):
            if pos >= len(old) or old[pos] != line[1:]:
                raise ValueError('the case DTB does not have the line %r' % line[1:])
            pos += 1
        elif line.startswith('+'):
            out.append(line[1:])
        else:
            raise ValueError('not a line of a unified diff: %r' % line)
    return out + old[pos:]


def rebuild_final_dtb(case_dtb, final, path):
    r = run(['dtc', '-q', '-I', 'dtb', '-O', 'dts', case_dtb])
    if r.returncode:
        raise RuntimeError('dtc: ' + r.stderr.strip())
    text = apply_changes(r.stdout.splitlines(), final['changes'])
    size = int(final['size'], 16)
    with open(path + '.dts', 'w') as f:
        f.write('\n'.join(text) + '\n')
    r = run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-S', str(size), '-o', path, path + '.dts'])
    if r.returncode:
        raise RuntimeError('dtc: ' + r.stderr.strip())
    with open(path, 'rb') as f:
        got = struct.unpack_from('>I', f.read(8), 4)[0]
    if got != size:
        raise RuntimeError('%s is 0x%x bytes, the DTB the kernel saw 0x%x' % (path, got, size))
    return path


def plan_inputs(case, profile):
    """What rmem plans a recorded case from: (expected lines, meta, DTB
    path), the DTB the very one the kernel booted; (None, None, why) when it
    cannot be had; None when the case has no recording."""
    recorded = load_expected(case, profile)
    if not recorded:
        return None
    expected, meta = recorded
    dtb_path = os.path.join(WORK, 'dtb', profile, case.name + '.dtb')
    sha = None
    if os.path.exists(dtb_path):
        with open(dtb_path, 'rb') as f:
            sha = hashlib.sha256(f.read()).hexdigest()
    if sha != meta['dtb_sha256']:
        try:
            dtb_path, blob, _ = build_dtb(case, profile)
        except Exception as e:
            return None, None, 'cannot build the DTB: %s' % e
        if hashlib.sha256(blob).hexdigest() != meta['dtb_sha256']:
            return None, None, 'the DTB built now differs from the recorded one: record again'
    final = meta.get('final_dtb')
    if final is not None:
        dtb_path, why = final_dtb_path(case, profile, final, dtb_path)
        if why:
            return None, None, why
    return expected, meta, dtb_path


def check_one(case, profile, opts):
    """Returns (ok, message)."""
    inputs = plan_inputs(case, profile)
    if not inputs:
        return None, 'not recorded'
    expected, meta, dtb_path = inputs
    if expected is None:
        return False, dtb_path
    if not os.access(opts.rmem, os.X_OK):
        return False, 'no rmem binary at %s' % opts.rmem
    cmd = rmem_cmd(opts.rmem, profile, meta, dtb_path)
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=60)
    except subprocess.TimeoutExpired:
        return False, 'rmem timed out'
    except OSError as e:
        return False, 'cannot run rmem: %s' % e
    if r.returncode != 0 and not r.stdout.strip():
        err = (r.stderr.strip().splitlines() or ['(no output)'])[-1]
        return False, 'rmem plan failed (exit %d): %s' % (r.returncode, err)
    out = r.stdout.splitlines()
    got = judged_lines(out)
    msgs = []
    diff = first_difference('line', expected, got, 'kernel', 'rmem')
    if diff:
        msgs.append(diff)
    want = case.expected_warnings(profile)
    if want is not None:
        have = [l[len(WARNING_PREFIX):] for l in r.stderr.splitlines()
                if l.startswith(WARNING_PREFIX)]
        diff = first_difference('warning', want, have, 'case', 'rmem')
        if diff:
            msgs.append(diff)
    if meta.get('cma_reserved_kib') is not None:
        for line in out:
            m = re.search(r'(\d+)K cma-reserved', line)
            if m and int(m.group(1)) != meta['cma_reserved_kib']:
                msgs.append('cma-reserved: kernel %dK, rmem %sK'
                            % (meta['cma_reserved_kib'], m.group(1)))
    return (not msgs), '\n    '.join(msgs)


def stray_recordings(cases, expected_dir=None, pending=False):
    """Recordings nothing would check: a directory of expected/ that is no
    built-in profile, a recording of no case, or of a case on a profile its
    "profiles:" line leaves out (or a skip line skips); a profile
    description (profile.json, kept when a pending profile moved to
    expected/) that the library's profile contradicts.  With @pending, the
    same for the pending profiles' directories of pending/.  [(what, why)]"""
    expected_dir = expected_dir or (PENDING_DIR if pending else EXPECTED_DIR)
    by_name = {c.name: c for c in cases}
    out = []
    for d in sorted(os.listdir(expected_dir)) if os.path.isdir(expected_dir) else []:
        path = os.path.join(expected_dir, d)
        if not os.path.isdir(path):
            continue
        if pending:
            if d not in PROFILES or not is_pending(d):
                continue            # PENDING_PROBLEMS says why
        elif d not in BUILTIN:
            out.append((d, 'recorded for %s, which is no built-in profile of %s'
                        % (d, ', '.join(BUILTIN))))
            continue
        for f in sorted(os.listdir(path)):
            if f == PENDING_DESC:
                if not pending:
                    why = desc_mismatch(d, os.path.join(path, f))
                    if why:
                        out.append(('%s/%s' % (d, f), why))
                continue
            name = f.split('.')[0]
            if name not in by_name:
                out.append(('%s/%s' % (d, f), 'a recording of no case'))
            elif d not in by_name[name].profiles:
                why = by_name[name].skipped.get(d)
                out.append(('%s/%s' % (d, f), 'the case does not run on %s%s'
                            % (d, ' (skip: %s)' % why if why else '')))
    return out


def desc_mismatch(name, path):
    """Why a built-in profile's description file (pending/PROFILE/profile.json
    moved to expected/) disagrees with the library, or None."""
    try:
        desc = read_desc(path, name)
    except ValueError as e:
        return str(e)
    p = PROFILES[name]
    for key, lib in (('arch', p['arch']), ('version', p['version']), ('page_kib', p['page_kib'])):
        if desc[key] != lib:
            return 'says %s %s, the library %s: correct the description' % (key, desc[key], lib)
    return None


def report_pending(cases):
    """The PENDING line of each pending profile: recorded, never judged."""
    for p in PROFILES:
        if not is_pending(p):
            continue
        runs = [c for c in cases if p in c.profiles]
        n = sum(1 for c in runs if load_expected(c, p))
        say('PENDING %s: %d cases recorded, not modelled yet (of %d it runs, in %s)'
            % (p, n, len(runs), os.path.relpath(recording_dir(p), REPO)))


def report_missing(missing, judged):
    """Names each profile with cases it runs but has no recording of:
    @missing {profile: [case names]}, @judged(profile) how many it has."""
    for p, names in missing.items():
        if names and not judged(p):
            say('%-17s NOT RECORDED: none of its %d cases has a recording '
                '(record them: run.py record -p %s)' % (p, len(names), p))
        elif names:
            say('%-17s not recorded: %d cases (%s%s)' % (p, len(names), ', '.join(names[:5]),
                                                        ', ...' if len(names) > 5 else ''))


def report(stats, missing, fails, stray, not_recorded_exit):
    """Prints the FAIL lines, the totals per profile, what has no recording;
    returns the exit status.  @stats: {profile: [good, judged]};
    @missing: {profile: [case names the profile runs but has no recording of]}."""
    for p, name, msg in sorted(fails):
        say('FAIL %s %s\n    %s' % (p, name, msg))
    for what, why in stray:
        say('FAIL expected/%s: %s' % (what, why))
    total = [sum(v[0] for v in stats.values()), sum(v[1] for v in stats.values())]
    for p, (good, n) in stats.items():
        if n:
            say('%-17s %4d/%-4d %6.1f%%' % (p, good, n, 100.0 * good / n))
    report_missing(missing, lambda p: stats[p][1])
    if total[1] == 0:
        say('nothing recorded to check')
        return 1
    say('%-17s %4d/%-4d %6.1f%%' % ('total', total[0], total[1], 100.0 * total[0] / total[1]))
    if total[0] != total[1] or stray:
        return 1
    return not_recorded_exit if any(missing.values()) else 0


def cmd_check(opts, one=check_one):
    cases = load_cases(opts.cases)
    everything = not opts.cases and not getattr(opts, 'quick', False)
    if getattr(opts, 'quick', False):
        with open(os.path.join(HERE, 'quick.list')) as f:
            quick = [l.split('#')[0].strip() for l in f]
        cases = [c for c in cases if c.name in quick]
    work = jobs_for(cases, opts.profiles)
    if one is verify_one:
        for p in opts.profiles:
            kernel(p)
    stats = {p: [0, 0] for p in opts.profiles}
    missing = {p: [] for p in opts.profiles}
    fails = []
    for c, p, res in parallel(lambda c, p: one(c, p, opts), work, opts.jobs):
        if isinstance(res, Exception):
            res = (False, 'internal error: %r' % res)
        ok, msg = res
        if ok is None:
            missing[p].append(c.name)
            continue
        stats[p][1] += 1
        if ok:
            stats[p][0] += 1
        else:
            fails.append((p, c.name, msg))
    for names in missing.values():
        names.sort()
    stray = stray_recordings(cases) if everything and one is check_one else []
    status = report(stats, missing, fails, stray, getattr(opts, 'not_recorded_exit', 0))
    if one is check_one:
        # pending profiles: named, never judged, so never passed; a pending
        # directory the library has caught up with, a bad description or a
        # stray recording fails
        report_pending(cases)
        problems = list(PENDING_PROBLEMS) + (
            [('pending/' + w, y) for w, y in stray_recordings(cases, pending=True)]
            if everything else [])
        for what, why in problems:
            say('FAIL %s: %s' % (what, why))
        if problems:
            status = 1
    return status


# --------------------------------------------------------------------------
# verify-early: a memblock=debug boot checks the computed early reservations

def cmd_verify_early(opts):
    case_path = os.path.join(CASES_DIR, opts.case + '.case')
    if not os.path.exists(case_path):
        die('no case %s' % opts.case)
    case = Case(case_path)
    case.cmdline = (case.cmdline + ' memblock=debug').strip()
    case.name = case.name + '.memblock-debug'
    status = 0
    for profile in opts.profiles:
        dtb_path, lay, _ = build_case_dtb(case, profile)
        stub_path = os.path.join(WORK, 'dtb', profile, case.name + '.stub')
        if PROFILES[profile]['arch'] != 'riscv64':
            with open(stub_path, 'wb') as f:
                f.write(boot_stub(profile, lay))
        state = {'left': None}

        def stop(line):
            # stop after the last line of the "MEMBLOCK configuration:" dump
            # (armhf goes silent, or hangs, in paging_init() with
            # memblock=debug and an earlycon)
            text = strip_ts(line)
            m = re.match(r'\s*reserved\.cnt\s*=\s*(0x[0-9a-f]+)', text)
            if m:
                state['left'] = int(m.group(1), 16)
            elif state['left'] is not None and re.match(r'\s*reserved\[', text):
                state['left'] -= 1
            return state['left'] == 0
        if PROFILES[profile]['arch'] == 'riscv64':
            # the DTB read back after OpenSBI's edits: lay['fdt_size'] is its size
            console, outcome, secs, _ = boot_riscv(case, profile, dtb_path, lay, '',
                                                   opts.timeout or 600, stop)
        else:
            console, outcome, secs = boot(qemu_cmd(profile, case, dtb_path, lay, stub_path),
                                          opts.timeout or 600, stop)
        logdir = os.path.join(WORK, 'console', profile)
        os.makedirs(logdir, exist_ok=True)
        with open(os.path.join(logdir, case.name + '.console'), 'w') as f:
            f.write('\n'.join(console) + '\n')
        reserves, frees, dump = [], [], []
        for line in console:
            t = strip_ts(line)
            # 7.x: "__memblock_reserve: [a-b] nid=-1 flags=0 caller+off/len"
            m = re.match(r'(?:__)?memblock_(reserve|phys_free|free): \[(0x[0-9a-f]+)-(0x[0-9a-f]+)\] '
                         r'(?:nid=\S+ flags=\S+ )?(\S+)', t)
            if m and re.match(r'(arm64_memblock_init|arm_memblock_init|paging_init|setup_arch'
                              r'|setup_bootmem|misc_mem_init)', m.group(4)):
                (reserves if m.group(1) == 'reserve' else frees).append(
                    (int(m.group(2), 16), int(m.group(3), 16) + 1, m.group(4)))
            m = re.match(r'\s*reserved\[0x[0-9a-f]+\]\s+\[(0x[0-9a-f]+)-(0x[0-9a-f]+)\]', t)
            if m:
                dump.append((int(m.group(1), 16), int(m.group(2), 16) + 1))
        say('== %s (%s, %.0fs)' % (profile, outcome, secs))
        want = [(w, b, b + s) for w, b, s in lay['reserve']]
        for w, b, e in want:
            hit = [r for r in reserves if r[0] == b and r[1] == e]
            say('  %-22s computed [0x%x-0x%x)  %s' % (w, b, e, 'logged by ' + hit[0][2] if hit
                                                     else 'NOT in the memblock_reserve lines'))
            if not hit:
                status = 1
        fb, fe = lay['fdt_addr'], lay['fdt_addr'] + lay['fdt_size']
        inside = [d for d in dump if d[0] <= fb and fe <= d[1]]
        exact = [d for d in dump if d == (fb, fe)]
        say('  %-22s computed [0x%x-0x%x)  %s' % ('dtb', fb, fe, 'a region of the reserved dump'
                                                 if exact else 'inside a reserved region'
                                                 if inside else 'NOT reserved'))
        if not inside:
            status = 1
        for b, e, who in reserves:
            if not any(b == x and e == y for _, x, y in want) and (b, e) != (fb, fe):
                say('  other reserve           [0x%x-0x%x)  %s' % (b, e, who))
        for b, e, who in frees:
            say('  freed later             [0x%x-0x%x)  %s' % (b, e, who))
        for b, e in dump:
            say('  dump: reserved          [0x%x-0x%x)' % (b, e))
    return status


# --------------------------------------------------------------------------

def cmd_build(opts):
    """Build the case DTBs only (no boot): checks the cases compile."""
    status = 0
    for c, p in jobs_for(load_cases(opts.cases), opts.profiles):
        try:
            path, lay, _ = build_case_dtb(c, p)
            say('%-40s %-15s %s fdt 0x%x+0x%x' % (c.name, p, path, lay['fdt_addr'], lay['fdt_size']))
        except Exception as e:
            say('%-40s %-15s ERROR %s' % (c.name, p, e))
            status = 1
    return status


def cmd_list(opts):
    for c in load_cases(opts.cases):
        ps = [p for p in c.profiles if p in opts.profiles]
        skipped = ['%s (skip: %s)' % (p, why) for p, why in c.skipped.items()
                   if p in opts.profiles]
        if ps or skipped:
            print('%-45s %s' % (c.name, ' '.join(ps + skipped)))
    return 0


def report_skips(cases, profiles):
    """One line per profile and skip reason: how many cases it leaves out."""
    for p in profiles:
        why = {}
        for c in cases:
            if p in c.skipped:
                why.setdefault(c.skipped[p], []).append(c.name)
        for reason, names in sorted(why.items()):
            say('%-15s %3d cases skipped: %s' % (p, len(names), reason))


def add_pending_option(sp):
    """--pending PROFILE (tests/runtime/run.py takes it too)."""
    sp.add_argument('--pending', action='append', metavar='PROFILE',
                    help='a pending profile (pending/PROFILE/profile.json: recorded '
                    'ahead of being modelled) or a group of them (all, riscv64, 7.2, '
                    '...) instead of built-in ones; its recordings are in '
                    'pending/PROFILE/; repeatable')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = ap.add_subparsers(dest='cmd', required=True)

    def common(sp, cases=True, pending=True):
        sp.add_argument('--profile', '-p', action='append', dest='profiles',
                        help='a built-in profile (rmem profiles --names) or a group: all, an '
                        'arch (arm64, armhf), arch and page size (arm64-4k), a kernel version '
                        '(6.12); repeatable; default all')
        if pending:
            add_pending_option(sp)
        support_profiles.add_rmem_option(sp)
        sp.add_argument('--jobs', '-j', type=int, default=2)
        sp.add_argument('--timeout', type=float, default=None, help='seconds per boot')
        sp.add_argument('--expected', default=None, metavar='DIR',
                        help='the expected outputs (default tests/conformance/expected)')
        if cases:
            sp.add_argument('cases', nargs='*', metavar='CASE')
    common(sub.add_parser('record', help='boot the kernels, write expected/ (pending/ with --pending)'))
    sp = sub.add_parser('check', help='compare rmem plan with expected/; name the pending profiles')
    common(sp, pending=False)
    sp.add_argument('--quick', action='store_true', help='only the cases named in quick.list')
    sp.add_argument('--not-recorded-exit', type=int, default=0, metavar='CODE',
                    help='the exit status when every comparison passed but a case the '
                    'profiles run has no recording (default 0: only reported)')
    sp = sub.add_parser('verify', help='boot the kernels again and compare with expected/')
    common(sp)
    sp.add_argument('--quick', action='store_true', help='only the cases named in quick.list')
    common(sub.add_parser('reextract', help='re-filter saved console logs into expected/'))
    common(sub.add_parser('list', help='the cases and their profiles'))
    common(sub.add_parser('build', help='build the case DTBs only'))
    sp = sub.add_parser('verify-early', help='check the early reservations with memblock=debug')
    common(sp, cases=False)
    sp.add_argument('--case', default='000-baseline')
    opts = ap.parse_args()
    if opts.expected:
        global EXPECTED_DIR
        EXPECTED_DIR = os.path.abspath(opts.expected)
    init_profiles(opts.rmem, pending=True)
    if getattr(opts, 'pending', None) and opts.profiles:
        die('--profile and --pending: one or the other')
    opts.profiles = select_profiles(opts.profiles, getattr(opts, 'pending', None))
    return {'record': cmd_record, 'check': cmd_check,
            'verify': lambda o: cmd_check(o, verify_one),  # noqa: E731
            'reextract': cmd_reextract,
            'list': cmd_list, 'build': cmd_build, 'verify-early': cmd_verify_early}[opts.cmd](opts)


if __name__ == '__main__':
    sys.exit(main())
