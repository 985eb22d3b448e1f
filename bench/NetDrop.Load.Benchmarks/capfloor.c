/*
 * The floor of the capture benchmark, compiled by the harness at run time (gcc -O2): the least a
 * program can do to write what netdrop capture writes. It reads a TPACKET_V3 ring and writes each
 * frame as the same pcapng Enhanced Packet Block (nanosecond timestamp, epb_flags, epb_dropcount
 * when the kernel dropped frames before it) through a 1 MiB buffer, with nothing else per frame.
 *
 *   capfloor IFNAME FILE BLOCK_SIZE BLOCK_COUNT
 *       Captures on IFNAME (every protocol) into FILE until SIGINT or SIGTERM, then waits for the
 *       last block the kernel holds (two retire timeouts and 20 ms, as netdrop does), writes what
 *       is left and prints "captured N dropped D bytes B": frames written, the kernel's tp_drops
 *       for the socket, and the file's size.
 *
 * Every loop ends at a stop signal, and a poll never waits more than 100 ms.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef TP_STATUS_GSO_TCP
#define TP_STATUS_GSO_TCP (1 << 8) /* Linux 6.3's if_packet.h; older headers lack it */
#endif

#define BUFFER_SIZE (1 << 20)
#define RETIRE_MS 50
#define SNAPLEN 262144

static volatile sig_atomic_t stop_requested;
static unsigned char buffer[BUFFER_SIZE];
static size_t pending;
static int out_fd;
static long long bytes_written;

