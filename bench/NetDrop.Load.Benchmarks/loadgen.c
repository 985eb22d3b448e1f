/*
 * The native side of the tracepoint benchmark, compiled by the harness at run time (gcc -O2).
 *
 *   loadgen otherhost IFNAME COUNT SECONDS RATE [wait]
 *       Sends COUNT minimal Ethernet/IPv4/UDP frames from an AF_PACKET socket bound to IFNAME
 *       (one end of a veth pair), addressed to a MAC that is not the peer's, so the peer's ip_rcv
 *       drops every one as OTHERHOST. A PACKET_TX_RING with PACKET_QDISC_BYPASS: the cheapest
 *       drop to cause, so the highest rate one CPU can make.
 *   loadgen nosocket COUNT SECONDS RATE [wait]
 *       Sends COUNT UDP datagrams to 127.0.0.1:9 (nothing listens) with sendmmsg, dropped as
 *       NO_SOCKET; each one also costs a full UDP/IP send and an ICMP error, so the rate is lower.
 *       RATE is packets per second, 0 for as fast as possible. Either stops at COUNT or after
 *       SECONDS, whichever comes first, and prints "sent N ns T" (T: nanoseconds spent sending).
 *       With "wait": print "ready" when set up, and start on a "go" line from stdin.
 *   loadgen textpipe PATH SECONDS
 *       Prints "ready", reads a tracefs text trace_pipe and counts its lines until SIGINT/SIGTERM
 *       (or SECONDS at most), then reads what is left without blocking and prints
 *       "lines N lost L notices K user_ns U sys_ns S": event lines, events the LOST notices say
 *       were lost, how many notices, and its own getrusage.
 *   loadgen rusage SECONDS COMMAND ARGS...
 *       Runs COMMAND, prints "child PID" at once, passes SIGINT/SIGTERM on to it (and SIGINT
 *       after SECONDS at most), and when it ends
 *       prints "rusage user_ns U sys_ns S status X" from wait4: the CPU of a process
 *       (perf record) including its last drain and exit, which /proc/PID/stat no longer shows.
 *
 * Every loop is bounded by a count or a deadline, and every mode ends when the harness does;
 * nothing is sent outside the interface given, which the harness creates inside a network
 * namespace of its own.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define FRAME 60

static volatile sig_atomic_t stop_requested;

static void on_stop(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t tv_ns(struct timeval tv)
{
    return (int64_t)tv.tv_sec * 1000000000LL + (int64_t)tv.tv_usec * 1000LL;
}

static void install_stop_handler(void)
{
    /* No SA_RESTART: a blocked read must return EINTR so the loop sees the request. */
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

/*
 * With "wait" on the command line the generator prints "ready" once its socket is set up, then
 * starts on a line (or end of file) on stdin: the harness starts the process, which costs it
 * CPU and allocations, before the measured window, and only releases it inside.
 */
static int wait_requested;

static void wait_for_go(void)
{
    if (!wait_requested) {
        return;
    }
    printf("ready\n");
    fflush(stdout);

    /* Only "go" starts the flood: end of file means the harness is gone, and nobody would read. */
    char line[8];
    size_t length = 0;
    char c;
    while (!stop_requested && read(0, &c, 1) == 1 && c != '\n') {
        if (length < sizeof line - 1) {
            line[length++] = c;
        }
    }
    line[length] = '\0';
    if (stop_requested || strcmp(line, "go") != 0) {
        fprintf(stderr, "loadgen: not released (no \"go\" on stdin); nothing sent\n");
        exit(3);
    }
}

/*
 * Every helper ends with the harness: SIGTERM when the process that started it dies (even by
 * SIGKILL), so a killed harness leaves no flood, no perf record -a and no reader holding a
 * tracefs instance open. The check after prctl covers a harness that died before it.
 */
static void end_with_parent(void)
{
    pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) {
        exit(3);
    }
}

