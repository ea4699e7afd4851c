#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""
rmem diff against the real kernels: for a case of the conformance corpus
recorded on two profiles, `rmem diff A -- B` (each side booted as its
recording was: the case's DTB for that profile, its early reservations, its
DTB address) must report exactly the differences between the two recorded
logs, no more and no fewer: every line it says A alone has is that line of
A's recording, every line it says B alone has that line of B's, the lines
left over are the same on both sides, and there are as few of them as a
longest common subsequence leaves.  The exit status says whether they
differ.

    tests/diff/conformance_pairs.py --rmem build/rmem [--all] [--quick] [-j 2] [CASE...]

By default each profile is paired with the next one of `rmem profiles
--names` (every profile in two pairs, the kernel upgrades and the arches
side by side) and with the first one (arm64-5.10 against every other);
--all takes every pair (66 for 12 profiles); --quick only the cases of
quick.list, each profile against the next (what CTest runs:
diff/conformance_pairs).  Exit status: 0 all
passed, 1 a difference, 2 the corpus or rmem cannot be read.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'conformance'))
import run as conformance  # noqa: E402


def lcs_length(a, b):
    """The length of a longest common subsequence of the lists @a and @b."""
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b):
            cur = row[j + 1]
            row[j + 1] = prev + 1 if x == y else max(row[j + 1], row[j])
            prev = cur
    return row[len(b)]


def judge(want_a, want_b, report):
    """What is wrong with @report (rmem diff's json) for the recorded lines
    @want_a and @want_b; None when nothing."""
    gone, new = {}, {}
    for c in report['changes']:
        if c['what'] != 'log-line':
            continue
        lines, side = (want_a, gone) if c['side'] == 'a' else (want_b, new)
        n = c['line_number']
        if not 1 <= n <= len(lines) or lines[n - 1] != c['line'] or n in side:
            return 'line %d of %s is not %r' % (n, c['side'].upper(), c['line'])
        side[n] = c['line']
    kept_a = [l for i, l in enumerate(want_a, 1) if i not in gone]
    kept_b = [l for i, l in enumerate(want_b, 1) if i not in new]
    if kept_a != kept_b:
        return 'the lines it keeps differ: %r against %r' % (kept_a, kept_b)
    common = lcs_length(want_a, want_b)
    if len(gone) != len(want_a) - common or len(new) != len(want_b) - common:
        return '%d lines removed and %d added, where %d and %d do' % (
            len(gone), len(new), len(want_a) - common, len(want_b) - common)
    if report['log_differs'] != (want_a != want_b):
        return 'log_differs is %s' % report['log_differs']
    return None


def check_pair(rmem, inputs_of, case, pa, pb):
    """(ok, message); ok None: not recorded on both."""
    sides = []
    for p in (pa, pb):
        inputs = inputs_of[(case.name, p)]
        if not inputs:
            return None, 'not recorded'
        want, meta, dtb = inputs
        if want is None:
            return False, dtb
        sides.append((want, conformance.plan_args(p, meta, dtb)))
    cmd = [rmem, 'diff', '--format', 'json'] + sides[0][1] + ['--'] + sides[1][1]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    if r.returncode not in (0, 1):
        return False, 'exit %d: %s' % (r.returncode, r.stderr.strip())
    try:
        report = json.loads(r.stdout)
    except ValueError as e:
        return False, 'not json: %s' % e
    if r.returncode != int(report['differs']):
        return False, 'exit %d, but "differs" is %s' % (r.returncode, report['differs'])
    why = judge(sides[0][0], sides[1][0], report)
    if not why and sides[0][0] != sides[1][0] and r.returncode != 1:
        why = 'the recordings differ, the exit status is 0'
    return why is None, why


def check_cmdlines(rmem, inputs_of, case_a, case_b, profile):
    """The shorthand on one board: `rmem diff --cmdline A --cmdline B`,
    the board @case_a's, against the recordings of two cases whose device
    trees differ only in their command lines.  (ok, message) as
    check_pair()."""
    ins = [inputs_of[(c.name, profile)] for c in (case_a, case_b)]
    if not all(ins):
        return None, 'not recorded'
    for want, meta, why in ins:
        if want is None:
            return False, why
    cmd = [rmem, 'diff', '--format', 'json', '--cmdline', ins[0][1]['cmdline'],
           '--cmdline', ins[1][1]['cmdline']] + conformance.plan_args(profile, ins[0][1], ins[0][2])
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    if r.returncode not in (0, 1):
        return False, 'exit %d: %s' % (r.returncode, r.stderr.strip())
    why = judge(ins[0][0], ins[1][0], json.loads(r.stdout))
    return why is None, why


