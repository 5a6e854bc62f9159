package io.zeroio.runtime.uring.ffi;

/**
 * Constants of {@code <linux/io_uring.h>} (Linux 6.18) and the futex2 flags of {@code <linux/futex.h>}
 * used by io_uring's futex opcodes, named exactly as in C. Each value is compared with the installed
 * headers by {@code AbiOffsetsTest}; ones newer than the headers are reported there as unverified.
 */
public final class IoUringConstants {
    private IoUringConstants() {
    }

    // --- enum io_uring_op (sqe->opcode) ---
    /** No operation; completes with res 0. */
    public static final int IORING_OP_NOP = 0;
    /** readv(2). */
    public static final int IORING_OP_READV = 1;
    /** writev(2). */
    public static final int IORING_OP_WRITEV = 2;
    /** fsync(2). */
    public static final int IORING_OP_FSYNC = 3;
    /** read into a registered buffer. */
    public static final int IORING_OP_READ_FIXED = 4;
    /** write from a registered buffer. */
    public static final int IORING_OP_WRITE_FIXED = 5;
    /** Poll a descriptor (one-shot or multishot). */
    public static final int IORING_OP_POLL_ADD = 6;
    /** Remove a poll request. */
    public static final int IORING_OP_POLL_REMOVE = 7;
    /** sync_file_range(2). */
    public static final int IORING_OP_SYNC_FILE_RANGE = 8;
    /** sendmsg(2). */
    public static final int IORING_OP_SENDMSG = 9;
    /** recvmsg(2) (multishot with IORING_RECV_MULTISHOT and provided buffers). */
    public static final int IORING_OP_RECVMSG = 10;
    /** Timeout. */
    public static final int IORING_OP_TIMEOUT = 11;
    /** Remove or update a timeout. */
    public static final int IORING_OP_TIMEOUT_REMOVE = 12;
    /** accept4(2) (multishot with IORING_ACCEPT_MULTISHOT). */
    public static final int IORING_OP_ACCEPT = 13;
    /** Cancel requests. */
    public static final int IORING_OP_ASYNC_CANCEL = 14;
    /** Timeout linked to the previous request. */
    public static final int IORING_OP_LINK_TIMEOUT = 15;
    /** connect(2). */
    public static final int IORING_OP_CONNECT = 16;
    /** fallocate(2). */
    public static final int IORING_OP_FALLOCATE = 17;
    /** openat(2). */
    public static final int IORING_OP_OPENAT = 18;
    /** close(2). */
    public static final int IORING_OP_CLOSE = 19;
    /** Update registered files. */
    public static final int IORING_OP_FILES_UPDATE = 20;
    /** statx(2). */
    public static final int IORING_OP_STATX = 21;
    /** read(2). */
    public static final int IORING_OP_READ = 22;
    /** write(2). */
    public static final int IORING_OP_WRITE = 23;
    /** posix_fadvise(2). */
    public static final int IORING_OP_FADVISE = 24;
    /** madvise(2). */
    public static final int IORING_OP_MADVISE = 25;
    /** send(2). */
    public static final int IORING_OP_SEND = 26;
    /** recv(2) (multishot with IORING_RECV_MULTISHOT and provided buffers). */
    public static final int IORING_OP_RECV = 27;
    /** openat2(2). */
    public static final int IORING_OP_OPENAT2 = 28;
    /** epoll_ctl(2). */
    public static final int IORING_OP_EPOLL_CTL = 29;
    /** splice(2). */
    public static final int IORING_OP_SPLICE = 30;
    /** Provide buffers (legacy; prefer buffer rings). */
    public static final int IORING_OP_PROVIDE_BUFFERS = 31;
    /** Remove provided buffers. */
    public static final int IORING_OP_REMOVE_BUFFERS = 32;
    /** tee(2). */
    public static final int IORING_OP_TEE = 33;
    /** shutdown(2). */
    public static final int IORING_OP_SHUTDOWN = 34;
    /** renameat2(2). */
    public static final int IORING_OP_RENAMEAT = 35;
    /** unlinkat(2). */
    public static final int IORING_OP_UNLINKAT = 36;
    /** mkdirat(2). */
    public static final int IORING_OP_MKDIRAT = 37;
    /** symlinkat(2). */
    public static final int IORING_OP_SYMLINKAT = 38;
    /** linkat(2). */
    public static final int IORING_OP_LINKAT = 39;
    /** Post a CQE to another ring. */
    public static final int IORING_OP_MSG_RING = 40;
    /** fsetxattr(2). */
    public static final int IORING_OP_FSETXATTR = 41;
    /** setxattr(2). */
    public static final int IORING_OP_SETXATTR = 42;
    /** fgetxattr(2). */
    public static final int IORING_OP_FGETXATTR = 43;
    /** getxattr(2). */
    public static final int IORING_OP_GETXATTR = 44;
    /** socket(2). */
    public static final int IORING_OP_SOCKET = 45;
    /** Passthrough command. */
    public static final int IORING_OP_URING_CMD = 46;
    /** Zero-copy send; a second CQE (IORING_CQE_F_NOTIF) tells when the buffer may be reused. */
    public static final int IORING_OP_SEND_ZC = 47;
    /** Zero-copy sendmsg. */
    public static final int IORING_OP_SENDMSG_ZC = 48;
    /** Multishot read with provided buffers (6.7). */
    public static final int IORING_OP_READ_MULTISHOT = 49;
    /** waitid(2) (6.7). */
    public static final int IORING_OP_WAITID = 50;
    /** Wait on a futex (6.7). */
    public static final int IORING_OP_FUTEX_WAIT = 51;
    /** Wake a futex (6.7). */
    public static final int IORING_OP_FUTEX_WAKE = 52;
    /** Wait on several futexes (6.7). */
    public static final int IORING_OP_FUTEX_WAITV = 53;
    /** Install a registered file as a normal descriptor (6.8). */
    public static final int IORING_OP_FIXED_FD_INSTALL = 54;
    /** ftruncate(2) (6.9). */
    public static final int IORING_OP_FTRUNCATE = 55;
    /** bind(2) (6.11). */
    public static final int IORING_OP_BIND = 56;
    /** listen(2) (6.11). */
    public static final int IORING_OP_LISTEN = 57;

