/*
 * loadgen: a neutral echo load generator for the zero-io benchmarks (epoll, no zero-io code).
 *
 *   loadgen -H 127.0.0.1 -p 9000 -c 100 -d 16 -s 64 -w 1 -t 3 [-r 500000] [-u] [-g 2]
 *
 *   -c N   connections (UDP: connected sockets)        -d D   messages in flight per connection
 *   -s S   message size in bytes                         -w W   warm-up seconds (not measured)
 *   -t T   measured seconds                              -r R   open loop: R messages/s in total,
 *   -u     UDP instead of TCP                                   spread evenly over the connections
 *   -g G   seconds to wait for the last echoes after the window (default 2)
 *
 * Closed loop (no -r): every connection keeps D messages in flight; a message is re-issued as soon
 * as its echo is complete. Open loop (-r): message k of a connection is due at start + k/rate; its
 * latency counts from that intended time (no coordinated omission), and a connection never has
 * more than 65536 messages outstanding (issues beyond are counted as "unsent"). Sends are batched
 * on a 25 us tick (everything due is written at once), which the latencies include.
 *
 * Every echoed byte is compared with what was sent: TCP streams carry a per-connection pattern,
 * UDP datagrams an 8-byte sequence number followed by a pattern that depends on it. A mismatch
 * ends the run with exit code 3.
 *
 * Output (stdout): "START" when the measured window begins, "END" when it ends (a harness samples
 * the server's CPU and allocation counters on these lines), then one "RESULT key=value ..." line.
 * Latency is recorded in a log-linear histogram (256 linear buckets, then 128 per power of two:
 * <0.8 % error, HdrHistogram's "highest equivalent value" is reported).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PATTERN_PERIOD 65521u /* prime, so connections' patterns do not line up */
#define RX_BUF (256 * 1024)
#define OPEN_LOOP_CAP 65536u
#define UDP_TIMEOUT_NS 200000000ull
#define OPEN_LOOP_TICK_NS 25000ull /* open loop: wake at most every 25 us and send everything due */
#define HIST_LINEAR 256
#define HIST_HALF 128
#define HIST_SIZE (HIST_LINEAR + 56 * HIST_HALF)

static uint8_t pattern[2 * PATTERN_PERIOD];
static uint64_t hist[HIST_SIZE];
static uint64_t hist_count, hist_sum, hist_max;

typedef struct {
    int fd;
    uint32_t base;          /* this connection's offset into the pattern */
    uint64_t issued;        /* messages issued (TCP: queued for writing) */
    uint64_t done;          /* messages whose echo is complete */
    uint64_t sent_bytes;    /* TCP: bytes written */
    uint64_t recv_bytes;    /* TCP: bytes received and verified */
    uint64_t *ts;           /* intended send time per outstanding message, ring of cap */
    uint64_t *seq;          /* UDP: sequence in each ring slot (UINT64_MAX: none) */
    uint64_t next_ns;       /* open loop: when the next message is due */
    uint64_t last_rx_ns;    /* UDP: loss detection */
    int want_out;
} conn_t;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int hist_index(uint64_t v) {
    if (v < HIST_LINEAR) return (int)v;
    int e = 63 - __builtin_clzll(v); /* >= 8 */
    int shift = e - 7;
    int idx = HIST_LINEAR + (e - 8) * HIST_HALF + (int)((v >> shift) - HIST_HALF);
    return idx < HIST_SIZE ? idx : HIST_SIZE - 1;
}

static uint64_t hist_value(int idx) { /* highest value in the bucket */
    if (idx < HIST_LINEAR) return (uint64_t)idx;
    int e = (idx - HIST_LINEAR) / HIST_HALF + 8;
    uint64_t m = (uint64_t)((idx - HIST_LINEAR) % HIST_HALF + HIST_HALF);
    int shift = e - 7;
    return ((m + 1) << shift) - 1;
}

static void hist_record(uint64_t v) {
    hist[hist_index(v)]++;
    hist_count++;
    hist_sum += v;
    if (v > hist_max) hist_max = v;
}

static uint64_t hist_percentile(double p) {
    if (hist_count == 0) return 0;
    uint64_t target = (uint64_t)(p / 100.0 * (double)hist_count + 0.999999);
    if (target < 1) target = 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_SIZE; i++) {
        seen += hist[i];
        if (seen >= target) {
            uint64_t v = hist_value(i);
            return v < hist_max ? v : hist_max;
        }
    }
    return hist_max;
}