static uint16_t ip_checksum(const uint8_t *header, int length)
{
    uint32_t sum = 0;
    for (int i = 0; i < length; i += 2) {
        sum += (uint32_t)(header[i] << 8 | header[i + 1]);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* Ethernet to 02:00:00:00:d0:99 (nobody's), IPv4 10.213.0.1 -> 10.213.0.2, UDP 40000 -> 9. */
static void build_frame(uint8_t *frame)
{
    static const uint8_t destination[6] = { 0x02, 0x00, 0x00, 0x00, 0xd0, 0x99 };
    static const uint8_t source[6] = { 0x02, 0x00, 0x00, 0x00, 0xd0, 0x01 };
    memset(frame, 0, FRAME);
    memcpy(frame, destination, 6);
    memcpy(frame + 6, source, 6);
    frame[12] = 0x08;
    frame[13] = 0x00;
    uint8_t *ip = frame + 14;
    ip[0] = 0x45;
    ip[2] = 0;
    ip[3] = FRAME - 14;
    ip[8] = 64;
    ip[9] = 17;
    memcpy(ip + 12, (uint8_t[]){ 10, 213, 0, 1, 10, 213, 0, 2 }, 8);
    uint16_t checksum = ip_checksum(ip, 20);
    ip[10] = (uint8_t)(checksum >> 8);
    ip[11] = (uint8_t)checksum;
    uint8_t *udp = ip + 20;
    udp[0] = 40000 >> 8;
    udp[1] = 40000 & 0xff;
    udp[3] = 9;
    udp[5] = FRAME - 14 - 20;
}

/*
 * Pacing: when RATE is not 0 and the schedule does not allow message SENT yet, sleeps (never more
 * than 1 ms at a time, so a stop request is seen promptly) and returns 1; else returns 0.
 */
static int wait_for_schedule(int64_t start, int64_t now, long long sent, double rate)
{
    if (rate <= 0) {
        return 0;
    }
    int64_t due = start + (int64_t)((double)sent * 1e9 / rate);
    if (due <= now) {
        return 0;
    }
    int64_t wait = due - now < 1000000 ? due - now : 1000000;
    struct timespec ts = { 0, (long)wait };
    nanosleep(&ts, NULL);
    return 1;
}

/*
 * Sends COUNT messages of the prepared batch, pacing to RATE when it is not 0. Returns the number
 * sent; ENOBUFS/EAGAIN (a full queue) are retried, any other error ends the run.
 */
static long long send_loop(int fd, struct mmsghdr *messages, long long count, double seconds, double rate, int64_t *elapsed)
{
    long long sent = 0;
    int64_t start = now_ns();
    int64_t deadline = start + (int64_t)(seconds * 1e9);
    while (sent < count && !stop_requested) {
        int64_t now = now_ns();
        if (now >= deadline) {
            break;
        }
        if (wait_for_schedule(start, now, sent, rate)) {
            continue;
        }
        long long left = count - sent;
        unsigned int batch = left < BATCH ? (unsigned int)left : BATCH;
        int done = sendmmsg(fd, messages, batch, 0);
        if (done < 0) {
            if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
                continue;
            }
            perror("sendmmsg");
            break;
        }
        sent += done;
    }
    *elapsed = now_ns() - start;
    return sent;
}

/*
 * The otherhost load goes through a PACKET_TX_RING rather than sendmmsg: the frames are written
 * into the shared ring once, and each round only flips their status words, so a send(2) covers
 * thousands of frames without copying a msghdr per frame. On this kind of machine that is about
 * 40% more frames per second from one CPU than sendmmsg of 64.
 */
#define RING_BLOCK (1 << 16)
#define RING_BLOCKS 64
#define RING_FRAME 256

static int run_otherhost(const char *ifname, long long count, double seconds, double rate)
{
    int fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        perror("socket(AF_PACKET)");
        return 2;
    }
    int one = 1;
    int version = TPACKET_V2;
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) != 0 ||
        setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one) != 0) {
        perror("setsockopt(PACKET_VERSION/PACKET_QDISC_BYPASS)");
        return 2;
    }
    struct tpacket_req request = {
        .tp_block_size = RING_BLOCK,
        .tp_block_nr = RING_BLOCKS,
        .tp_frame_size = RING_FRAME,
        .tp_frame_nr = RING_BLOCK / RING_FRAME * RING_BLOCKS,
    };
    if (setsockopt(fd, SOL_PACKET, PACKET_TX_RING, &request, sizeof request) != 0) {
        perror("setsockopt(PACKET_TX_RING)");
        return 2;
    }
    size_t ring_length = (size_t)RING_BLOCK * RING_BLOCKS;
    uint8_t *ring = mmap(NULL, ring_length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (ring == MAP_FAILED) {
        perror("mmap(PACKET_TX_RING)");
        return 2;
    }
    unsigned int index = if_nametoindex(ifname);
    if (index == 0) {
        perror(ifname);
        return 2;
    }
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_ifindex = (int)index;
    address.sll_halen = 6;
    memcpy(address.sll_addr, (uint8_t[]){ 0x02, 0x00, 0x00, 0x00, 0xd0, 0x99 }, 6);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("bind");
        return 2;
    }

    unsigned int frames = request.tp_frame_nr;
    for (unsigned int i = 0; i < frames; i++) {
        struct tpacket2_hdr *header = (struct tpacket2_hdr *)(ring + (size_t)i * RING_FRAME);
        build_frame((uint8_t *)header + TPACKET2_HDRLEN - sizeof(struct sockaddr_ll));
        header->tp_len = FRAME;
    }

    /* Paced runs send small rounds (1 ms worth) so the rate is even; unpaced ones fill the ring. */
    unsigned int round = frames;
    if (rate > 0 && rate / 1000 < round) {
        round = rate / 1000 < 1 ? 1 : (unsigned int)(rate / 1000);
    }

    wait_for_go();
    long long sent = 0;
    unsigned int head = 0;
    int64_t start = now_ns();
    int64_t deadline = start + (int64_t)(seconds * 1e9);
    while (sent < count && !stop_requested) {
        int64_t now = now_ns();
        if (now >= deadline) {
            break;
        }
        if (wait_for_schedule(start, now, sent, rate)) {
            continue;
        }
        long long left = count - sent;
        unsigned int batch = left < round ? (unsigned int)left : round;
        /* The kernel walks the ring from where its last send stopped, so the round starts there too. */
        for (unsigned int i = 0; i < batch; i++) {
            ((struct tpacket2_hdr *)(ring + (size_t)((head + i) % frames) * RING_FRAME))->tp_status = TP_STATUS_SEND_REQUEST;
        }
        /* Blocking: returns when every frame of the round has been sent (and the ring is free again). */
        ssize_t bytes = send(fd, NULL, 0, 0);
        if (bytes < 0) {
            perror("send(PACKET_TX_RING)");
            break;
        }
        unsigned int taken = (unsigned int)(bytes / FRAME);
        sent += taken;
        head = (head + taken) % frames;
        if (taken != batch) {
            /* A short send leaves frames requested that a later round would send twice: end the run. */
            fprintf(stderr, "send(PACKET_TX_RING) took %u of %u frames\n", taken, batch);
            break;
        }
    }
    int64_t elapsed = now_ns() - start;
    printf("sent %lld ns %lld\n", sent, (long long)elapsed);
    munmap(ring, ring_length);
    close(fd);
    return 0;
}

