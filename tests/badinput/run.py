#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The catalogue of bad inputs: every one answered exactly as expected.

    run.py [--rmem PATH] [--list] [CASE ...]

Two kinds of entry (see README.md beside this file):

- cases/NAME.case: an input rmem cannot read (a broken DTB, a .dts dtc
  rejects, a trace with a double free, ...).  The case makes its input
  files in a scratch directory, runs rmem there and wants the exit code and
  the whole of stderr exactly, nothing on stdout, and every file it says is
  kept byte for byte as it was.
- kernel.list: inputs the kernel parses in its own way.  Each names a
  conformance case (tests/conformance/cases/) whose kernel lines were
  recorded from real boots and whose `# warning:` lines say what rmem must
  warn; tests/conformance/run.py check judges both, on every profile.

Exit status: 0 when every entry passes and there are at least MIN_ENTRIES,
1 otherwise, 2 on a broken case file.  Python 3 standard library only;
needs dtc.
"""

import argparse
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
CASES_DIR = os.path.join(HERE, 'cases')
BOARDS_DIR = os.path.join(HERE, 'boards')
KERNEL_LIST = os.path.join(HERE, 'kernel.list')
MIN_ENTRIES = 60
TIMEOUT = 20            # seconds; the documented limit is 1 s per 1 MiB input
COMMANDS = ('plan', 'check', 'sim', 'profiles', 'diff')

HEADER_FIELDS = ('magic', 'totalsize', 'off_dt_struct', 'off_dt_strings', 'off_mem_rsvmap',
                 'version', 'last_comp_version', 'boot_cpuid_phys', 'size_dt_strings',
                 'size_dt_struct')


class CaseError(Exception):
    pass


def parse_int(s):
    return int(s, 0)


class Case:
    """A cases/NAME.case file: `# key: value` lines, `---`, the body."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)[:-len('.case')]
        self.files = []         # (name, spec)
        self.run = None
        self.exit = None
        self.stderr = []
        self.keeps = []
        self.as_nobody = False
        self.what = ''
        with open(path) as f:
            text = f.read()
        head, sep, self.body = text.partition('\n---\n')
        if not sep:
            self.body = ''
        for line in head.splitlines():
            if not line.strip():
                continue
            if not line.startswith('# ') or ':' not in line:
                raise CaseError('%s: not a "# key: value" line: %s' % (self.name, line))
            key, _, value = line[2:].partition(':')
            self._set(key.strip(), value.strip())
        if self.run is None or self.exit is None:
            raise CaseError('%s: needs "run" and "exit"' % self.name)

    def _set(self, key, value):
        if key == 'what':
            self.what = value
        elif key.startswith('file '):
            self.files.append((key[5:].strip(), value))
        elif key == 'run':
            self.run = shlex.split(value)
        elif key == 'exit':
            self.exit = int(value)
        elif key == 'stderr':
            self.stderr.append(value)
        elif key == 'keeps':
            self.keeps.append(value)
        elif key == 'as':
            if value != 'nobody':
                raise CaseError('%s: "as" takes "nobody"' % self.name)
            self.as_nobody = True
        else:
            raise CaseError('%s: unknown key "%s"' % (self.name, key))


# --------------------------------------------------------------------------
# making the inputs

def dtc(source_path, out_path):
    r = subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', out_path, source_path],
                       stderr=subprocess.PIPE, text=True)
    if r.returncode:
        raise CaseError('dtc %s: %s' % (source_path, r.stderr.strip()))
    with open(out_path, 'rb') as f:
        return f.read()


def deep_dts(depth):
    """The small board with a device using its pool, nested @depth deep."""
    with open(os.path.join(BOARDS_DIR, 'small.dts')) as f:
        base = f.read().rstrip()
    assert base.endswith('};')
    chain = (''.join('n%d {\n' % i for i in range(depth)) +
             'dev {\nmemory-region = <&pool>;\n};\n' + '};\n' * depth)
    return base[:-2] + chain + '};\n'


def header_field(blob, field, value):
    i = HEADER_FIELDS.index(field)
    old = struct.unpack_from('>I', blob, 4 * i)[0]
    new = old + parse_int(value) if value[0] in '+-' else parse_int(value)
    struct.pack_into('>I', blob, 4 * i, new & 0xffffffff)


def block_offset(blob, where):
    """'struct+8' -> the offset of that byte: a block's start from the header."""
    block, _, rel = where.partition('+')
    field = {'struct': 'off_dt_struct', 'strings': 'off_dt_strings',
             'rsvmap': 'off_mem_rsvmap'}.get(block)
    if field is None:
        return parse_int(where)
    return struct.unpack_from('>I', blob, 4 * HEADER_FIELDS.index(field))[0] + parse_int(rel or '0')


