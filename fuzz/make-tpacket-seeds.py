#!/usr/bin/env python3
"""Seeds for the tpacket fuzz target: rings laid out as the kernel lays them out (two 4 KiB blocks),
with a version byte in front (0: TPACKET_V3 blocks, 1: TPACKET_V2 slots of 256 bytes)."""
import struct, sys, pathlib

BLOCK, FRAME = 4096, 256
USER, LOSING = 1, 4
out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz/seeds/tpacket")
out.mkdir(parents=True, exist_ok=True)

def packet(seq):
    # Broadcast Ethernet frame of a local experimental EtherType carrying a sequence number.
    return b"\xff" * 6 + b"\x02\x00\x00\x00\x0d\x01" + b"\x88\xb5" + struct.pack(">I", seq) + bytes(range(46))

def sockaddr_ll():
    return struct.pack("<HHiHBB8s", 17, 0xB588, 7, 1, 1, 6, b"\x02\x00\x00\x00\x0d\x01\x00\x00")

def v3_block(status, first, count):
    mac = 48 + 32
    span = (mac + 64 + 15) & ~15
    block = bytearray(BLOCK)
    offset = 48
    for i in range(count):
        nxt = 0 if i == count - 1 else span
        hdr = struct.pack("<IIIIIIHHIIHH8x", nxt, 1_700_000_000, first + i, 64, 68, USER, mac, mac + 14, 0xFEED, 0, 0, 0)
        block[offset:offset + 48] = hdr
        block[offset + 48:offset + 68] = sockaddr_ll()
        block[offset + mac:offset + mac + 64] = packet(first + i)
        offset += span
    struct.pack_into("<IIIIIIQ", block, 0, 1, 0, status, count, 48, offset, first)
    return bytes(block)

def v2_ring(statuses):
    ring = bytearray(BLOCK * 2)
    for slot, status in enumerate(statuses):
        at = slot * FRAME
        mac = 32 + 32
        struct.pack_into("<IIIHHIIHH4x", ring, at, status, 68, 64, mac, mac + 14, 1_700_000_000, slot, 0, 0)
        ring[at + 32:at + 52] = sockaddr_ll()
        ring[at + mac:at + mac + 64] = packet(slot)
    return bytes(ring)

(out / "v3-two-blocks").write_bytes(b"\x00" + v3_block(USER, 0, 2) + v3_block(USER, 2, 3))
(out / "v3-losing").write_bytes(b"\x00" + v3_block(USER | LOSING, 0, 2) + v3_block(0, 0, 0))
(out / "v2-slots").write_bytes(b"\x01" + v2_ring([USER, USER, USER | LOSING, USER, 0]))
