#!/usr/bin/env python3
"""Seeds at and just past each bound on untrusted input (docs/robustness.md, Bounds), so the targets
start where the limits are: nesting and length of filters, statistics and interface blocks of capture
files, constants that overflow in headers, alias bombs in specs, long lines in kallsyms.
Run by fuzz/make-seeds.sh; writes into fuzz/seeds/TARGET."""
import pathlib, struct, sys

seeds = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'fuzz/seeds')
for target in ('filter', 'capture', 'header', 'spec', 'kallsyms'):
    (seeds / target).mkdir(parents=True, exist_ok=True)

def write(target, name, data):
    (seeds / target / name).write_bytes(data if isinstance(data, bytes) else data.encode())

# --filter: 64 open '(' and '!' is the limit, 1,024 comparisons, 16,384 characters.
write('filter', 'bound-depth-64', '(' * 64 + 'hw' + ')' * 64)
write('filter', 'bound-depth-65', '(' * 65 + 'hw' + ')' * 65)
write('filter', 'bound-not-65', '!' * 65 + 'hw')
write('filter', 'bound-not-paren-33', '!(' * 33 + 'hw' + ')' * 33)
write('filter', 'bound-terms-1024', '||'.join(['hw'] * 1024))
write('filter', 'bound-terms-1025', '&&'.join(['hw'] * 1025))
write('filter', 'bound-length-16385', 'dport == 53'.ljust(16385))

# pcapng, little-endian: blocks of type, length, body, length.
def block(kind, body):
    body += b'\0' * (-len(body) % 4)
    return struct.pack('<II', kind, 12 + len(body)) + body + struct.pack('<I', 12 + len(body))

def options(*pairs):
    out = b''
    for code, value in pairs:
        out += struct.pack('<HH', code, len(value)) + value + b'\0' * (-len(value) % 4)
    return out + struct.pack('<I', 0)

section = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
interface = block(1, struct.pack('<HHI', 1, 0, 0) + options((2, b'eth0')))
statistics = block(5, struct.pack('<III', 0, 0, 1000) + options((1, b'c'), (7, struct.pack('<Q', 7))))
packet = block(6, struct.pack('<IIIII', 0, 0, 1000, 14, 14) + bytes(range(14)))
write('capture', 'bound-statistics-1100.pcapng', section + interface + packet + statistics * 1100)
write('capture', 'bound-interfaces-4097.pcapng', section + interface * 4097 + packet)
write('capture', 'bound-long-texts.pcapng', section + block(1, struct.pack('<HHI', 1, 0, 0) + options((2, 'é'.encode() * 1500), (3, b'd' * 3000))) + packet)

# Preprocessed headers: constants that do not fit in 64 bits.
write('header', 'bound-overflow.i', '# 1 "overflow.h"\n'
      '#define OCTAL 077777777777777777777777\n'
      '#define LLONG_MIN_DIV ((-9223372036854775807 - 1) / -1)\n'
      '#define SHIFT (1 << 64)\n'
      'enum overflow {\n\tO_OCTAL = OCTAL,\n\tO_DIV = LLONG_MIN_DIV,\n\tO_SHIFT = SHIFT,\n\tO_DEC = 99999999999999999999,\n};\n')

# Specs: a billion laughs, aliases as keys, aliases of a long scalar.
head = 'name: test\nprotocol: genetlink\ndoc: x\n'
laughs = head + 'extra:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n' + ''.join(
    f'  - &l{i} [{", ".join([f"*l{i - 1}"] * 10)}]\n' for i in range(1, 10))
write('spec', 'bound-billion-laughs.yaml', laughs)
keys = 'name: t\nprotocol: genetlink\nx:\n- &a0 {a: b}\n' + ''.join(
    f'- &a{i} {{? *a{i - 1} : 1, ? [*a{i - 1}] : 2}}\n' for i in range(1, 29))
write('spec', 'bound-alias-keys.yaml', keys)
long = head + 'extra: &long ' + 'd' * 1000 + '\nattribute-sets:\n  -\n    name: main\n    attributes:\n' + ''.join(
    f'      - {{name: a{i}, type: u32, doc: *long}}\n' for i in range(1100))
write('spec', 'bound-long-scalar-aliases.yaml', long)

# kallsyms: the format, a line past 1,024 characters, a table with no newline.
table = ('ffffffff88fe7fe0 T neigh_invalidate\nffffffff890bc140 T __udp4_lib_rcv\n'
         'ffffffff890bcd70 t udp_queue_rcv_skb\nffffffff890c0000 D some_data\n'
         '0000000000000000 T hidden_by_kptr_restrict\nffffffffc05ea0d0 t nft_do_chain\t[nf_tables]\n')
write('kallsyms', 'table', table)
write('kallsyms', 'bound-long-line', table + 'ffffffff890bc150 T ' + 'n' * 1100 + '\n' + table)
write('kallsyms', 'bound-no-newline', 'ffffffff890bc140 T x ' * 3000)
write('kallsyms', 'crlf', table.replace('\n', '\r\n'))