    // --- sqe->flags ---
    /** fd is an index into the registered file table. */
    public static final int IOSQE_FIXED_FILE = 1;
    /** Issue after all earlier requests complete. */
    public static final int IOSQE_IO_DRAIN = 1 << 1;
    /** Link the next SQE to this one (it starts when this one succeeds). */
    public static final int IOSQE_IO_LINK = 1 << 2;
    /** Like IO_LINK but the chain survives failure. */
    public static final int IOSQE_IO_HARDLINK = 1 << 3;
    /** Always go to the async worker. */
    public static final int IOSQE_ASYNC = 1 << 4;
    /** Pick a buffer from sqe->buf_group (provided buffers). */
    public static final int IOSQE_BUFFER_SELECT = 1 << 5;
    /** Post no CQE on success. */
    public static final int IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    // --- io_uring_setup(2) flags ---
    /** Busy-poll for completions (block devices). */
    public static final int IORING_SETUP_IOPOLL = 1;
    /** A kernel thread polls the SQ. */
    public static final int IORING_SETUP_SQPOLL = 1 << 1;
    /** Pin the SQ poll thread to sq_thread_cpu. */
    public static final int IORING_SETUP_SQ_AFF = 1 << 2;
    /** cq_entries is given by the application. */
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    /** Clamp sizes to the maximum instead of failing. */
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    /** Share the async worker pool of wq_fd. */
    public static final int IORING_SETUP_ATTACH_WQ = 1 << 5;
    /** Start disabled (IORING_REGISTER_ENABLE_RINGS). */
    public static final int IORING_SETUP_R_DISABLED = 1 << 6;
    /** Keep submitting after a failed SQE. */
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    /** Run task work cooperatively (no IPI). */
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    /** Set IORING_SQ_TASKRUN when task work is pending. */
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    /** 128-byte SQEs. */
    public static final int IORING_SETUP_SQE128 = 1 << 10;
    /** 32-byte CQEs. */
    public static final int IORING_SETUP_CQE32 = 1 << 11;
    /** Only one thread submits (a shard). */
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    /** Run task work only when the issuer waits for events (needs SINGLE_ISSUER). */
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;
    /** Application-provided ring memory (6.5). */
    public static final int IORING_SETUP_NO_MMAP = 1 << 14;
    /** Ring fd only usable registered (6.5). */
    public static final int IORING_SETUP_REGISTERED_FD_ONLY = 1 << 15;
    /** No SQ index array: the SQ tail indexes the SQEs directly (6.6). */
    public static final int IORING_SETUP_NO_SQARRAY = 1 << 16;