static double cpu_seconds(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + (double)u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void die(const char *what) {
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void usage(void) {
    fprintf(stderr, "usage: loadgen -H host -p port -c conns -d depth -s size -w warmup_s -t seconds [-r rate] [-u] [-g grace_s]\n");
    exit(2);
}

/* --- options and shared state --- */
static int conns = 1, depth = 1, size = 64, udp = 0;
static double warmup_s = 1, measure_s = 3, grace_s = 2, rate = 0;
static uint32_t cap;
static uint64_t interval_ns;
static int measuring = 0, issuing = 1;
static uint64_t window_msgs, window_bytes, errors, lost, late, unsent;
static uint8_t *rx;

static void verify_fail(conn_t *c, int ci, uint64_t at, const char *why) {
    fprintf(stderr, "loadgen: connection %d: echoed bytes differ from the bytes sent (%s) at stream offset %llu\n",
            ci, why, (unsigned long long)at);
    printf("RESULT errors=1 verify_failed=1 conn=%d offset=%llu\n", ci, (unsigned long long)at);
    fflush(stdout);
    (void)c;
    exit(3);
}

static void tcp_flush(conn_t *c, int ep) {
    uint64_t target = c->issued * (uint64_t)size;
    while (c->sent_bytes < target) {
        uint32_t pos = (uint32_t)((c->sent_bytes + c->base) % PATTERN_PERIOD);
        uint64_t len = target - c->sent_bytes;
        if (len > PATTERN_PERIOD) len = PATTERN_PERIOD;
        ssize_t n = send(c->fd, pattern + pos, len, MSG_NOSIGNAL);
        if (n > 0) {
            c->sent_bytes += (uint64_t)n;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!c->want_out) {
                struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
                if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl");
                c->want_out = 1;
            }
            return;
        }
        die("send");
    }
    if (c->want_out) {
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl");
        c->want_out = 0;
    }
}

/* Sends the next datagram; returns 0 when its ring slot still waits for an older one (lost, not yet expired). */
static int udp_send_one(conn_t *c, uint64_t intended) {
    uint64_t s = c->issued;
    uint32_t slot = (uint32_t)(s & (cap - 1));
    if (c->seq[slot] != UINT64_MAX) {
        unsent++;
        return 0;
    }
    uint8_t buf[65536];
    memcpy(buf, &s, 8);
    uint32_t pos = (uint32_t)((s * (uint64_t)size + c->base) % PATTERN_PERIOD);
    memcpy(buf + 8, pattern + pos, (size_t)size - 8);
    c->seq[slot] = s;
    c->ts[slot] = intended;
    c->issued++;
    ssize_t n = send(c->fd, buf, (size_t)size, 0);
    if (n != size) {
        if (n < 0 && (errno == EAGAIN || errno == ENOBUFS || errno == ECONNREFUSED)) {
            c->seq[slot] = UINT64_MAX; /* dropped locally: counts as lost */
            lost++;
            c->done++;
            return 1;
        }
        die("send udp");
    }
    return 1;
}

static void complete(conn_t *c, uint64_t intended, uint64_t now) {
    c->done++;
    if (measuring) {
        window_msgs++;
        window_bytes += (uint64_t)size;
        hist_record(now > intended ? now - intended : 0);
    }
}

/* Closed loop: top a connection up to `depth` outstanding messages. */
static void closed_refill(conn_t *c, uint64_t now, int ep) {
    if (!issuing) return;
    while (c->issued - c->done < (uint64_t)depth) {
        if (udp) {
            if (!udp_send_one(c, now)) break;
        } else {
            c->ts[c->issued & (cap - 1)] = now;
            c->issued++;
        }
    }
    if (!udp) tcp_flush(c, ep);
}

/* Open loop: issue every message that is due. */
static void open_issue(conn_t *c, uint64_t now, int ep) {
    if (!issuing) return;
    int any = 0;
    while (c->next_ns <= now) {
        if (c->issued - c->done >= cap) {
            unsent++;
        } else if (udp) {
            udp_send_one(c, c->next_ns);
        } else {
            c->ts[c->issued & (cap - 1)] = c->next_ns;
            c->issued++;
            any = 1;
        }
        c->next_ns += interval_ns;
    }
    if (any) tcp_flush(c, ep);
}

static void tcp_read(conn_t *c, int ci, int ep) {
    for (;;) {
        ssize_t n = recv(c->fd, rx, RX_BUF, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            die("recv");
        }
        if (n == 0) {
            fprintf(stderr, "loadgen: connection %d closed by the server\n", ci);
            printf("RESULT errors=1 closed=1\n");
            exit(3);
        }
        uint64_t at = c->recv_bytes;
        if (at + (uint64_t)n > c->sent_bytes) verify_fail(c, ci, at, "more bytes than were sent");
        size_t off = 0;
        while (off < (size_t)n) {
            uint32_t pos = (uint32_t)((at + off + c->base) % PATTERN_PERIOD);
            size_t len = (size_t)n - off;
            if (len > PATTERN_PERIOD) len = PATTERN_PERIOD;
            if (memcmp(rx + off, pattern + pos, len) != 0) verify_fail(c, ci, at + off, "content");
            off += len;
        }
        c->recv_bytes += (uint64_t)n;
        uint64_t whole = c->recv_bytes / (uint64_t)size;
        if (whole > c->done) {
            uint64_t now = now_ns();
            while (c->done < whole) complete(c, c->ts[c->done & (cap - 1)], now);
            if (rate == 0) closed_refill(c, now, ep);
        }
        if ((size_t)n < RX_BUF) return;
    }
}

static void udp_read(conn_t *c, int ci, int ep) {
    for (;;) {
        ssize_t n = recv(c->fd, rx, RX_BUF, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if (errno == ECONNREFUSED) continue;
            die("recv udp");
        }
        uint64_t now = now_ns();
        c->last_rx_ns = now;
        if (n != size) verify_fail(c, ci, 0, "datagram length");
        uint64_t s;
        memcpy(&s, rx, 8);
        uint32_t pos = (uint32_t)((s * (uint64_t)size + c->base) % PATTERN_PERIOD);
        if (memcmp(rx + 8, pattern + pos, (size_t)size - 8) != 0) verify_fail(c, ci, s, "datagram content");
        uint32_t slot = (uint32_t)(s & (cap - 1));
        if (c->seq[slot] != s) { /* given up on already (counted lost), or a duplicate */
            late++;
            continue;
        }
        c->seq[slot] = UINT64_MAX;
        complete(c, c->ts[slot], now);
        if (rate == 0) closed_refill(c, now, ep);
    }
}

/* UDP: datagrams outstanding for longer than the timeout are given up on (lost). */
static void udp_expire(conn_t *c, uint64_t now, int ep) {
    if (c->issued == c->done || now - c->last_rx_ns < UDP_TIMEOUT_NS) return;
    for (uint32_t i = 0; i < cap; i++) {
        if (c->seq[i] != UINT64_MAX && now - c->ts[i] > UDP_TIMEOUT_NS) {
            c->seq[i] = UINT64_MAX;
            c->done++;
            lost++;
        }
    }
    c->last_rx_ns = now;
    if (rate == 0) closed_refill(c, now, ep);
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    int port = 0, opt;
    while ((opt = getopt(argc, argv, "H:p:c:d:s:w:t:r:ug:")) != -1) {
        switch (opt) {
        case 'H': host = optarg; break;
        case 'p': port = atoi(optarg); break;
        case 'c': conns = atoi(optarg); break;
        case 'd': depth = atoi(optarg); break;
        case 's': size = atoi(optarg); break;
        case 'w': warmup_s = atof(optarg); break;
        case 't': measure_s = atof(optarg); break;
        case 'r': rate = atof(optarg); break;
        case 'u': udp = 1; break;
        case 'g': grace_s = atof(optarg); break;
        default: usage();
        }
    }
    if (port <= 0 || conns < 1 || depth < 1 || size < 1 || measure_s <= 0 || (udp && (size < 16 || size > 65000)))
        usage();
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    for (uint32_t i = 0; i < 2 * PATTERN_PERIOD; i++) {
        uint32_t j = i % PATTERN_PERIOD;
        pattern[i] = (uint8_t)((j * 2654435761u) >> 13);
    }
    rx = malloc(RX_BUF);
    cap = 1;
    uint32_t need = rate > 0 ? OPEN_LOOP_CAP : (uint32_t)depth * (udp ? 4 : 1);
    while (cap < need) cap <<= 1;
    if (rate > 0) interval_ns = (uint64_t)(1e9 * conns / rate);

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) usage();
    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    conn_t *cs = calloc((size_t)conns, sizeof(conn_t));
    for (int i = 0; i < conns; i++) {
        conn_t *c = &cs[i];
        c->base = (uint32_t)(((uint64_t)i * 7919u) % PATTERN_PERIOD);
        c->ts = calloc(cap, sizeof(uint64_t));
        c->fd = socket(AF_INET, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
        if (c->fd < 0) die("socket");
        if (udp) {
            c->seq = malloc(cap * sizeof(uint64_t));
            memset(c->seq, 0xff, cap * sizeof(uint64_t));
        } else {
            int one = 1;
            setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
        fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl add");
    }

    uint64_t start = now_ns();
    uint64_t t0 = start + (uint64_t)(warmup_s * 1e9);
    uint64_t t1 = t0 + (uint64_t)(measure_s * 1e9);
    uint64_t t2 = t1 + (uint64_t)(grace_s * 1e9);
    for (int i = 0; i < conns; i++) {
        cs[i].last_rx_ns = start;
        if (rate > 0)
            cs[i].next_ns = start + interval_ns * (uint64_t)i / (uint64_t)conns;
        else
            closed_refill(&cs[i], start, ep);
    }
    double cpu0 = 0, cpu1 = 0;
    uint64_t w0 = 0, w1 = 0;
    struct epoll_event evs[256];
    for (;;) {
        uint64_t now = now_ns();
        if (!measuring && issuing && now >= t0) {
            measuring = 1;
            hist_count = hist_sum = hist_max = 0;
            memset(hist, 0, sizeof hist);
            window_msgs = window_bytes = 0;
            printf("START\n");
            fflush(stdout);
            cpu0 = cpu_seconds();
            w0 = now_ns();
        }
        if (measuring && now >= t1) {
            measuring = 0;
            issuing = 0;
            w1 = now_ns();
            cpu1 = cpu_seconds();
            printf("END\n");
            fflush(stdout);
        }
        if (!issuing) {
            int outstanding = 0;
            for (int i = 0; i < conns; i++) outstanding |= cs[i].issued != cs[i].done;
            if (!outstanding || now >= t2) break;
        }
        uint64_t wait_ns = 10000000ull; /* 10 ms: re-check phases */
        if (rate > 0 && issuing) {
            for (int i = 0; i < conns; i++) {
                open_issue(&cs[i], now, ep);
                uint64_t d = cs[i].next_ns > now ? cs[i].next_ns - now : 0;
                if (d < wait_ns) wait_ns = d;
            }
        }
        if (rate > 0 && wait_ns < OPEN_LOOP_TICK_NS) wait_ns = OPEN_LOOP_TICK_NS; /* batch due sends */
        if (udp) {
            for (int i = 0; i < conns; i++) udp_expire(&cs[i], now, ep);
        }
        struct timespec to = {.tv_sec = (time_t)(wait_ns / 1000000000ull), .tv_nsec = (long)(wait_ns % 1000000000ull)};
        int n = epoll_pwait2(ep, evs, 256, &to, NULL);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_pwait2");
        }
        for (int k = 0; k < n; k++) {
            conn_t *c = evs[k].data.ptr;
            int ci = (int)(c - cs);
            if (evs[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                if (udp) udp_read(c, ci, ep);
                else tcp_read(c, ci, ep);
            }
            if (!udp && (evs[k].events & EPOLLOUT)) tcp_flush(c, ep);
        }
    }
    uint64_t outstanding = 0, verified = 0;
    for (int i = 0; i < conns; i++) {
        outstanding += cs[i].issued - cs[i].done;
        verified += udp ? cs[i].done * (uint64_t)size : cs[i].recv_bytes;
    }
    double secs = (double)(w1 - w0) / 1e9;
    double gen_cpu = secs > 0 ? 100.0 * (cpu1 - cpu0) / secs : 0;
    printf("RESULT msgs=%llu seconds=%.4f msgs_per_s=%.1f bytes_per_s=%.1f p50_ns=%llu p90_ns=%llu p99_ns=%llu "
           "p999_ns=%llu max_ns=%llu mean_ns=%.1f gen_cpu_pct=%.1f errors=%llu verified_bytes=%llu lost=%llu "
           "late=%llu unsent=%llu outstanding=%llu complete=%d\n",
           (unsigned long long)window_msgs, secs, window_msgs / secs, window_bytes / secs,
           (unsigned long long)hist_percentile(50), (unsigned long long)hist_percentile(90),
           (unsigned long long)hist_percentile(99), (unsigned long long)hist_percentile(99.9),
           (unsigned long long)hist_max, hist_count ? (double)hist_sum / (double)hist_count : 0.0, gen_cpu,
           (unsigned long long)errors, (unsigned long long)verified, (unsigned long long)lost,
           (unsigned long long)late, (unsigned long long)unsent, (unsigned long long)outstanding,
           outstanding == 0 && !udp ? 1 : (udp ? 1 : 0));
    fflush(stdout);
    return (!udp && outstanding != 0) ? 4 : 0;
}