static int run_nosocket(long long count, double seconds, double rate)
{
    /* Not connected: a connected socket would get the ICMP errors back as ECONNREFUSED. */
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket(AF_INET)");
        return 2;
    }
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons(9);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    static uint8_t payload[18];
    static struct iovec vectors[BATCH];
    static struct mmsghdr messages[BATCH];
    for (int i = 0; i < BATCH; i++) {
        vectors[i].iov_base = payload;
        vectors[i].iov_len = sizeof payload;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = &address;
        messages[i].msg_hdr.msg_namelen = sizeof address;
    }

    wait_for_go();
    int64_t elapsed;
    long long sent = send_loop(fd, messages, count, seconds, rate, &elapsed);
    printf("sent %lld ns %lld\n", sent, (long long)elapsed);
    close(fd);
    return 0;
}

/*
 * Counts the lines of trace_pipe as they stream past. A line is an event unless it is the notice
 * trace_pipe prints after an overrun, "CPU:N [LOST M EVENTS]" (or "[LOST EVENTS]" when the count
 * is unknown); only the start of each line is kept, since nothing else is looked at.
 */
static char line_start[64];
static size_t line_length;
static long long event_lines;
static long long lost_events;
static long long lost_notices;

static void end_line(void)
{
    line_start[line_length] = '\0';
    const char *lost = strncmp(line_start, "CPU:", 4) == 0 ? strstr(line_start, "[LOST ") : NULL;
    if (lost != NULL) {
        lost_events += atoll(lost + 6);
        lost_notices++;
    } else {
        event_lines++;
    }
    line_length = 0;
}