def source(case, spec, scratch):
    """The first stage of a file spec: bytes, or a directory (None)."""
    words = spec.split()
    kind, args = words[0], words[1:]
    if kind == 'empty':
        return b''
    if kind == 'body':
        return case.body.encode()
    if kind == 'text':
        return (' '.join(args) + '\n').encode()
    if kind == 'repeat':
        return (args[1] * parse_int(args[0]) + '\n').encode()
    if kind == 'bytes':
        return bytes.fromhex(''.join(args))
    if kind == 'copy':
        with open(os.path.join(REPO, args[0]), 'rb') as f:
            return f.read()
    if kind == 'dts':
        with open(os.path.join(BOARDS_DIR, args[0] + '.dts'), 'rb') as f:
            return f.read()
    if kind == 'deep-dts':
        return deep_dts(parse_int(args[0])).encode()
    if kind == 'dtb':
        if args == ['body']:
            src = os.path.join(scratch, '.body.dts')
            with open(src, 'w') as f:
                f.write(case.body)
        elif args[0] == 'deep':
            src = os.path.join(scratch, '.deep.dts')
            with open(src, 'w') as f:
                f.write(deep_dts(parse_int(args[1])))
        else:
            src = os.path.join(BOARDS_DIR, args[0] + '.dts')
        blob = dtc(src, os.path.join(scratch, '.dtc.dtb'))
        os.unlink(os.path.join(scratch, '.dtc.dtb'))
        for tmp in ('.body.dts', '.deep.dts'):
            if os.path.exists(os.path.join(scratch, tmp)):
                os.unlink(os.path.join(scratch, tmp))
        return blob
    if kind == 'zeros':
        return ('zeros', parse_int(args[0]))
    if kind == 'dir':
        return None
    if kind == 'symlink':
        return ('symlink', args[0])
    raise CaseError('%s: unknown input "%s"' % (case.name, kind))


def modify(case, blob, step):
    words = step.split()
    op, args = words[0], words[1:]
    b = bytearray(blob)
    if op == 'header':
        header_field(b, args[0], args[1])
    elif op == 'cut':
        del b[parse_int(args[0]):]
    elif op == 'poke':
        at = block_offset(b, args[0])
        data = bytes.fromhex(args[1])
        b[at:at + len(data)] = data
    elif op == 'append':
        b += bytes.fromhex(''.join(args))
    else:
        raise CaseError('%s: unknown step "%s"' % (case.name, op))
    return bytes(b)


def make_file(case, name, spec, scratch):
    stages = [s.strip() for s in spec.split('|')]
    mode = None
    data = source(case, stages[0], scratch)
    for step in stages[1:]:
        if step.startswith('mode '):
            mode = int(step.split()[1], 8)
        else:
            data = modify(case, data, step)
    path = os.path.join(scratch, name)
    if isinstance(data, tuple) and data[0] == 'symlink':
        os.symlink(data[1], path)
        return
    if data is None:
        os.mkdir(path)
    else:
        with open(path, 'wb') as f:
            if isinstance(data, tuple):
                f.truncate(data[1])     # sparse: a large file that costs no disk
            else:
                f.write(data)
    if mode is not None:
        os.chmod(path, mode)


# --------------------------------------------------------------------------
# running a case

def nobody_prefix():
    """Root reads every file: a case about an unreadable file runs as nobody."""
    if os.geteuid() != 0:
        return []
    return ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--']


def snapshot(scratch, names):
    out = {}
    for n in names:
        with open(os.path.join(scratch, n), 'rb') as f:
            out[n] = f.read()
    return out


