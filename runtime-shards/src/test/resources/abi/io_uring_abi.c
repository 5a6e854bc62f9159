/*
 * ABI check for zero-io's hand-written FFM binding (AbiOffsetsTest compiles and runs this with gcc).
 * Prints name=value for every struct size, member offset and constant the Java side declares, taken from
 * the installed C and kernel headers. Entries newer than the installed headers print name=unavailable;
 * the Java test reports those and fails on every other difference.
 *
 * Keys: "sizeof.<struct>", "<struct>.<member>" (nested members dotted), and "<CONSTANT>".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <linux/version.h>
#include <linux/time_types.h>
#include <linux/io_uring.h>
#include <linux/futex.h>
#include <linux/mman.h>

#define S(T) printf("sizeof.%s=%zu\n", #T, sizeof(struct T))
#define O(T, F) printf("%s.%s=%zu\n", #T, #F, offsetof(struct T, F))
/* a member renamed by a later kernel: print the old member's offset under the new name */
#define OAS(T, NAME, F) printf("%s.%s=%zu\n", #T, NAME, offsetof(struct T, F))
#define ONA(T, F) printf("%s.%s=unavailable\n", #T, #F)
#define C(X) printf("%s=%lld\n", #X, (long long)(X))
#define CAS(NAME, X) printf("%s=%lld\n", NAME, (long long)(X))
#define NA(X) printf("%s=unavailable\n", #X)

