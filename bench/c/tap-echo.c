/*
 * A reference point for scripts/bench-ping.sh, not part of netstack4j: the least a user-space
 * program can do to answer ping on a TAP device. It answers ARP requests for 198.51.100.2 and
 * ICMP echo requests to it, nothing else, with one read(2) and one write(2) per frame, so its
 * round-trip time is the floor for any user-space peer behind a TAP on this machine (the
 * wake-ups and the kernel's TAP path, without a protocol stack).
 *
 *   usage: tap-echo TAPNAME [busy]
 *
 * Without "busy" it sleeps in poll(2) between frames, as netstack4j's loop does by default; with
 * it, it spins on non-blocking reads, as netstack4j does with --busy-poll. No IP options, no
 * fragments, no checks beyond what it needs to pick the two kinds of frame out.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const uint8_t OUR_MAC[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};
static const uint8_t OUR_IP[4] = {198, 51, 100, 2};

/* RFC 1071 checksum of n bytes, as a value to store big-endian. */
static uint16_t checksum(const uint8_t *p, int n) {
    uint32_t sum = 0;
    for (int i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t) (p[i] << 8 | p[i + 1]);
    }
    if (n & 1) {
        sum += (uint32_t) p[n - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t) ~sum;
}

static void put16(uint8_t *p, uint16_t v) {
    p[0] = (uint8_t) (v >> 8);
    p[1] = (uint8_t) v;
}

/* Turns an ARP request for OUR_IP into its reply in place; returns the reply's length or 0. */
static int arp_reply(uint8_t *f, int n) {
    if (n < 42 || f[12] != 0x08 || f[13] != 0x06 || f[21] != 1 || memcmp(f + 38, OUR_IP, 4) != 0) {
        return 0;
    }
    memcpy(f, f + 22, 6);          /* to the sender's hardware address */
    memcpy(f + 6, OUR_MAC, 6);
    f[21] = 2;                     /* opcode: reply */
    memcpy(f + 32, f + 22, 10);    /* target = the requester (its MAC and IP) */
    memcpy(f + 22, OUR_MAC, 6);
    memcpy(f + 28, OUR_IP, 4);
    return 42;
}

/* Turns an ICMP echo request to OUR_IP into the echo reply in place; returns its length or 0. */
static int echo_reply(uint8_t *f, int n) {
    if (n < 42 || f[12] != 0x08 || f[13] != 0x00 || f[23] != 1 || memcmp(f + 30, OUR_IP, 4) != 0) {
        return 0;
    }
    int ihl = (f[14] & 0x0f) * 4;
    int total = f[16] << 8 | f[17];
    if (ihl < 20 || total < ihl + 8 || 14 + total > n || f[14 + ihl] != 8) {
        return 0;
    }
    uint8_t mac[6], ip[4];
    memcpy(mac, f + 6, 6);
    memcpy(f + 6, OUR_MAC, 6);
    memcpy(f, mac, 6);
    memcpy(ip, f + 26, 4);
    memcpy(f + 26, f + 30, 4);
    memcpy(f + 30, ip, 4);
    f[22] = 64;                    /* TTL */
    put16(f + 24, 0);
    put16(f + 24, checksum(f + 14, ihl));
    uint8_t *icmp = f + 14 + ihl;
    icmp[0] = 0;                   /* type: echo reply */
    put16(icmp + 2, 0);
    put16(icmp + 2, checksum(icmp, total - ihl));
    return 14 + total;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s TAPNAME [busy]\n", argv[0]);
        return 2;
    }
    int busy = argc > 2 && strcmp(argv[2], "busy") == 0;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
    if (fd < 0) {
        perror("/dev/net/tun");
        return 1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        perror("TUNSETIFF");
        return 1;
    }
    printf("tap-echo up: %s%s\n", argv[1], busy ? " (busy polling)" : "");
    fflush(stdout);
    uint8_t frame[65536];
    for (;;) {
        ssize_t n = read(fd, frame, sizeof frame);
        if (n < 0) {
            if (errno == EAGAIN) {
                if (!busy) {
                    struct pollfd p = {.fd = fd, .events = POLLIN};
                    poll(&p, 1, -1);
                }
                continue;
            }
            if (errno == EINTR) {
                continue;
            }
            perror("read");
            return 1;
        }
        int len = arp_reply(frame, (int) n);
        if (len == 0) {
            len = echo_reply(frame, (int) n);
        }
        if (len > 0 && write(fd, frame, (size_t) len) < 0) {
            perror("write");
        }
    }
}