static void scan_text(const char *buffer, ssize_t length)
{
    const char *p = buffer;
    const char *end = buffer + length;
    while (p < end) {
        const char *newline = memchr(p, '\n', (size_t)(end - p));
        const char *stop = newline != NULL ? newline : end;
        size_t room = sizeof line_start - 1 - line_length;
        size_t take = (size_t)(stop - p) < room ? (size_t)(stop - p) : room;
        memcpy(line_start + line_length, p, take);
        line_length += take;
        if (newline == NULL) {
            break;
        }
        end_line();
        p = newline + 1;
    }
}

static void on_alarm(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static int run_textpipe(const char *path, unsigned int seconds)
{
    install_stop_handler();

    /* The longest the reader may run: the alarm ends a read that would otherwise block for ever. */
    struct sigaction alarm_action;
    memset(&alarm_action, 0, sizeof alarm_action);
    alarm_action.sa_handler = on_alarm;
    sigaction(SIGALRM, &alarm_action, NULL);
    alarm(seconds);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror(path);
        return 2;
    }
    /* Ready: the harness starts the load only after this line. */
    printf("ready\n");
    fflush(stdout);

    static char buffer[1 << 16];
    while (!stop_requested) {
        ssize_t got = read(fd, buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("read trace_pipe");
            return 2;
        }
        scan_text(buffer, got);
    }

    /* Drain: the harness has disabled the event, so this ends when the buffer is empty (bounded by 60 s). */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    int64_t deadline = now_ns() + 60LL * 1000000000LL;
    while (now_ns() < deadline) {
        ssize_t got = read(fd, buffer, sizeof buffer);
        if (got <= 0) {
            break;
        }
        scan_text(buffer, got);
    }
    close(fd);

    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("lines %lld lost %lld notices %lld user_ns %lld sys_ns %lld\n", event_lines, lost_events, lost_notices,
           (long long)tv_ns(usage.ru_utime), (long long)tv_ns(usage.ru_stime));
    return 0;
}

static pid_t child_pid;

static void forward_signal(int signal_number)
{
    if (child_pid > 0) {
        kill(child_pid, signal_number);
    }
}

static void forward_alarm(int signal_number)
{
    (void)signal_number;
    forward_signal(SIGINT);
}

static int run_rusage(unsigned int seconds, char **command)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);

    /* The longest the command may run: then it gets SIGINT, as if the harness had sent it. */
    struct sigaction alarm_action;
    memset(&alarm_action, 0, sizeof alarm_action);
    alarm_action.sa_handler = forward_alarm;
    alarm_action.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &alarm_action, NULL);

    child_pid = fork();
    if (child_pid < 0) {
        perror("fork");
        return 2;
    }
    if (child_pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGALRM, SIG_DFL);
        end_with_parent();
        execvp(command[0], command);
        perror(command[0]);
        _exit(127);
    }
    printf("child %d\n", (int)child_pid);
    fflush(stdout);
    alarm(seconds);

    int status = 0;
    struct rusage usage;
    while (wait4(child_pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("wait4");
            return 2;
        }
    }
    printf("rusage user_ns %lld sys_ns %lld status %d\n", (long long)tv_ns(usage.ru_utime), (long long)tv_ns(usage.ru_stime),
           WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: loadgen otherhost IFNAME COUNT SECONDS RATE [wait] | nosocket COUNT SECONDS RATE [wait] | textpipe PATH SECONDS | rusage SECONDS COMMAND...\n");
}

int main(int argc, char **argv)
{
    end_with_parent();
    wait_requested = strcmp(argv[argc - 1], "wait") == 0;
    if (argc >= 6 && strcmp(argv[1], "otherhost") == 0) {
        install_stop_handler();
        return run_otherhost(argv[2], atoll(argv[3]), atof(argv[4]), atof(argv[5]));
    }
    if (argc >= 5 && strcmp(argv[1], "nosocket") == 0) {
        install_stop_handler();
        return run_nosocket(atoll(argv[2]), atof(argv[3]), atof(argv[4]));
    }
    if (argc >= 4 && strcmp(argv[1], "textpipe") == 0) {
        return run_textpipe(argv[2], (unsigned int)atoi(argv[3]));
    }
    if (argc >= 4 && strcmp(argv[1], "rusage") == 0) {
        return run_rusage((unsigned int)atoi(argv[2]), argv + 3);
    }
    usage();
    return 2;
}
