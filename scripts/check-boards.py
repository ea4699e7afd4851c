#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""rmem check on every board DTB of a directory, with each profile asked for.

    check-boards.py --rmem PATH --dtbs DIR [--profile P ...] [--jobs N] [BOARD ...]

Runs `rmem check --format json --kernel P DTB` on each DTB (its path
relative to DIR, e.g. qcom/sdm845-db845c.dtb).  A board whose memory nodes
give no RAM is checked with --memory: 1 GiB where its first memory node
says RAM starts (its unit address), else at 0x40000000, as
tests/conformance/sweep.py plans such boards.

A run is a crash when its exit code is not 0 or 1, its stderr has a
sanitizer report, it takes more than --timeout seconds, or its output is
not JSON.  Prints the number of runs, the crashes, and how many findings
of each id on how many boards.  Exit: 0 no crash, 1 crashes, 2 nothing to
check.  Python 3 standard library only; needs fdtget (device-tree-compiler).
"""

import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys

SANITIZER_MARKS = ('runtime error', 'AddressSanitizer', 'LeakSanitizer')
NO_RAM = 'give the RAM with --memory'


def memory_base(dtb):
    """Where the board's first memory node says RAM starts, else 0x40000000."""
    try:
        nodes = subprocess.run(['fdtget', '-l', dtb, '/'], capture_output=True, text=True,
                               timeout=10).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        nodes = []
    for n in nodes:
        if n.startswith('memory@'):
            try:
                return int(n.split('@', 1)[1].split(',')[-1], 16)
            except ValueError:
                break
    return 0x40000000


def run(rmem, profile, dtb, timeout):
    base = ['--format', 'json', '--kernel', profile]
    for memory in ([], ['--memory', '%#x+1G' % memory_base(dtb)]):
        try:
            p = subprocess.run([rmem, 'check', *base, *memory, dtb], capture_output=True,
                               timeout=timeout)
        except subprocess.TimeoutExpired:
            return {'crash': 'no answer in %d s' % timeout}
        err = p.stderr.decode('utf-8', 'replace')
        if p.returncode == 3 and NO_RAM in err and not memory:
            continue
        for mark in SANITIZER_MARKS:
            if mark in err:
                return {'crash': next(l for l in err.splitlines() if mark in l).strip()}
        if p.returncode not in (0, 1):
            return {'crash': 'exit %d: %s' % (p.returncode, err.strip()[-200:])}
        try:
            return {'report': json.loads(p.stdout), 'memory': bool(memory)}
        except ValueError:
            return {'crash': 'the output is not JSON'}
    return {'crash': 'unreachable'}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rmem', required=True)
    ap.add_argument('--dtbs', required=True)
    ap.add_argument('--profile', action='append')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--timeout', type=int, default=30)
    ap.add_argument('boards', nargs='*')
    args = ap.parse_args()
    boards = args.boards or sorted(
        os.path.relpath(os.path.join(d, f), args.dtbs)
        for d, _, files in os.walk(args.dtbs) for f in files if f.endswith('.dtb'))
    profiles = args.profile or ['arm64-6.12']
    if not boards:
        print('no board to check', file=sys.stderr)
        return 2
    jobs = [(b, p) for b in boards for p in profiles]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda j: run(args.rmem, j[1], os.path.join(args.dtbs, j[0]),
                                                args.timeout), jobs))
    crashes = [(j, r['crash']) for j, r in zip(jobs, results) if 'crash' in r]
    findings = collections.defaultdict(collections.Counter)
    on_boards = collections.defaultdict(lambda: collections.defaultdict(set))
    with_memory = 0
    for (board, profile), r in zip(jobs, results):
        if 'report' not in r:
            continue
        with_memory += r['memory']
        for f in r['report']['findings']:
            findings[profile][(f['id'], f['severity'])] += 1
            on_boards[profile][(f['id'], f['severity'])].add(board)
    print('%d boards x %d profiles = %d runs (%d with --memory), %d crashes'
          % (len(boards), len(profiles), len(jobs), with_memory, len(crashes)))
    for (board, profile), why in crashes:
        print('CRASH %s %s: %s' % (profile, board, why))
    for profile in profiles:
        print('%s: findings by id: how many, on how many boards' % profile)
        for (fid, sev), n in sorted(findings[profile].items(), key=lambda x: -x[1]):
            print('  %-28s %-8s %5d %5d' % (fid, sev, n, len(on_boards[profile][(fid, sev)])))
    return 1 if crashes else 0


if __name__ == '__main__':
    sys.exit(main())
