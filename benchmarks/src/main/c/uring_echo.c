/*
 * uring_echo: a small C echo server on io_uring (liburing), the native floor of the zero-io
 * benchmarks. One thread, one ring; TCP and UDP on the same port.
 *
 *   uring_echo <port> [--exit-on-eof]   prints "READY <port>" once listening; runs until killed
 *                                       (or, with --exit-on-eof, until its stdin closes: the harness's
 *                                       pipe, so it never outlives the harness)
 *
 * TCP: multishot accept; per connection one 64 KiB buffer and the chain recv -> send (all of it,
 * re-sending the rest of a short send) -> recv. UDP: 64 recvmsg in flight, each answered with a
 * sendmsg back to its source from the same buffer. Every loop turn submits all queued SQEs and
 * waits for at least one completion in one io_uring_enter.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536
#define UDP_OPS 64
enum { OP_ACCEPT = 1, OP_RECV, OP_SEND, OP_URECV, OP_USEND, OP_STDIN };

typedef struct op {
    int type;
    int fd;
    unsigned len, off;
    struct msghdr msg;
    struct iovec iov;
    struct sockaddr_in peer;
    char buf[];
} op_t;

static struct io_uring ring;

static struct io_uring_sqe *sqe(void) {
    struct io_uring_sqe *s = io_uring_get_sqe(&ring);
    if (!s) {
        io_uring_submit(&ring);
        s = io_uring_get_sqe(&ring);
    }
    if (!s) { fprintf(stderr, "uring_echo: no SQE\n"); exit(1); }
    return s;
}

static void post_recv(op_t *o) {
    struct io_uring_sqe *s = sqe();
    io_uring_prep_recv(s, o->fd, o->buf, BUF, 0);
    o->type = OP_RECV;
    io_uring_sqe_set_data(s, o);
}

static void post_send(op_t *o) {
    struct io_uring_sqe *s = sqe();
    io_uring_prep_send(s, o->fd, o->buf + o->off, o->len - o->off, MSG_NOSIGNAL);
    o->type = OP_SEND;
    io_uring_sqe_set_data(s, o);
}

static void post_urecv(op_t *o) {
    struct io_uring_sqe *s = sqe();
    o->iov.iov_base = o->buf;
    o->iov.iov_len = BUF;
    memset(&o->msg, 0, sizeof o->msg);
    o->msg.msg_name = &o->peer;
    o->msg.msg_namelen = sizeof o->peer;
    o->msg.msg_iov = &o->iov;
    o->msg.msg_iovlen = 1;
    io_uring_prep_recvmsg(s, o->fd, &o->msg, 0);
    o->type = OP_URECV;
    io_uring_sqe_set_data(s, o);
}

static void post_accept(int lfd, op_t *o) {
    struct io_uring_sqe *s = sqe();
    io_uring_prep_multishot_accept(s, lfd, NULL, NULL, 0);
    io_uring_sqe_set_data(s, o);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: uring_echo <port>\n"); return 2; }
    int port = atoi(argv[1]);
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    if (io_uring_queue_init_params(4096, &ring, &p) < 0) {
        memset(&p, 0, sizeof p);
        int r = io_uring_queue_init_params(4096, &ring, &p);
        if (r < 0) { fprintf(stderr, "uring_echo: io_uring_queue_init: %s\n", strerror(-r)); return 1; }
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1024) < 0) { perror("uring_echo: tcp bind"); return 1; }
    int ufd = socket(AF_INET, SOCK_DGRAM, 0);
    if (bind(ufd, (struct sockaddr *)&a, sizeof a) < 0) { perror("uring_echo: udp bind"); return 1; }

    static op_t accept_op = {.type = OP_ACCEPT};
    post_accept(lfd, &accept_op);
    for (int i = 0; i < UDP_OPS; i++) {
        op_t *o = calloc(1, sizeof(op_t) + BUF);
        o->fd = ufd;
        post_urecv(o);
    }
    static op_t stdin_op = {.type = OP_STDIN};
    static char stdin_buf[64];
    if (argc > 2 && strcmp(argv[2], "--exit-on-eof") == 0) {
        struct io_uring_sqe *s = sqe();
        io_uring_prep_read(s, 0, stdin_buf, sizeof stdin_buf, 0);
        io_uring_sqe_set_data(s, &stdin_op);
    }
    printf("READY %d\n", port);
    fflush(stdout);

    for (;;) {
        int r = io_uring_submit_and_wait(&ring, 1);
        if (r < 0 && r != -EINTR) { fprintf(stderr, "uring_echo: submit: %s\n", strerror(-r)); return 1; }
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(&ring, head, cqe) {
            seen++;
            op_t *o = io_uring_cqe_get_data(cqe);
            int res = cqe->res;
            switch (o->type) {
            case OP_ACCEPT:
                if (res >= 0) {
                    setsockopt(res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    op_t *c = malloc(sizeof(op_t) + BUF);
                    c->fd = res;
                    post_recv(c);
                }
                if (!(cqe->flags & IORING_CQE_F_MORE)) {
                    post_accept(lfd, &accept_op);
                }
                break;
            case OP_RECV:
                if (res <= 0) { close(o->fd); free(o); break; }
                o->len = (unsigned)res;
                o->off = 0;
                post_send(o);
                break;
            case OP_SEND:
                if (res < 0) { close(o->fd); free(o); break; }
                o->off += (unsigned)res;
                if (o->off < o->len) post_send(o);
                else post_recv(o);
                break;
            case OP_URECV:
                if (res < 0) { post_urecv(o); break; }
                o->iov.iov_len = (size_t)res;
                o->type = OP_USEND;
                {
                    struct io_uring_sqe *s = sqe();
                    io_uring_prep_sendmsg(s, o->fd, &o->msg, 0);
                    io_uring_sqe_set_data(s, o);
                }
                break;
            case OP_USEND:
                post_urecv(o);
                break;
            case OP_STDIN:
                if (res <= 0) return 0; /* the harness went away */
                {
                    struct io_uring_sqe *s = sqe();
                    io_uring_prep_read(s, 0, stdin_buf, sizeof stdin_buf, 0);
                    io_uring_sqe_set_data(s, &stdin_op);
                }
                break;
            }
        }
        io_uring_cq_advance(&ring, seen);
    }
}