    // --- io_uring_enter(2) flags ---
    /** Wait for min_complete completions. */
    public static final int IORING_ENTER_GETEVENTS = 1;
    /** Wake the SQ poll thread. */
    public static final int IORING_ENTER_SQ_WAKEUP = 1 << 1;
    /** Wait for SQ space (SQPOLL). */
    public static final int IORING_ENTER_SQ_WAIT = 1 << 2;
    /** arg is a struct io_uring_getevents_arg (timeout without a timeout SQE). */
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;
    /** fd is a registered ring index. */
    public static final int IORING_ENTER_REGISTERED_RING = 1 << 4;

    // --- io_uring_params->features ---
    /** SQ and CQ rings share one mmap. */
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    /** CQ overflow is kept, not dropped. */
    public static final int IORING_FEAT_NODROP = 1 << 1;
    /** Submission data is stable once io_uring_enter returns. */
    public static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
    /** offset -1 means the current file position. */
    public static final int IORING_FEAT_RW_CUR_POS = 1 << 3;
    /** Requests run with the submitter's credentials. */
    public static final int IORING_FEAT_CUR_PERSONALITY = 1 << 4;
    /** Internal poll instead of async workers for sockets. */
    public static final int IORING_FEAT_FAST_POLL = 1 << 5;
    /** 32-bit poll masks. */
    public static final int IORING_FEAT_POLL_32BITS = 1 << 6;
    /** SQPOLL works with non-registered files. */
    public static final int IORING_FEAT_SQPOLL_NONFIXED = 1 << 7;
    /** IORING_ENTER_EXT_ARG is supported. */
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;
    /** Async workers are native threads. */
    public static final int IORING_FEAT_NATIVE_WORKERS = 1 << 9;
    /** Resource tags. */
    public static final int IORING_FEAT_RSRC_TAGS = 1 << 10;
    /** IOSQE_CQE_SKIP_SUCCESS. */
    public static final int IORING_FEAT_CQE_SKIP = 1 << 11;
    /** Linked requests resolve files late. */
    public static final int IORING_FEAT_LINKED_FILE = 1 << 12;
    /** Registering a registered ring (6.3). */
    public static final int IORING_FEAT_REG_REG_RING = 1 << 13;
    /** Bundled send/recv (6.10). */
    public static final int IORING_FEAT_RECVSEND_BUNDLE = 1 << 14;
    /** Minimum batch wait timeout (6.12). */
    public static final int IORING_FEAT_MIN_TIMEOUT = 1 << 15;