def case_body(case):
    """A case's device tree and settings: the case file but its comments and
    command line, and the board a board case (NAME@MACHINE) runs on."""
    name, _, board = case.name.partition('@')
    with open(os.path.join(conformance.CASES_DIR, name + '.case')) as f:
        return ['# on: ' + board] + [
            l for l in f.read().splitlines()
            if not l.startswith('#') or (':' in l and not l.startswith(('# cmdline', '# probes')))]


def cmdline_pairs(cases):
    """The pairs of cases whose device trees and settings are the same but for the command line."""
    groups = {}
    for c in cases:
        groups.setdefault('\n'.join(case_body(c)), []).append(c)
    return [(g[0], c) for g in groups.values() for c in g[1:]]


def pairs(profiles, everything):
    if everything:
        return list(itertools.combinations(profiles, 2))
    out = list(zip(profiles, profiles[1:]))
    out += [(profiles[0], p) for p in profiles[2:]]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--rmem', required=True)
    ap.add_argument('--all', action='store_true', help='every pair of profiles')
    ap.add_argument('--quick', action='store_true',
                    help='only the cases of the conformance corpus\'s quick.list')
    ap.add_argument('--cmdline', action='store_true',
                    help='instead: the cases that differ only in their command line, on each '
                    'profile, with --cmdline given twice')
    ap.add_argument('--jobs', '-j', type=int, default=2)
    ap.add_argument('cases', nargs='*', metavar='CASE')
    opts = ap.parse_args()
    conformance.init_profiles(opts.rmem)
    profiles = conformance.BUILTIN
    cases = conformance.load_cases(opts.cases)
    if opts.quick:
        with open(os.path.join(conformance.HERE, 'quick.list')) as f:
            quick = [l.split('#')[0].strip() for l in f]
        cases = [c for c in cases if c.name in quick]
    chosen = pairs(profiles, opts.all)
    if opts.quick and not opts.all:
        chosen = list(zip(profiles, profiles[1:]))     # each profile against the next
    work = [(c, pa, pb) for c in cases for pa, pb in chosen]
    passed = judged = 0
    fails = []

    def one(c, pair):
        return check_pair(opts.rmem, inputs_of, c, *pair)

    # each case's DTB built once for each profile, before the pairs share it
    inputs_of = {}
    need = sorted({(c.name, p): (c, p) for c in cases for p in profiles}.values(),
                  key=lambda cp: (cp[0].name, cp[1]))
    for c, p, res in conformance.parallel(conformance.plan_inputs, need, opts.jobs):
        inputs_of[(c.name, p)] = (None, None, 'internal error: %r' % res) \
            if isinstance(res, Exception) else res
    jobs = [(c, (pa, pb)) for c, pa, pb in work]
    if opts.cmdline:
        jobs = [(a, (b, p)) for a, b in cmdline_pairs(cases) for p in profiles]

        def one(c, pair):      # noqa: F811
            return check_cmdlines(opts.rmem, inputs_of, c, pair[0], pair[1])
    for c, pair, res in conformance.parallel(one, jobs, opts.jobs):
        if isinstance(res, Exception):
            res = (False, 'internal error: %r' % res)
        ok, msg = res
        if ok is None:
            continue
        judged += 1
        if ok:
            passed += 1
        else:
            fails.append('%s %s -- %s: %s' % (c.name, pair[0] if not opts.cmdline else
                                              pair[0].name, pair[1], msg))
    for f in sorted(fails):
        print('FAIL', f)
    print('rmem diff: %d of %d pairs of recordings reported exactly (%s)'
          % (passed, judged, 'cases that differ in cma= and the like, --cmdline twice'
             if opts.cmdline else '%d profile pairs, %d cases'
             % (len(chosen), len(cases))))
    if not judged:
        return 2
    return 0 if passed == judged else 1


if __name__ == '__main__':
    sys.exit(main())