static void structs(void) {
    S(io_uring_sqe);
    O(io_uring_sqe, opcode); O(io_uring_sqe, flags); O(io_uring_sqe, ioprio); O(io_uring_sqe, fd);
    O(io_uring_sqe, off); O(io_uring_sqe, addr2); O(io_uring_sqe, cmd_op); O(io_uring_sqe, __pad1);
    O(io_uring_sqe, addr); O(io_uring_sqe, splice_off_in); O(io_uring_sqe, len);
    O(io_uring_sqe, rw_flags); O(io_uring_sqe, poll32_events); O(io_uring_sqe, msg_flags);
    O(io_uring_sqe, timeout_flags); O(io_uring_sqe, accept_flags); O(io_uring_sqe, cancel_flags);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
    O(io_uring_sqe, futex_flags);
#else
    ONA(io_uring_sqe, futex_flags);
#endif
    O(io_uring_sqe, user_data); O(io_uring_sqe, buf_index); O(io_uring_sqe, buf_group);
    O(io_uring_sqe, personality); O(io_uring_sqe, splice_fd_in); O(io_uring_sqe, file_index);
    O(io_uring_sqe, addr_len); O(io_uring_sqe, __pad3); O(io_uring_sqe, addr3); O(io_uring_sqe, __pad2);

    S(io_uring_cqe);
    O(io_uring_cqe, user_data); O(io_uring_cqe, res); O(io_uring_cqe, flags);

    S(io_sqring_offsets);
    O(io_sqring_offsets, head); O(io_sqring_offsets, tail); O(io_sqring_offsets, ring_mask);
    O(io_sqring_offsets, ring_entries); O(io_sqring_offsets, flags); O(io_sqring_offsets, dropped);
    O(io_sqring_offsets, array); O(io_sqring_offsets, resv1);
    S(io_cqring_offsets);
    O(io_cqring_offsets, head); O(io_cqring_offsets, tail); O(io_cqring_offsets, ring_mask);
    O(io_cqring_offsets, ring_entries); O(io_cqring_offsets, overflow); O(io_cqring_offsets, cqes);
    O(io_cqring_offsets, flags); O(io_cqring_offsets, resv1);
    S(io_uring_params);
    O(io_uring_params, sq_entries); O(io_uring_params, cq_entries); O(io_uring_params, flags);
    O(io_uring_params, sq_thread_cpu); O(io_uring_params, sq_thread_idle); O(io_uring_params, features);
    O(io_uring_params, wq_fd); O(io_uring_params, resv); O(io_uring_params, sq_off); O(io_uring_params, cq_off);
    O(io_uring_params, sq_off.head); O(io_uring_params, sq_off.tail); O(io_uring_params, sq_off.ring_mask);
    O(io_uring_params, sq_off.ring_entries); O(io_uring_params, sq_off.flags); O(io_uring_params, sq_off.dropped);
    O(io_uring_params, sq_off.array); O(io_uring_params, sq_off.resv1);
    O(io_uring_params, cq_off.head); O(io_uring_params, cq_off.tail); O(io_uring_params, cq_off.ring_mask);
    O(io_uring_params, cq_off.ring_entries); O(io_uring_params, cq_off.overflow); O(io_uring_params, cq_off.cqes);
    O(io_uring_params, cq_off.flags); O(io_uring_params, cq_off.resv1);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
    O(io_sqring_offsets, user_addr); O(io_cqring_offsets, user_addr);
    O(io_uring_params, sq_off.user_addr); O(io_uring_params, cq_off.user_addr);
#else
    OAS(io_sqring_offsets, "user_addr", resv2); OAS(io_cqring_offsets, "user_addr", resv2);
    OAS(io_uring_params, "sq_off.user_addr", sq_off.resv2); OAS(io_uring_params, "cq_off.user_addr", cq_off.resv2);
#endif

    S(io_uring_buf);
    O(io_uring_buf, addr); O(io_uring_buf, len); O(io_uring_buf, bid); O(io_uring_buf, resv);
    S(io_uring_buf_ring);
    O(io_uring_buf_ring, resv1); O(io_uring_buf_ring, resv2); O(io_uring_buf_ring, resv3); O(io_uring_buf_ring, tail);
    S(io_uring_buf_reg);
    O(io_uring_buf_reg, ring_addr); O(io_uring_buf_reg, ring_entries); O(io_uring_buf_reg, bgid); O(io_uring_buf_reg, resv);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
    O(io_uring_buf_reg, flags);
#else
    OAS(io_uring_buf_reg, "flags", pad);
#endif

    S(io_uring_getevents_arg);
    O(io_uring_getevents_arg, sigmask); O(io_uring_getevents_arg, sigmask_sz); O(io_uring_getevents_arg, ts);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
    O(io_uring_getevents_arg, min_wait_usec);
#else
    OAS(io_uring_getevents_arg, "min_wait_usec", pad);
#endif

    S(__kernel_timespec);
    O(__kernel_timespec, tv_sec); O(__kernel_timespec, tv_nsec);

    S(io_uring_recvmsg_out);
    O(io_uring_recvmsg_out, namelen); O(io_uring_recvmsg_out, controllen);
    O(io_uring_recvmsg_out, payloadlen); O(io_uring_recvmsg_out, flags);

    S(io_uring_probe);
    O(io_uring_probe, last_op); O(io_uring_probe, ops_len); O(io_uring_probe, resv); O(io_uring_probe, resv2);
    S(io_uring_probe_op);
    O(io_uring_probe_op, op); O(io_uring_probe_op, resv); O(io_uring_probe_op, flags); O(io_uring_probe_op, resv2);

    S(io_uring_rsrc_register);
    O(io_uring_rsrc_register, nr); O(io_uring_rsrc_register, flags); O(io_uring_rsrc_register, resv2);
    O(io_uring_rsrc_register, data); O(io_uring_rsrc_register, tags);
    S(io_uring_files_update);
    O(io_uring_files_update, offset); O(io_uring_files_update, resv); O(io_uring_files_update, fds);

    S(sockaddr_in);
    O(sockaddr_in, sin_family); O(sockaddr_in, sin_port); O(sockaddr_in, sin_addr); O(sockaddr_in, sin_zero);
    S(sockaddr_in6);
    O(sockaddr_in6, sin6_family); O(sockaddr_in6, sin6_port); O(sockaddr_in6, sin6_flowinfo);
    O(sockaddr_in6, sin6_addr); O(sockaddr_in6, sin6_scope_id);
    S(sockaddr_un);
    O(sockaddr_un, sun_family); O(sockaddr_un, sun_path);
    S(msghdr);
    O(msghdr, msg_name); O(msghdr, msg_namelen); O(msghdr, msg_iov); O(msghdr, msg_iovlen);
    O(msghdr, msg_control); O(msghdr, msg_controllen); O(msghdr, msg_flags);
    S(iovec);
    O(iovec, iov_base); O(iovec, iov_len);
    S(cmsghdr);
    O(cmsghdr, cmsg_len); O(cmsghdr, cmsg_level); O(cmsghdr, cmsg_type);
    S(ip_mreqn);
    O(ip_mreqn, imr_multiaddr); O(ip_mreqn, imr_address); O(ip_mreqn, imr_ifindex);
    S(ip_mreq);
    O(ip_mreq, imr_multiaddr); O(ip_mreq, imr_interface);
    S(ipv6_mreq);
    O(ipv6_mreq, ipv6mr_multiaddr); O(ipv6_mreq, ipv6mr_interface);
}

