#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Regenerate fuzz/corpus/plan/ from the conformance cases in
tests/conformance/quick.list: each case's fragment on a minimal board (RAM,
/chosen/bootargs, /memreserve/ from its header), compiled with dtc, behind
the fuzz_plan selector byte (the index of a built-in profile the case runs
on, from `rmem profiles` of --rmem PATH or $RMEM_BIN or build/rmem, taken
in turn when it runs on several).  The other corpora are small hand-written
files.

With --trace-board: regenerate fuzz/fuzz_trace_board.h, the DTB of
fuzz/trace-board.dts that fuzz_trace boots, as a C array.

With --fixup: regenerate fuzz/corpus/fixup/, inputs of fuzz_fixup (a board
with and without a memory node, banks for --memory, an overlay adding a
reserved-memory region), in its layout (see fuzz/fuzz_fixup.c)."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES = os.path.join(ROOT, 'tests', 'conformance', 'cases')
OUT = os.path.join(HERE, 'corpus', 'plan')
RAM_BASE = 0x40000000
sys.dont_write_bytecode = True      # nothing of ours in tests/support/
sys.path.insert(0, os.path.join(ROOT, 'tests', 'support'))
import profiles as support_profiles  # noqa: E402


def selector(index):
    """fuzz_plan.c's selector bits for built-in profile @index: bits 0-2 and 5-7."""
    assert index < 64
    return (index & 7) | (index >> 3) << 5


def case_profiles(text, profiles, groups):
    """A case's "profiles:" line (tests/conformance/run.py's rules) -> names."""
    sel = []
    for w in text.split():
        neg = w.startswith('!')
        names = groups.get(w.lstrip('!'), [w.lstrip('!')])
        if neg:
            sel = [p for p in (sel or list(profiles)) if p not in names]
        else:
            sel += [p for p in names if p not in sel]
    return [p for p in profiles if p in sel]


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


FIXUP_BOARDS = {
    'ram': '/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n'
           '\tchosen { bootargs = "console=ttyAMA0"; };\n'
           '\tmemory@40000000 { device_type = "memory"; reg = <0 0x40000000 0 0x40000000>; };\n'
           '\treserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n'
           '\t\tcma: linux,cma { compatible = "shared-dma-pool"; reusable; size = <0 0x1000000>;\n'
           '\t\t\tlinux,cma-default; };\n\t};\n};\n',
    'noram': '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n'
             '\tchosen { };\n\tmemory { device_type = "memory"; reg = <0 0>; };\n};\n',
}
FIXUP_OVERLAY = ('/dts-v1/;\n/plugin/;\n&{/} {\n\treserved-memory {\n'
                 '\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n\t\tranges;\n'
                 '\t\tpool@48000000 { compatible = "shared-dma-pool"; no-map;\n'
                 '\t\t\treg = <0 0x48000000 0 0x400000>; };\n\t};\n};\n')


def dtc(source, *extra):
    return subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', *extra, '-o', '-'],
                          input=source.encode(), stdout=subprocess.PIPE, check=True).stdout


def fixup_corpus():
    """fuzz_fixup's seeds: selector, banks, base length, base, overlay."""
    out = os.path.join(HERE, 'corpus', 'fixup')
    os.makedirs(out, exist_ok=True)
    overlay = dtc(FIXUP_OVERLAY, '-@')
    banks = [(RAM_BASE, 1 << 30), (0x100000000, 1 << 30)]
    for board_name, source in FIXUP_BOARDS.items():
        base = dtc(source)
        for nr, apply in ((0, True), (1, False), (2, True)):
            sel = nr | (8 if apply else 0) | (len(FIXUP_BOARDS) * nr % 16) << 4
            data = bytes([sel])
            for b, s in banks[:nr]:
                data += b.to_bytes(8, 'little') + s.to_bytes(8, 'little')
            data += len(base).to_bytes(2, 'little') + base + (overlay if apply else b'')
            with open(os.path.join(out, '%s-%d%s' % (board_name, nr, '-overlay' if apply else '')),
                      'wb') as f:
                f.write(data)
    return 0


def main():
    if sys.argv[1:] == ['--trace-board']:
        return trace_board()
    if sys.argv[1:] == ['--fixup']:
        return fixup_corpus()
    rmem = sys.argv[2] if sys.argv[1:2] == ['--rmem'] else support_profiles.default_rmem()
    profiles = support_profiles.load(rmem)
    groups = support_profiles.groups(profiles)
    order = list(profiles)
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
        runs_on = case_profiles(hdr.get('profiles', 'all'), profiles, groups)
        if not runs_on:
            sys.exit('make-corpus: %s runs on no built-in profile' % name)
        sel = selector(order.index(runs_on[i % len(runs_on)]))
        dtb = subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', '-'],
                             input=board(hdr, ''.join(body)).encode(),
                             stdout=subprocess.PIPE, check=True).stdout
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(bytes([sel]) + dtb)
    return 0


if __name__ == '__main__':
    sys.exit(main())