def run_case(case, rmem):
    """Returns a list of differences (empty: passed)."""
    scratch = tempfile.mkdtemp(prefix='rmem-badinput-')
    try:
        os.chmod(scratch, 0o755)
        for name, spec in case.files:
            make_file(case, name, spec, scratch)
        before = snapshot(scratch, case.keeps)
        listing = sorted(os.listdir(scratch))
        cmd = (nobody_prefix() if case.as_nobody else []) + [rmem] + case.run
        try:
            r = subprocess.run(cmd, cwd=scratch, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return ['no answer within %d s' % TIMEOUT]
        return judge(case, r, scratch, before, listing)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def judge(case, r, scratch, before, listing):
    diffs = []
    if r.returncode != case.exit:
        diffs.append('exit %d, expected %d' % (r.returncode, case.exit))
    got = r.stderr.decode(errors='replace').splitlines()
    if got != case.stderr:
        diffs.append('stderr:\n      expected: %s\n      got:      %s'
                     % ('\n                '.join(case.stderr) or '(nothing)',
                        '\n                '.join(got) or '(nothing)'))
    # rmem's convention: every line it writes on stderr starts "rmem COMMAND: ",
    # "rmem: " when the command itself is not one
    prefix = 'rmem %s: ' % case.run[0] if case.run and case.run[0] in COMMANDS else 'rmem: '
    for line in got:
        if not line.startswith(prefix):
            diffs.append('stderr line does not start "%s": %s' % (prefix, line))
    if case.exit != 0 and r.stdout:
        diffs.append('stdout is not empty: %r' % r.stdout[:200])
    after = snapshot(scratch, [n for n in case.keeps if os.path.exists(os.path.join(scratch, n))])
    for n in case.keeps:
        if after.get(n) != before[n]:
            diffs.append('%s was changed' % n)
    now = sorted(os.listdir(scratch))
    if case.exit != 0 and now != listing:
        diffs.append('files left behind: %s' % ', '.join(sorted(set(now) - set(listing))))
    return diffs


# --------------------------------------------------------------------------
# the kernel-parsed entries: conformance cases with their warnings

def kernel_entries():
    if not os.path.exists(KERNEL_LIST):
        return []
    names = []
    with open(KERNEL_LIST) as f:
        for line in f:
            name = line.split('#')[0].strip()
            if name:
                names.append(name)
    return names


def check_kernel_entries(names, rmem):
    """Every entry has its kernel lines recorded and its warnings stated."""
    conformance = os.path.join(REPO, 'tests', 'conformance')
    problems = []
    for n in names:
        path = os.path.join(conformance, 'cases', n + '.case')
        if not os.path.exists(path):
            problems.append('%s: no such conformance case' % n)
            continue
        with open(path) as f:
            if not any(re.match(r'# warning(\[[^]]*\])?:', l) for l in f):
                problems.append('%s: the case states no "# warning:"' % n)
        if not any(os.path.exists(os.path.join(conformance, 'expected', p, n + '.log'))
                   for p in os.listdir(os.path.join(conformance, 'expected'))):
            problems.append('%s: no kernel lines recorded' % n)
    if problems or not names:
        return problems
    r = subprocess.run([sys.executable, os.path.join(conformance, 'run.py'), 'check',
                        '--rmem', rmem, '--jobs', '2'] + names,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode:
        problems.append('conformance check failed:\n' + r.stdout)
    return problems


# --------------------------------------------------------------------------

def load_cases(names):
    files = sorted(f for f in os.listdir(CASES_DIR) if f.endswith('.case'))
    cases = [Case(os.path.join(CASES_DIR, f)) for f in files]
    if names:
        cases = [c for c in cases if c.name in names]
    return cases


def main():
    ap = argparse.ArgumentParser(description='The catalogue of bad inputs.')
    ap.add_argument('--rmem', default=os.environ.get('RMEM_BIN', os.path.join(REPO, 'build', 'rmem')))
    ap.add_argument('--list', action='store_true', help='list the entries and stop')
    ap.add_argument('cases', nargs='*', metavar='CASE')
    opts = ap.parse_args()
    try:
        cases = load_cases(opts.cases)
    except CaseError as e:
        print('run.py: %s' % e, file=sys.stderr)
        return 2
    kernel = [] if opts.cases else kernel_entries()
    if opts.list:
        for c in cases:
            print('%-40s tool    %s' % (c.name, c.what))
        for n in kernel:
            print('%-40s kernel  (conformance case)' % n)
        return 0
    rmem = os.path.abspath(opts.rmem)
    failed = 0
    for c in cases:
        try:
            diffs = run_case(c, rmem)
        except CaseError as e:
            print('run.py: %s' % e, file=sys.stderr)
            return 2
        if diffs:
            failed += 1
            print('FAIL %s (%s)\n    %s' % (c.name, c.what, '\n    '.join(diffs)))
    problems = check_kernel_entries(kernel, rmem)
    for p in problems:
        print('FAIL kernel entry: %s' % p)
    total = len(cases) + len(kernel)
    print('tool errors: %d/%d passed; kernel-parsed: %d entries, %s'
          % (len(cases) - failed, len(cases), len(kernel), 'failed' if problems else 'passed'))
    if not opts.cases and total < MIN_ENTRIES:
        print('FAIL the catalogue has %d entries, fewer than %d' % (total, MIN_ENTRIES))
        return 1
    return 1 if failed or problems else 0


if __name__ == '__main__':
    sys.exit(main())