static void constants(void) {
    C(IORING_OP_NOP);
    C(IORING_OP_READV);
    C(IORING_OP_WRITEV);
    C(IORING_OP_FSYNC);
    C(IORING_OP_READ_FIXED);
    C(IORING_OP_WRITE_FIXED);
    C(IORING_OP_POLL_ADD);
    C(IORING_OP_POLL_REMOVE);
    C(IORING_OP_SYNC_FILE_RANGE);
    C(IORING_OP_SENDMSG);
    C(IORING_OP_RECVMSG);
    C(IORING_OP_TIMEOUT);
    C(IORING_OP_TIMEOUT_REMOVE);
    C(IORING_OP_ACCEPT);
    C(IORING_OP_ASYNC_CANCEL);
    C(IORING_OP_LINK_TIMEOUT);
    C(IORING_OP_CONNECT);
    C(IORING_OP_FALLOCATE);
    C(IORING_OP_OPENAT);
    C(IORING_OP_CLOSE);
    C(IORING_OP_FILES_UPDATE);
    C(IORING_OP_STATX);
    C(IORING_OP_READ);
    C(IORING_OP_WRITE);
    C(IORING_OP_FADVISE);
    C(IORING_OP_MADVISE);
    C(IORING_OP_SEND);
    C(IORING_OP_RECV);
    C(IORING_OP_OPENAT2);
    C(IORING_OP_EPOLL_CTL);
    C(IORING_OP_SPLICE);
    C(IORING_OP_PROVIDE_BUFFERS);
    C(IORING_OP_REMOVE_BUFFERS);
    C(IORING_OP_TEE);
    C(IORING_OP_SHUTDOWN);
    C(IORING_OP_RENAMEAT);
    C(IORING_OP_UNLINKAT);
    C(IORING_OP_MKDIRAT);
    C(IORING_OP_SYMLINKAT);
    C(IORING_OP_LINKAT);
    C(IORING_OP_MSG_RING);
    C(IORING_OP_FSETXATTR);
    C(IORING_OP_SETXATTR);
    C(IORING_OP_FGETXATTR);
    C(IORING_OP_GETXATTR);
    C(IORING_OP_SOCKET);
    C(IORING_OP_URING_CMD);
    C(IORING_OP_SEND_ZC);
    C(IORING_OP_SENDMSG_ZC);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
    C(IORING_OP_READ_MULTISHOT);
#else
    NA(IORING_OP_READ_MULTISHOT);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
    C(IORING_OP_WAITID);
#else
    NA(IORING_OP_WAITID);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
    C(IORING_OP_FUTEX_WAIT);
#else
    NA(IORING_OP_FUTEX_WAIT);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
    C(IORING_OP_FUTEX_WAKE);
#else
    NA(IORING_OP_FUTEX_WAKE);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
    C(IORING_OP_FUTEX_WAITV);
#else
    NA(IORING_OP_FUTEX_WAITV);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
    C(IORING_OP_FIXED_FD_INSTALL);
#else
    NA(IORING_OP_FIXED_FD_INSTALL);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
    C(IORING_OP_FTRUNCATE);
#else
    NA(IORING_OP_FTRUNCATE);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
    C(IORING_OP_BIND);
#else
    NA(IORING_OP_BIND);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
    C(IORING_OP_LISTEN);
#else
    NA(IORING_OP_LISTEN);
#endif
    C(IOSQE_FIXED_FILE);
    C(IOSQE_IO_DRAIN);
    C(IOSQE_IO_LINK);
    C(IOSQE_IO_HARDLINK);
    C(IOSQE_ASYNC);
    C(IOSQE_BUFFER_SELECT);
    C(IOSQE_CQE_SKIP_SUCCESS);
    C(IORING_SETUP_IOPOLL);
    C(IORING_SETUP_SQPOLL);
    C(IORING_SETUP_SQ_AFF);
    C(IORING_SETUP_CQSIZE);
    C(IORING_SETUP_CLAMP);
    C(IORING_SETUP_ATTACH_WQ);
    C(IORING_SETUP_R_DISABLED);
    C(IORING_SETUP_SUBMIT_ALL);
    C(IORING_SETUP_COOP_TASKRUN);
    C(IORING_SETUP_TASKRUN_FLAG);
    C(IORING_SETUP_SQE128);
    C(IORING_SETUP_CQE32);
    C(IORING_SETUP_SINGLE_ISSUER);
    C(IORING_SETUP_DEFER_TASKRUN);
#ifdef IORING_SETUP_NO_MMAP
    C(IORING_SETUP_NO_MMAP);
#else
    NA(IORING_SETUP_NO_MMAP);
#endif
#ifdef IORING_SETUP_REGISTERED_FD_ONLY
    C(IORING_SETUP_REGISTERED_FD_ONLY);
#else
    NA(IORING_SETUP_REGISTERED_FD_ONLY);
#endif
#ifdef IORING_SETUP_NO_SQARRAY
    C(IORING_SETUP_NO_SQARRAY);
#else
    NA(IORING_SETUP_NO_SQARRAY);
#endif
    C(IORING_ENTER_GETEVENTS);
    C(IORING_ENTER_SQ_WAKEUP);
    C(IORING_ENTER_SQ_WAIT);
    C(IORING_ENTER_EXT_ARG);
    C(IORING_ENTER_REGISTERED_RING);
    C(IORING_FEAT_SINGLE_MMAP);
    C(IORING_FEAT_NODROP);
    C(IORING_FEAT_SUBMIT_STABLE);
    C(IORING_FEAT_RW_CUR_POS);
    C(IORING_FEAT_CUR_PERSONALITY);
    C(IORING_FEAT_FAST_POLL);
    C(IORING_FEAT_POLL_32BITS);
    C(IORING_FEAT_SQPOLL_NONFIXED);
    C(IORING_FEAT_EXT_ARG);
    C(IORING_FEAT_NATIVE_WORKERS);
    C(IORING_FEAT_RSRC_TAGS);
    C(IORING_FEAT_CQE_SKIP);
    C(IORING_FEAT_LINKED_FILE);
#ifdef IORING_FEAT_REG_REG_RING
    C(IORING_FEAT_REG_REG_RING);
#else
    NA(IORING_FEAT_REG_REG_RING);
#endif
#ifdef IORING_FEAT_RECVSEND_BUNDLE
    C(IORING_FEAT_RECVSEND_BUNDLE);
#else
    NA(IORING_FEAT_RECVSEND_BUNDLE);
#endif
#ifdef IORING_FEAT_MIN_TIMEOUT
    C(IORING_FEAT_MIN_TIMEOUT);
#else
    NA(IORING_FEAT_MIN_TIMEOUT);
#endif
    C(IORING_REGISTER_BUFFERS);
    C(IORING_UNREGISTER_BUFFERS);
    C(IORING_REGISTER_FILES);
    C(IORING_UNREGISTER_FILES);
    C(IORING_REGISTER_EVENTFD);
    C(IORING_UNREGISTER_EVENTFD);
    C(IORING_REGISTER_FILES_UPDATE);
    C(IORING_REGISTER_EVENTFD_ASYNC);
    C(IORING_REGISTER_PROBE);
    C(IORING_REGISTER_PERSONALITY);
    C(IORING_UNREGISTER_PERSONALITY);
    C(IORING_REGISTER_RESTRICTIONS);
    C(IORING_REGISTER_ENABLE_RINGS);
    C(IORING_REGISTER_FILES2);
    C(IORING_REGISTER_FILES_UPDATE2);
    C(IORING_REGISTER_BUFFERS2);
    C(IORING_REGISTER_BUFFERS_UPDATE);
    C(IORING_REGISTER_IOWQ_AFF);
    C(IORING_UNREGISTER_IOWQ_AFF);
    C(IORING_REGISTER_IOWQ_MAX_WORKERS);
    C(IORING_REGISTER_RING_FDS);
    C(IORING_UNREGISTER_RING_FDS);
    C(IORING_REGISTER_PBUF_RING);
    C(IORING_UNREGISTER_PBUF_RING);
    C(IORING_REGISTER_SYNC_CANCEL);
    C(IORING_REGISTER_FILE_ALLOC_RANGE);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
    C(IORING_REGISTER_PBUF_STATUS);
#else
    NA(IORING_REGISTER_PBUF_STATUS);
#endif
    C(IORING_RSRC_REGISTER_SPARSE);
    C(IO_URING_OP_SUPPORTED);
    C(IORING_REGISTER_FILES_SKIP);
    C(IORING_FILE_INDEX_ALLOC);
    C(IORING_CQE_F_BUFFER);
    C(IORING_CQE_F_MORE);
    C(IORING_CQE_F_SOCK_NONEMPTY);
    C(IORING_CQE_F_NOTIF);
#ifdef IORING_CQE_F_BUF_MORE
    C(IORING_CQE_F_BUF_MORE);
#else
    NA(IORING_CQE_F_BUF_MORE);
#endif
    C(IORING_CQE_BUFFER_SHIFT);
    C(IORING_SQ_NEED_WAKEUP);
    C(IORING_SQ_CQ_OVERFLOW);
    C(IORING_SQ_TASKRUN);
    C(IORING_CQ_EVENTFD_DISABLED);
    C(IORING_RECVSEND_POLL_FIRST);
    C(IORING_RECV_MULTISHOT);
    C(IORING_RECVSEND_FIXED_BUF);
    C(IORING_SEND_ZC_REPORT_USAGE);
#ifdef IORING_RECVSEND_BUNDLE
    C(IORING_RECVSEND_BUNDLE);
#else
    NA(IORING_RECVSEND_BUNDLE);
#endif
    C(IORING_NOTIF_USAGE_ZC_COPIED);
    C(IORING_ACCEPT_MULTISHOT);
#ifdef IORING_ACCEPT_DONTWAIT
    C(IORING_ACCEPT_DONTWAIT);
#else
    NA(IORING_ACCEPT_DONTWAIT);
#endif
#ifdef IORING_ACCEPT_POLL_FIRST
    C(IORING_ACCEPT_POLL_FIRST);
#else
    NA(IORING_ACCEPT_POLL_FIRST);
#endif
    C(IORING_POLL_ADD_MULTI);
    C(IORING_POLL_UPDATE_EVENTS);
    C(IORING_POLL_UPDATE_USER_DATA);
    C(IORING_POLL_ADD_LEVEL);
    C(IORING_TIMEOUT_ABS);
    C(IORING_TIMEOUT_UPDATE);
    C(IORING_TIMEOUT_BOOTTIME);
    C(IORING_TIMEOUT_REALTIME);
    C(IORING_LINK_TIMEOUT_UPDATE);
    C(IORING_TIMEOUT_ETIME_SUCCESS);
#ifdef IORING_TIMEOUT_MULTISHOT
    C(IORING_TIMEOUT_MULTISHOT);
#else
    NA(IORING_TIMEOUT_MULTISHOT);
#endif
    C(IORING_ASYNC_CANCEL_ALL);
    C(IORING_ASYNC_CANCEL_FD);
    C(IORING_ASYNC_CANCEL_ANY);
    C(IORING_ASYNC_CANCEL_FD_FIXED);
    C(IORING_OFF_SQ_RING);
    C(IORING_OFF_CQ_RING);
    C(IORING_OFF_SQES);
#ifdef FUTEX2_SIZE_U8
    C(FUTEX2_SIZE_U8);
#else
    NA(FUTEX2_SIZE_U8);
#endif
#ifdef FUTEX2_SIZE_U16
    C(FUTEX2_SIZE_U16);
#else
    NA(FUTEX2_SIZE_U16);
#endif
#ifdef FUTEX2_SIZE_U32
    C(FUTEX2_SIZE_U32);
#else
    NA(FUTEX2_SIZE_U32);
#endif
#ifdef FUTEX2_SIZE_U64
    C(FUTEX2_SIZE_U64);
#else
    NA(FUTEX2_SIZE_U64);
#endif
#ifdef FUTEX2_NUMA
    C(FUTEX2_NUMA);
#else
    NA(FUTEX2_NUMA);
#endif
#ifdef FUTEX2_PRIVATE
    C(FUTEX2_PRIVATE);
#else
    NA(FUTEX2_PRIVATE);
#endif
    C(FUTEX_BITSET_MATCH_ANY);
    C(AF_UNSPEC);
    C(AF_UNIX);
    C(AF_INET);
    C(AF_INET6);
    C(AF_NETLINK);
    C(AF_PACKET);
    C(AF_XDP);
    C(SOCK_STREAM);
    C(SOCK_DGRAM);
    C(SOCK_RAW);
    C(SOCK_SEQPACKET);
    C(SOCK_NONBLOCK);
    C(SOCK_CLOEXEC);
    C(SOL_SOCKET);
    C(IPPROTO_IP);
    C(IPPROTO_TCP);
    C(IPPROTO_UDP);
    C(IPPROTO_IPV6);
    C(SOL_TCP);
    C(SOL_UDP);
    C(SO_REUSEADDR);
    C(SO_TYPE);
    C(SO_ERROR);
    C(SO_KEEPALIVE);
    C(SO_SNDBUF);
    C(SO_RCVBUF);
    C(SO_LINGER);
    C(SO_REUSEPORT);
    C(SO_RCVLOWAT);
    C(SO_SNDBUFFORCE);
    C(SO_RCVBUFFORCE);
    C(SO_BUSY_POLL);
    C(SO_INCOMING_CPU);
    C(SO_ATTACH_REUSEPORT_CBPF);
    C(SO_ZEROCOPY);
    C(SO_DETACH_REUSEPORT_BPF);
    C(TCP_NODELAY);
    C(TCP_CORK);
    C(TCP_KEEPIDLE);
    C(TCP_KEEPINTVL);
    C(TCP_KEEPCNT);
    C(TCP_INFO);
    C(TCP_QUICKACK);
    C(TCP_USER_TIMEOUT);
    C(TCP_FASTOPEN);
    C(TCP_NOTSENT_LOWAT);
    C(IP_MULTICAST_IF);
    C(IP_MULTICAST_TTL);
    C(IP_MULTICAST_LOOP);
    C(IP_ADD_MEMBERSHIP);
    C(IP_DROP_MEMBERSHIP);
    C(IPV6_MULTICAST_IF);
    C(IPV6_MULTICAST_HOPS);
    C(IPV6_MULTICAST_LOOP);
    C(IPV6_JOIN_GROUP);
    C(IPV6_LEAVE_GROUP);
    C(IPV6_V6ONLY);
    C(UDP_SEGMENT);
    C(UDP_GRO);
    C(SHUT_RD);
    C(SHUT_WR);
    C(SHUT_RDWR);
    C(MSG_OOB);
    C(MSG_PEEK);
    C(MSG_CTRUNC);
    C(MSG_TRUNC);
    C(MSG_DONTWAIT);
    C(MSG_WAITALL);
    C(MSG_NOSIGNAL);
    C(MSG_MORE);
    C(MSG_ZEROCOPY);
    C(POLLIN);
    C(POLLPRI);
    C(POLLOUT);
    C(POLLERR);
    C(POLLHUP);
    C(POLLRDHUP);
    C(PROT_NONE);
    C(PROT_READ);
    C(PROT_WRITE);
    C(PROT_EXEC);
    C(MAP_SHARED);
    C(MAP_PRIVATE);
    C(MAP_FIXED);
    C(MAP_ANONYMOUS);
    C(MAP_LOCKED);
    C(MAP_NORESERVE);
    C(MAP_POPULATE);
    C(MAP_HUGETLB);
    C(MAP_HUGE_SHIFT);
    C(MAP_HUGE_2MB);
    C(MAP_HUGE_1GB);
    C(MADV_NORMAL);
    C(MADV_RANDOM);
    C(MADV_SEQUENTIAL);
    C(MADV_WILLNEED);
    C(MADV_DONTNEED);
    C(MADV_FREE);
    C(MADV_DONTFORK);
    C(MADV_DOFORK);
    C(MADV_HUGEPAGE);
    C(MADV_NOHUGEPAGE);
    C(MADV_DONTDUMP);
#ifdef MADV_POPULATE_WRITE
    C(MADV_POPULATE_WRITE);
#else
    NA(MADV_POPULATE_WRITE);
#endif
    C(EPERM);
    C(ENOENT);
    C(ESRCH);
    C(EINTR);
    C(EIO);
    C(ENXIO);
    C(E2BIG);
    C(ENOEXEC);
    C(EBADF);
    C(ECHILD);
    C(EAGAIN);
    C(ENOMEM);
    C(EACCES);
    C(EFAULT);
    C(ENOTBLK);
    C(EBUSY);
    C(EEXIST);
    C(EXDEV);
    C(ENODEV);
    C(ENOTDIR);
    C(EISDIR);
    C(EINVAL);
    C(ENFILE);
    C(EMFILE);
    C(ENOTTY);
    C(ETXTBSY);
    C(EFBIG);
    C(ENOSPC);
    C(ESPIPE);
    C(EROFS);
    C(EMLINK);
    C(EPIPE);
    C(EDOM);
    C(ERANGE);
    C(EDEADLK);
    C(ENAMETOOLONG);
    C(ENOLCK);
    C(ENOSYS);
    C(ENOTEMPTY);
    C(ELOOP);
    C(ENOMSG);
    C(EIDRM);
    C(ECHRNG);
    C(EL2NSYNC);
    C(EL3HLT);
    C(EL3RST);
    C(ELNRNG);
    C(EUNATCH);
    C(ENOCSI);
    C(EL2HLT);
    C(EBADE);
    C(EBADR);
    C(EXFULL);
    C(ENOANO);
    C(EBADRQC);
    C(EBADSLT);
    C(EBFONT);
    C(ENOSTR);
    C(ENODATA);
    C(ETIME);
    C(ENOSR);
    C(ENONET);
    C(ENOPKG);
    C(EREMOTE);
    C(ENOLINK);
    C(EADV);
    C(ESRMNT);
    C(ECOMM);
    C(EPROTO);
    C(EMULTIHOP);
    C(EDOTDOT);
    C(EBADMSG);
    C(EOVERFLOW);
    C(ENOTUNIQ);
    C(EBADFD);
    C(EREMCHG);
    C(ELIBACC);
    C(ELIBBAD);
    C(ELIBSCN);
    C(ELIBMAX);
    C(ELIBEXEC);
    C(EILSEQ);
    C(ERESTART);
    C(ESTRPIPE);
    C(EUSERS);
    C(ENOTSOCK);
    C(EDESTADDRREQ);
    C(EMSGSIZE);
    C(EPROTOTYPE);
    C(ENOPROTOOPT);
    C(EPROTONOSUPPORT);
    C(ESOCKTNOSUPPORT);
    C(EOPNOTSUPP);
    C(EPFNOSUPPORT);
    C(EAFNOSUPPORT);
    C(EADDRINUSE);
    C(EADDRNOTAVAIL);
    C(ENETDOWN);
    C(ENETUNREACH);
    C(ENETRESET);
    C(ECONNABORTED);
    C(ECONNRESET);
    C(ENOBUFS);
    C(EISCONN);
    C(ENOTCONN);
    C(ESHUTDOWN);
    C(ETOOMANYREFS);
    C(ETIMEDOUT);
    C(ECONNREFUSED);
    C(EHOSTDOWN);
    C(EHOSTUNREACH);
    C(EALREADY);
    C(EINPROGRESS);
    C(ESTALE);
    C(EUCLEAN);
    C(ENOTNAM);
    C(ENAVAIL);
    C(EISNAM);
    C(EREMOTEIO);
    C(EDQUOT);
    C(ENOMEDIUM);
    C(EMEDIUMTYPE);
    C(ECANCELED);
    C(ENOKEY);
    C(EKEYEXPIRED);
    C(EKEYREVOKED);
    C(EKEYREJECTED);
    C(EOWNERDEAD);
    C(ENOTRECOVERABLE);
    C(ERFKILL);
    C(EHWPOISON);
    C(EWOULDBLOCK);
    C(ENOTSUP);
    C(EFD_SEMAPHORE);
    C(EFD_CLOEXEC);
    C(EFD_NONBLOCK);
    C(FUTEX_WAIT);
    C(FUTEX_WAKE);
    C(FUTEX_WAIT_BITSET);
    C(FUTEX_WAKE_BITSET);
    C(FUTEX_PRIVATE_FLAG);
    /* constants the Java side names differently from C */
    CAS("SYS_IO_URING_SETUP", __NR_io_uring_setup);
    CAS("SYS_IO_URING_ENTER", __NR_io_uring_enter);
    CAS("SYS_IO_URING_REGISTER", __NR_io_uring_register);
    CAS("SYS_FUTEX", __NR_futex);
    CAS("MAP_FAILED", (intptr_t) MAP_FAILED);
    C(CPU_SETSIZE);
    CAS("STORAGE_SIZE", sizeof(struct sockaddr_storage));
    CAS("SOCKADDR_IN_SIZE", sizeof(struct sockaddr_in));
    CAS("SOCKADDR_IN6_SIZE", sizeof(struct sockaddr_in6));
    CAS("SOCKADDR_UN_SIZE", sizeof(struct sockaddr_un));
}

int main(void) {
    printf("LINUX_VERSION_CODE=%d\n", LINUX_VERSION_CODE);
    structs();
    constants();
    return 0;
}
