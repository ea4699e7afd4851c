# SPDX-License-Identifier: GPL-2.0-only
"""The built-in kernel profiles, as the built rmem lists them.

The library's table is the only list of profiles: the scripts ask the
binary (`rmem profiles --names` for the names, in the table's order, and
`rmem profiles` for each one's arch, kernel version and page size) instead
of naming profiles themselves.  Python 3 standard library only.
"""

import os
import re
import subprocess

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

# A line of `rmem profiles`: NAME ARCH MAJOR.MINOR PAGE_KIBK ...
_ROW = re.compile(r'^(\S+)\s+(\S+)\s+(\d+)\.(\d+)\s+(\d+)K\s')


class ProfileError(Exception):
    pass


def default_rmem():
    """$RMEM_BIN, else the default build's binary."""
    return os.environ.get('RMEM_BIN') or os.path.join(REPO, 'build', 'rmem')


def add_rmem_option(parser):
    """--rmem PATH, for a script whose profiles are those of the binary."""
    parser.add_argument('--rmem', default=default_rmem(),
                        help='the rmem binary: the one checked, and the one whose built-in '
                        'profiles are the list (default $RMEM_BIN or build/rmem)')


def _run(rmem, args):
    if not os.access(rmem, os.X_OK):
        raise ProfileError('no rmem binary at %s: build it (make build) or name one '
                           '(--rmem PATH or RMEM_BIN)' % rmem)
    r = subprocess.run([rmem, 'profiles'] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode:
        raise ProfileError('%s profiles %s: exit %d: %s' % (rmem, ' '.join(args), r.returncode,
                                                           r.stderr.strip()))
    return r.stdout.splitlines()


def names(rmem):
    """The built-in profiles' names, in the library's order."""
    out = [l for l in _run(rmem, ['--names']) if l.strip()]
    if not out or len(set(out)) != len(out):
        raise ProfileError('%s profiles --names: no names, or a name twice: %r' % (rmem, out))
    return out


def load(rmem):
    """{name: {'arch': 'arm64' | 'arm' | ..., 'version': (major, minor),
    'page_kib': N}} in the library's order."""
    rows = {}
    for line in _run(rmem, []):
        m = _ROW.match(line)
        if m:
            rows[m.group(1)] = dict(arch=m.group(2), version=(int(m.group(3)), int(m.group(4))),
                                    page_kib=int(m.group(5)))
    out = {}
    for n in names(rmem):
        if n not in rows:
            raise ProfileError('%s profiles: no line for %s' % (rmem, n))
        out[n] = rows[n]
    return out


def groups(profiles):
    """Selections by property, for --profile and a case's "profiles:" line:
    'all', each arch ('arm64'; 'armhf' for arm), ARCH-NK for a page size
    ('arm64-4k'), and each kernel version ('6.12')."""
    g = {'all': list(profiles)}

    def add(key, name):
        g.setdefault(key, []).append(name)
    for n, p in profiles.items():
        arch = 'armhf' if p['arch'] == 'arm' else p['arch']
        add(arch, n)
        add('%s-%dk' % (arch, p['page_kib']), n)
        add('%d.%d' % p['version'], n)
    # a group never shadows a profile's own name
    return {k: v for k, v in g.items() if k not in profiles}