    // --- io_uring_register(2) opcodes ---
    /** Register fixed buffers (iovec array). */
    public static final int IORING_REGISTER_BUFFERS = 0;
    /** Unregister fixed buffers. */
    public static final int IORING_UNREGISTER_BUFFERS = 1;
    /** Register a file table (int array; -1 = empty slot). */
    public static final int IORING_REGISTER_FILES = 2;
    /** Unregister the file table. */
    public static final int IORING_UNREGISTER_FILES = 3;
    /** Signal an eventfd on completions. */
    public static final int IORING_REGISTER_EVENTFD = 4;
    /** Stop signalling the eventfd. */
    public static final int IORING_UNREGISTER_EVENTFD = 5;
    /** Update part of the file table (struct io_uring_files_update). */
    public static final int IORING_REGISTER_FILES_UPDATE = 6;
    /** Eventfd for async completions only. */
    public static final int IORING_REGISTER_EVENTFD_ASYNC = 7;
    /** Which opcodes this kernel supports (struct io_uring_probe). */
    public static final int IORING_REGISTER_PROBE = 8;
    /** Register credentials. */
    public static final int IORING_REGISTER_PERSONALITY = 9;
    /** Unregister credentials. */
    public static final int IORING_UNREGISTER_PERSONALITY = 10;
    /** Restrict opcodes. */
    public static final int IORING_REGISTER_RESTRICTIONS = 11;
    /** Enable a ring set up with R_DISABLED. */
    public static final int IORING_REGISTER_ENABLE_RINGS = 12;
    /** Register files with struct io_uring_rsrc_register (sparse tables). */
    public static final int IORING_REGISTER_FILES2 = 13;
    /** Update files with tags. */
    public static final int IORING_REGISTER_FILES_UPDATE2 = 14;
    /** Register buffers with struct io_uring_rsrc_register. */
    public static final int IORING_REGISTER_BUFFERS2 = 15;
    /** Update registered buffers. */
    public static final int IORING_REGISTER_BUFFERS_UPDATE = 16;
    /** Set async worker CPU affinity. */
    public static final int IORING_REGISTER_IOWQ_AFF = 17;
    /** Clear async worker CPU affinity. */
    public static final int IORING_UNREGISTER_IOWQ_AFF = 18;
    /** Cap async worker counts. */
    public static final int IORING_REGISTER_IOWQ_MAX_WORKERS = 19;
    /** Register ring fds. */
    public static final int IORING_REGISTER_RING_FDS = 20;
    /** Unregister ring fds. */
    public static final int IORING_UNREGISTER_RING_FDS = 21;
    /** Register a provided-buffer ring (struct io_uring_buf_reg). */
    public static final int IORING_REGISTER_PBUF_RING = 22;
    /** Unregister a provided-buffer ring. */
    public static final int IORING_UNREGISTER_PBUF_RING = 23;
    /** Synchronous cancel. */
    public static final int IORING_REGISTER_SYNC_CANCEL = 24;
    /** Range of file slots for automatic allocation. */
    public static final int IORING_REGISTER_FILE_ALLOC_RANGE = 25;
    /** Read a buffer ring's head (6.8). */
    public static final int IORING_REGISTER_PBUF_STATUS = 26;

    /** io_uring_rsrc_register flag: register an all-empty table of nr slots. */
    public static final int IORING_RSRC_REGISTER_SPARSE = 1;
    /** io_uring_probe_op flag: the opcode is supported. */
    public static final int IO_URING_OP_SUPPORTED = 1;
    /** File table update value that leaves a slot unchanged. */
    public static final int IORING_REGISTER_FILES_SKIP = -2;
    /** sqe->file_index: let the kernel pick a free registered slot. */
    public static final int IORING_FILE_INDEX_ALLOC = ~0;

    // --- cqe->flags ---
    /** The upper 16 bits of flags are the provided buffer id. */
    public static final int IORING_CQE_F_BUFFER = 1;
    /** The request stays armed and will post more CQEs (multishot). */
    public static final int IORING_CQE_F_MORE = 1 << 1;
    /** More data was left in the socket after this receive. */
    public static final int IORING_CQE_F_SOCK_NONEMPTY = 1 << 2;
    /** A zero-copy send notification: the buffer may be reused. */
    public static final int IORING_CQE_F_NOTIF = 1 << 3;
    /** Incremental buffer consumption: the buffer is not finished (6.12). */
    public static final int IORING_CQE_F_BUF_MORE = 1 << 4;
    /** Shift of the buffer id within cqe->flags. */
    public static final int IORING_CQE_BUFFER_SHIFT = 16;

    // --- sq_ring->flags / cq_ring->flags ---
    /** The SQ poll thread sleeps: enter with IORING_ENTER_SQ_WAKEUP. */
    public static final int IORING_SQ_NEED_WAKEUP = 1;
    /** The CQ overflowed: enter with GETEVENTS to flush. */
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    /** Task work is pending: enter with GETEVENTS to run it. */
    public static final int IORING_SQ_TASKRUN = 1 << 2;
    /** Do not signal the registered eventfd. */
    public static final int IORING_CQ_EVENTFD_DISABLED = 1;