static void on_stop(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static void flush_buffer(void)
{
    size_t done = 0;
    while (done < pending) {
        ssize_t n = write(out_fd, buffer + done, pending - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("capfloor: write");
            exit(1);
        }
        done += (size_t)n;
    }
    bytes_written += (long long)pending;
    pending = 0;
}

static void put32(unsigned char *at, uint32_t value) { memcpy(at, &value, 4); }
static void put16(unsigned char *at, uint16_t value) { memcpy(at, &value, 2); }

/* The section header and the interface description: written once, not measured per frame. */
static void write_headers(void)
{
    unsigned char *b = buffer;
    put32(b, 0x0A0D0D0A); put32(b + 4, 28); put32(b + 8, 0x1A2B3C4D); put16(b + 12, 1); put16(b + 14, 0);
    memset(b + 16, 0xff, 8); put32(b + 24, 28);
    b += 28;
    put32(b, 1); put32(b + 4, 32); put16(b + 8, 1); put16(b + 10, 0); put32(b + 12, SNAPLEN);
    put16(b + 16, 9); put16(b + 18, 1); b[20] = 9; b[21] = b[22] = b[23] = 0;
    put32(b + 24, 0); put32(b + 28, 32);
    pending = 28 + 32;
}

/* epb_flags as netdrop derives them from sll_pkttype and tp_status (docs/capture.md). */
static uint32_t flags_of(uint8_t pkttype, uint32_t status)
{
    uint32_t direction = pkttype == PACKET_OUTGOING ? 2 : 1;
    uint32_t reception = pkttype == PACKET_HOST ? 1 : pkttype == PACKET_MULTICAST ? 2 : pkttype == PACKET_BROADCAST ? 3
                       : pkttype == PACKET_OTHERHOST ? 4 : 0;
    uint32_t value = direction | (reception << 2);
    value |= (status & TP_STATUS_CSUMNOTREADY) ? 1u << 9 : 0;
    value |= (status & TP_STATUS_CSUM_VALID) ? 1u << 10 : 0;
    value |= (status & TP_STATUS_GSO_TCP) ? 1u << 11 : 0;
    return value;
}

static void write_packet(const struct tpacket3_hdr *header, const struct sockaddr_ll *address, uint64_t drops)
{
    uint32_t captured = header->tp_snaplen;
    uint32_t padded = (captured + 3) & ~3u;
    uint32_t flags = flags_of(address->sll_pkttype, header->tp_status);
    uint32_t options = (flags ? 8 : 0) + (drops ? 12 : 0);
    options += options ? 4 : 0;
    uint32_t total = 28 + padded + options + 4;
    if (pending + total > BUFFER_SIZE) {
        flush_buffer();
    }
    unsigned char *b = buffer + pending;
    uint64_t ns = (uint64_t)header->tp_sec * 1000000000ull + header->tp_nsec;
    put32(b, 6); put32(b + 4, total); put32(b + 8, 0);
    put32(b + 12, (uint32_t)(ns >> 32)); put32(b + 16, (uint32_t)ns);
    put32(b + 20, captured); put32(b + 24, header->tp_len);
    memcpy(b + 28, (const unsigned char *)header + header->tp_mac, captured);
    memset(b + 28 + captured, 0, padded - captured);
    unsigned char *o = b + 28 + padded;
    if (flags) {
        put16(o, 2); put16(o + 2, 4); put32(o + 4, flags); o += 8;
    }
    if (drops) {
        put16(o, 4); put16(o + 2, 8); memcpy(o + 4, &drops, 8); o += 12;
    }
    if (options) {
        put32(o, 0); o += 4;
    }
    put32(o, total);
    pending += total;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: capfloor IFNAME FILE BLOCK_SIZE BLOCK_COUNT\n");
        return 2;
    }
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);

    unsigned int block_size = (unsigned int)atoi(argv[3]);
    unsigned int block_count = (unsigned int)atoi(argv[4]);
    int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd < 0) {
        perror("capfloor: socket");
        return 1;
    }
    int version = TPACKET_V3;
    struct tpacket_req3 request = {
        .tp_block_size = block_size,
        .tp_block_nr = block_count,
        .tp_frame_size = 2048,
        .tp_frame_nr = block_size / 2048 * block_count,
        .tp_retire_blk_tov = RETIRE_MS,
    };
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0
        || setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &request, sizeof request) < 0) {
        perror("capfloor: ring");
        return 1;
    }
    size_t ring_size = (size_t)block_size * block_count;
    unsigned char *ring = mmap(NULL, ring_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED | MAP_POPULATE, fd, 0);
    if (ring == MAP_FAILED) {
        perror("capfloor: mmap");
        return 1;
    }
    out_fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (out_fd < 0) {
        perror("capfloor: open");
        return 1;
    }
    write_headers();
    struct sockaddr_ll bind_address = {
        .sll_family = AF_PACKET,
        .sll_protocol = htons(ETH_P_ALL),
        .sll_ifindex = (int)if_nametoindex(argv[1]),
    };
    if (bind_address.sll_ifindex == 0 || bind(fd, (struct sockaddr *)&bind_address, sizeof bind_address) < 0) {
        perror("capfloor: bind");
        return 1;
    }

    long long frames = 0;
    long long dropped = 0;
    uint64_t gap = 0;
    unsigned int block = 0;
    int draining = 0;
    struct timespec drain_end = { 0, 0 };
    for (;;) {
        struct tpacket_block_desc *descriptor = (struct tpacket_block_desc *)(ring + (size_t)block * block_size);
        uint32_t status = __atomic_load_n(&descriptor->hdr.bh1.block_status, __ATOMIC_ACQUIRE);
        if (status & TP_STATUS_USER) {
            if (status & TP_STATUS_LOSING) {
                struct tpacket_stats_v3 stats;
                socklen_t length = sizeof stats;
                if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &length) == 0) {
                    gap += stats.tp_drops;
                    dropped += stats.tp_drops;
                }
            }
            uint32_t count = descriptor->hdr.bh1.num_pkts;
            const unsigned char *at = (const unsigned char *)descriptor + descriptor->hdr.bh1.offset_to_first_pkt;
            for (uint32_t i = 0; i < count; i++) {
                const struct tpacket3_hdr *header = (const struct tpacket3_hdr *)at;
                const struct sockaddr_ll *address = (const struct sockaddr_ll *)(at + TPACKET_ALIGN(sizeof(struct tpacket3_hdr)));
                write_packet(header, address, gap);
                gap = 0;
                frames++;
                at += header->tp_next_offset;
            }
            __atomic_store_n(&descriptor->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
            block = block + 1 == block_count ? 0 : block + 1;
            continue;
        }
        if (stop_requested && !draining) {
            draining = 1;
            clock_gettime(CLOCK_MONOTONIC, &drain_end);
            drain_end.tv_nsec += (2 * RETIRE_MS + 20) * 1000000L;
            drain_end.tv_sec += drain_end.tv_nsec / 1000000000L;
            drain_end.tv_nsec %= 1000000000L;
        }
        int timeout = 100;
        if (draining) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long left = (drain_end.tv_sec - now.tv_sec) * 1000L + (drain_end.tv_nsec - now.tv_nsec) / 1000000L;
            if (left <= 0) {
                break;
            }
            timeout = (int)left;
        }
        struct pollfd poller = { .fd = fd, .events = POLLIN | POLLERR };
        if (poll(&poller, 1, timeout) < 0 && errno != EINTR) {
            perror("capfloor: poll");
            return 1;
        }
    }
    flush_buffer();
    struct tpacket_stats_v3 stats;
    socklen_t length = sizeof stats;
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &length) == 0) {
        dropped += stats.tp_drops;
    }
    close(out_fd);
    printf("captured %lld dropped %lld bytes %lld\n", frames, dropped, bytes_written);
    return 0;
}
