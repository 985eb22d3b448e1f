#!/usr/bin/env bash
# Rebuilds fuzz/seeds/ from the real data in testdata/ and specs/ (needs editcap from Wireshark and
# python3). The seeds are committed; run this only when that data changes. Small seeds fuzz faster,
# so each is a slice of a real capture: the controller's reply that names NET_DM, then one kind of message.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=fuzz/seeds
nd=testdata/net_dm
rm -rf "$seeds"
mkdir -p "$seeds"/{capture,netdm-read,netdm-alerts,tracefs-format,tracefs-page,frame,filter,spec}

# netdrop read: frame 2 is the GETFAMILY reply (NET_DM is family 0x20), then the message of interest.
editcap -r $nd/netdm-packet.pcap "$seeds/netdm-read/lookup-config.pcap" 1-5
editcap -r $nd/netdm-packet.pcap "$seeds/netdm-read/packet-alert-udp4.pcap" 2 14
editcap -r $nd/netdm-packet.pcap "$seeds/netdm-read/packet-alert-icmpv6.pcap" 2 18
editcap -r $nd/netdm-packet.pcap "$seeds/netdm-read/packet-alert-nft.pcap" 2 20
editcap -r $nd/netdm-packet.pcap "$seeds/netdm-read/stats-config.pcap" 2 26 27 29
editcap -r $nd/netdm-summary.pcap "$seeds/netdm-read/summary-alert.pcap" 2 10
editcap -r $nd/netdm-packet-swhw.pcap "$seeds/netdm-read/swhw-start.pcap" 2 12 13

# Capture files: the same frames as classic pcap (micro- and nanosecond) and pcapng (with a comment).
editcap -r $nd/netdm-summary.pcap "$seeds/capture/summary.pcap" 1-3
editcap -F nsecpcap -r $nd/netdm-summary.pcap "$seeds/capture/summary-nsec.pcap" 1-3
editcap -F pcapng -r $nd/netdm-summary.pcap "$seeds/capture/summary.pcapng" 1-3
editcap -F pcapng -a "2:a comment on frame 2" -r $nd/netdm-summary.pcap "$seeds/capture/summary-comment.pcapng" 1-3

python3 - "$seeds" <<'PY'
import struct, sys, pathlib
seeds = pathlib.Path(sys.argv[1])

def frames(path):
    data = pathlib.Path(path).read_bytes()
    at = 24
    while at + 16 <= len(data):
        incl = struct.unpack_from('<I', data, at + 8)[0]
        yield data[at + 16 + 16:at + 16 + incl]  # past the record header and the 16-byte cooked header
        at += 16 + incl

def attributes(body):
    at = 0
    while at + 4 <= len(body):
        length, kind = struct.unpack_from('<HH', body, at)
        if length < 4:
            break
        yield kind & 0x3fff, body[at + 4:at + length]
        at += (length + 3) & ~3

packet = list(frames('testdata/net_dm/netdm-packet.pcap'))
summary = list(frames('testdata/net_dm/netdm-summary.pcap'))
swhw = list(frames('testdata/net_dm/netdm-packet-swhw.pcap'))
alerts = {'packet-udp4': packet[13], 'packet-icmpv6': packet[17], 'packet-nft': packet[19],
          'packet-tcp4': packet[18], 'summary': summary[9], 'swhw-udp6': swhw[16]}
for name, message in alerts.items():
    (seeds / 'netdm-alerts' / name).write_bytes(message)
(seeds / 'netdm-alerts' / 'two-in-one-datagram').write_bytes(packet[13] + packet[17])

# Frames: skb->protocol (big-endian) then the payload NET_DM sent, from each packet alert.
for name in ('packet-udp4', 'packet-icmpv6', 'packet-nft', 'packet-tcp4', 'swhw-udp6'):
    attrs = dict(attributes(alerts[name][20:]))  # past nlmsghdr and genlmsghdr
    proto = struct.unpack('<H', attrs[6])[0]
    (seeds / 'frame' / name.replace('packet-', '').replace('swhw-', '')).write_bytes(struct.pack('>H', proto) + attrs[7])

# tracefs: the format file and header_page joined by a NUL; the page whole and cut to its data.
tracefs = pathlib.Path('testdata/tracefs')
(seeds / 'tracefs-format' / 'kfree_skb-6.18').write_bytes(
    (tracefs / 'kfree_skb-format-6.18').read_bytes() + b'\0' + (tracefs / 'header_page-6.18').read_bytes())
page = (tracefs / 'kfree_skb-cpu1-6.18.raw').read_bytes()
(seeds / 'tracefs-page' / 'kfree_skb-cpu1-6.18').write_bytes(page)
commit = struct.unpack_from('<I', page, 8)[0] & ((1 << 30) - 1)
(seeds / 'tracefs-page' / 'kfree_skb-cpu1-6.18-data-only').write_bytes(page[:16 + commit])

# Filter expressions: every one the tests use, valid and not.
import re
text = pathlib.Path('tests/NetDrop.Cli.Tests/Watch/DropFilterTests.cs').read_text()
expressions = []
for literal in re.findall(r'InlineData\("((?:[^"\\]|\\.)*)"', text):
    expression = literal.encode().decode('unicode_escape')
    if expression not in expressions:
        expressions.append(expression)
for i, expression in enumerate(expressions):
    if expression:  # AFL cannot start from an empty file
        (seeds / 'filter' / f'{i:03d}').write_text(expression)
PY

# BTF: what clang writes for a small C file with every shape the reader walks (anonymous unions and
# structs, typedefs, modifiers, bitfields, arrays, enums, functions, variables, a data section).
mkdir -p "$seeds/btf"
btf_dir=$(mktemp -d)
cat >"$btf_dir/shapes.c" <<'C'
typedef unsigned short u16;
typedef struct { struct inner *p; } wrapped_t;
struct inner { u16 a; u16 skc_num; };
enum colour { RED, GREEN = 7 };
struct sk_buff { unsigned long long first; union { unsigned int x; struct { u16 pad; const volatile u16 mac_header; }; };
                 wrapped_t nd_net; unsigned char flag:3, other:5; unsigned int arr[4]; enum colour c; void *dev; };
struct sk_buff skb_seed;
int seed_function(struct sk_buff *skb, int n) { return skb->arr[n & 3] + skb->flag; }
C
clang -target bpf -g -O2 -c "$btf_dir/shapes.c" -o "$btf_dir/shapes.o"
llvm-objcopy --dump-section .BTF="$seeds/btf/shapes.btf" "$btf_dir/shapes.o"
rm -rf "$btf_dir"

# Specs: the project's own, and the kernel's YNL specs it ships.
cp specs/net_dm.yaml specs/kernel/nlctrl.yaml "$seeds/spec/"
cp specs/kernel/devlink.yaml "$seeds/spec/devlink.yaml"
# At and just past each bound on untrusted input, and the kallsyms target's seeds.
python3 fuzz/make-bounds-seeds.py "$seeds"
echo "seeds: $(find "$seeds" -type f | wc -l) files in $seeds"
