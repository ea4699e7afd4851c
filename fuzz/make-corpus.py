#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Regenerate fuzz/corpus/plan/ from the conformance cases in
tests/conformance/quick.list: each case's fragment on a minimal board (RAM,
/chosen/bootargs, /memreserve/ from its header), compiled with dtc, behind
the fuzz_plan selector byte (the profile index, rotated for cases that run
on every profile).  The other corpora are small hand-written files.

With --trace-board: regenerate fuzz/fuzz_trace_board.h, the DTB of
fuzz/trace-board.dts that fuzz_trace boots, as a C array."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES = os.path.join(ROOT, 'tests', 'conformance', 'cases')
OUT = os.path.join(HERE, 'corpus', 'plan')
PROFILES = ['arm64-5.10', 'arm64-6.1', 'arm64-6.12', 'arm64-6.12-16k', 'armhf-6.1']
RAM_BASE = 0x40000000


def size(text):
    m = re.fullmatch(r'(0x[0-9a-fA-F]+|\d+)([KMG]?)', text.strip())
    return int(m.group(1), 0) << {'': 0, 'K': 10, 'M': 20, 'G': 30}[m.group(2)]


def ranges(text):
    return [tuple(size(x) for x in r.split()) for r in text.split(',')]


def cells(v):
    return '0x%x 0x%x' % (v >> 32, v & 0xffffffff)


def board(hdr, body):
    mem = ranges(hdr['memory']) if 'memory' in hdr else [(RAM_BASE, size(hdr.get('ram', '1G')))]
    out = ['/dts-v1/;']
    out += ['/memreserve/ 0x%x 0x%x;' % r for r in ranges(hdr.get('memreserve', ''))
            ] if hdr.get('memreserve') else []
    out += ['/ {', '\t#address-cells = <2>;', '\t#size-cells = <2>;']
    out.append('\tchosen { bootargs = "console=ttyAMA0 %s"; };' % hdr.get('cmdline', ''))
    for i, (b, s) in enumerate(mem):
        out.append('\tmemory@%x { device_type = "memory"; reg = <%s %s>; };' % (b, cells(b), cells(s)))
    out += [body, '};']
    return '\n'.join(out) + '\n'


def trace_board():
    dtb = subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', '-',
                          os.path.join(HERE, 'trace-board.dts')],
                         stdout=subprocess.PIPE, check=True).stdout
    rows = [', '.join('0x%02x' % b for b in dtb[i:i + 12]) for i in range(0, len(dtb), 12)]
    with open(os.path.join(HERE, 'fuzz_trace_board.h'), 'w') as f:
        f.write('/* SPDX-License-Identifier: GPL-2.0-only */\n'
                '/* fuzz/trace-board.dts compiled by dtc: fuzz/make-corpus.py --trace-board */\n'
                '#ifndef RMEM_FUZZ_TRACE_BOARD_H\n#define RMEM_FUZZ_TRACE_BOARD_H\n\n'
                'static const unsigned char fuzz_trace_board[] = {\n')
        f.write(''.join('\t%s,\n' % r for r in rows))
        f.write('};\n\n#endif /* RMEM_FUZZ_TRACE_BOARD_H */\n')
    return 0


def main():
    if sys.argv[1:] == ['--trace-board']:
        return trace_board()
    os.makedirs(OUT, exist_ok=True)
    names = [l.strip() for l in open(os.path.join(ROOT, 'tests', 'conformance', 'quick.list'))
             if l.strip() and not l.startswith('#')]
    for i, name in enumerate(names):
        hdr, body = {}, []
        for line in open(os.path.join(CASES, name + '.case')):
            m = re.match(r'# (\w+): (.*)', line)
            if m:
                hdr[m.group(1)] = m.group(2).strip()
            elif not line.startswith('#'):
                body.append(line)
        profs = hdr.get('profiles', 'all')
        sel = 4 if profs.startswith('armhf') else 3 if '16k' in profs else i % 4
        dtb = subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', '-'],
                             input=board(hdr, ''.join(body)).encode(),
                             stdout=subprocess.PIPE, check=True).stdout
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(bytes([sel]) + dtb)
    return 0


if __name__ == '__main__':
    sys.exit(main())
