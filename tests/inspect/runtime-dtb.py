#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The DTB of a runtime-oracle case for record.sh: the case's fragment on
the conformance base DTS, with the /rmem-trace node the rmem_trace module
replays (tests/runtime/run.py's own nodes, less the /chosen initrd range:
QEMU's -initrd writes that one for record.sh's boot).

    runtime-dtb.py [--rmem PATH] PROFILE CASE

CASE: tests/inspect/cases/CASE.dts (and .trace, in the runtime oracle's
format: cases for inspect alone), else a case of tests/runtime/cases.
Prints "DTB<TAB>CMDLINE": the DTB's path (under RMEM_INSPECT_WORK, default
/var/cache/rmem/inspect, never the runtime oracle's own work directory) and
the case's "# cmdline:" words.  Dies on a case whose RAM is not the 1 GiB
record.sh boots with.
"""

import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
_spec = importlib.util.spec_from_file_location(
    'runtime_run', os.path.join(HERE, '..', 'runtime', 'run.py'))
rt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rt)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--rmem', default=os.environ.get('RMEM_BIN',
                                                     os.path.join(HERE, '..', '..', 'build', 'rmem')))
    ap.add_argument('profile')
    ap.add_argument('case')
    opts = ap.parse_args()
    rt.conf.WORK = os.environ.get('RMEM_INSPECT_WORK', '/var/cache/rmem/inspect')
    rt.init_profiles(opts.rmem)
    if opts.profile not in rt.RUNTIME_PROFILES:
        rt.conf.die('%s: not a runtime profile' % opts.profile)
    own = os.path.join(HERE, 'cases', opts.case + '.dts')
    (case,) = [rt.Case(own)] if os.path.exists(own) else rt.load_cases([opts.case])
    if case.ram != 1024 * rt.MiB or case.memory:
        rt.conf.die('%s: record.sh boots 1 GiB of RAM, the case wants another layout' % case.name)
    c = rt.Case.__new__(rt.Case)
    c.__dict__.update(case.__dict__)
    c.name = 'inspect-' + case.name
    c.fragment = case.fragment + '\n\trmem-trace {\n\t\trmem,trace = %s;\n\t};\n' % (
        ',\n\t\t\t'.join(rt.dts_string(s) for s in case.trace) if case.trace else '""')
    dtb, _, _ = rt.conf.build_dtb(c, opts.profile)
    print('%s\t%s' % (dtb, case.cmdline))
    return 0


if __name__ == '__main__':
    sys.exit(main())