    // --- sqe->ioprio for send/recv ---
    /** Arm poll first instead of trying the transfer. */
    public static final int IORING_RECVSEND_POLL_FIRST = 1;
    /** Multishot recv/recvmsg: one SQE, a CQE per arrival (IORING_CQE_F_MORE while armed). */
    public static final int IORING_RECV_MULTISHOT = 1 << 1;
    /** Use a registered buffer (sqe->buf_index). */
    public static final int IORING_RECVSEND_FIXED_BUF = 1 << 2;
    /** SEND_ZC: report in the notification whether data was copied. */
    public static final int IORING_SEND_ZC_REPORT_USAGE = 1 << 3;
    /** Bundle several buffers into one send/recv (6.10). */
    public static final int IORING_RECVSEND_BUNDLE = 1 << 4;
    /** Notification res flag: the data was copied, not sent zero-copy. */
    public static final int IORING_NOTIF_USAGE_ZC_COPIED = 1 << 31;

    // --- sqe->ioprio for accept ---
    /** Multishot accept: one SQE, a CQE per connection. */
    public static final int IORING_ACCEPT_MULTISHOT = 1;
    /** Do not wait for a connection (6.10). */
    public static final int IORING_ACCEPT_DONTWAIT = 1 << 1;
    /** Arm poll first (6.10). */
    public static final int IORING_ACCEPT_POLL_FIRST = 1 << 2;

    // --- sqe->len for POLL_ADD ---
    /** Multishot poll. */
    public static final int IORING_POLL_ADD_MULTI = 1;
    /** Update the events of an existing poll. */
    public static final int IORING_POLL_UPDATE_EVENTS = 1 << 1;
    /** Update the user_data of an existing poll. */
    public static final int IORING_POLL_UPDATE_USER_DATA = 1 << 2;
    /** Level-triggered poll. */
    public static final int IORING_POLL_ADD_LEVEL = 1 << 3;

    // --- sqe->timeout_flags ---
    /** The timespec is absolute. */
    public static final int IORING_TIMEOUT_ABS = 1;
    /** Update an existing timeout. */
    public static final int IORING_TIMEOUT_UPDATE = 1 << 1;
    /** CLOCK_BOOTTIME. */
    public static final int IORING_TIMEOUT_BOOTTIME = 1 << 2;
    /** CLOCK_REALTIME. */
    public static final int IORING_TIMEOUT_REALTIME = 1 << 3;
    /** Update a linked timeout. */
    public static final int IORING_LINK_TIMEOUT_UPDATE = 1 << 4;
    /** Expiry completes with res 0 rather than -ETIME. */
    public static final int IORING_TIMEOUT_ETIME_SUCCESS = 1 << 5;
    /** Repeating timeout (6.4). */
    public static final int IORING_TIMEOUT_MULTISHOT = 1 << 6;

    // --- sqe->cancel_flags ---
    /** Cancel every match, not just the first. */
    public static final int IORING_ASYNC_CANCEL_ALL = 1;
    /** Match on sqe->fd instead of user_data. */
    public static final int IORING_ASYNC_CANCEL_FD = 1 << 1;
    /** Match any request. */
    public static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;
    /** sqe->fd is a registered file index. */
    public static final int IORING_ASYNC_CANCEL_FD_FIXED = 1 << 3;

    // --- mmap(2) offsets of the ring regions ---
    /** mmap offset of the SQ ring. */
    public static final long IORING_OFF_SQ_RING = 0L;
    /** mmap offset of the CQ ring (unless IORING_FEAT_SINGLE_MMAP). */
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    /** mmap offset of the SQE array. */
    public static final long IORING_OFF_SQES = 0x10000000L;

    // --- futex2 flags (linux/futex.h) for IORING_OP_FUTEX_WAIT/WAKE (sqe->fd) ---
    /** 8-bit futex. */
    public static final int FUTEX2_SIZE_U8 = 0x00;
    /** 16-bit futex. */
    public static final int FUTEX2_SIZE_U16 = 0x01;
    /** 32-bit futex (the only size futex(2) waiters use). */
    public static final int FUTEX2_SIZE_U32 = 0x02;
    /** 64-bit futex. */
    public static final int FUTEX2_SIZE_U64 = 0x03;
    /** NUMA-aware futex. */
    public static final int FUTEX2_NUMA = 0x04;
    /** Process-private futex (the same bit as FUTEX_PRIVATE_FLAG); see Futex's note before using it. */
    public static final int FUTEX2_PRIVATE = 128;
    /** Bitset matching every waiter (linux/futex.h FUTEX_BITSET_MATCH_ANY). */
    public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;
}
