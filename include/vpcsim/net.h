/*
 * DOC: IPv4/IPv6 addresses and prefixes
 *
 * Plain values, no allocation.  An address holds its family and 16 bytes in
 * network order (IPv4 uses the first 4).  A prefix is an address plus a
 * length; parsing keeps the address as written so callers can tell a CIDR
 * with host bits set (AWS rejects or normalises those, depending on the call)
 * from a clean one.  All functions are thread-safe.
 */
#ifndef VPCSIM_NET_H
#define VPCSIM_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define NET_AF_NONE  0
#define NET_AF_INET  4
#define NET_AF_INET6 6

struct net_addr {
	uint8_t af; /* NET_AF_INET or NET_AF_INET6; NET_AF_NONE = unset */
	uint8_t b[16];
};

struct net_prefix {
	struct net_addr addr;
	uint8_t len; /* 0..32 or 0..128 */
};

/* Longest text form, with "/128" and the NUL. */
#define NET_PREFIX_STRLEN 48

/* Parse a dotted-quad or RFC 4291 address.  0, or VS_EPARSE. */
int net_addr_parse(const char *s, struct net_addr *out);
/* "ADDR:PORT" or "[ADDR]:PORT", numeric, into a socket address (where a
 * vpcsim server listens or connects); false when it is not one. */
bool net_sockaddr_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len);
/* Parse "addr/len" (the length is required).  0, or VS_EPARSE. */
int net_prefix_parse(const char *s, struct net_prefix *out);

/* Write the canonical text form into @buf (NET_PREFIX_STRLEN bytes); returns buf. */
char *net_addr_fmt(const struct net_addr *a, char *buf);
char *net_prefix_fmt(const struct net_prefix *p, char *buf);

bool net_addr_eq(const struct net_addr *a, const struct net_addr *b);
/* Total order: IPv4 before IPv6, then bytes.  For sorting. */
int net_addr_cmp(const struct net_addr *a, const struct net_addr *b);

/* An IPv4 prefix of length 0..32 or an IPv6 one of 0..128. */
bool net_prefix_valid(const struct net_prefix *p);
/* True when bits past the prefix length are zero. */
bool net_prefix_is_canonical(const struct net_prefix *p);
/* Clear the host bits. */
void net_prefix_canonicalize(struct net_prefix *p);
bool net_prefix_eq(const struct net_prefix *a, const struct net_prefix *b);
/* @a contains address @x. */
bool net_prefix_contains(const struct net_prefix *a, const struct net_addr *x);
/* @outer contains all of @inner (equal counts). */
bool net_prefix_covers(const struct net_prefix *outer, const struct net_prefix *inner);
bool net_prefix_overlaps(const struct net_prefix *a, const struct net_prefix *b);

/* The @n-th address of @p (n may exceed 32 bits only for IPv6 and is then
 * added to the low 64 bits); the broadcast/last address with net_prefix_last. */
void net_prefix_nth(const struct net_prefix *p, uint64_t n, struct net_addr *out);
void net_prefix_last(const struct net_prefix *p, struct net_addr *out);

/* IPv4 helpers: host-order value of an IPv4 address. */
uint32_t net_addr_v4(const struct net_addr *a);
void net_addr_set_v4(struct net_addr *a, uint32_t host_order);

/* RFC 1918 private, RFC 6598 shared (100.64/10), or otherwise public
 * (not private, not loopback, not link-local, not unspecified). */
bool net_addr_is_rfc1918(const struct net_addr *a);
bool net_addr_is_rfc6598(const struct net_addr *a);
bool net_addr_is_public(const struct net_addr *a);

/* RFC 6052 2.1 well-known prefix 64:ff9b::/96: whether IPv6 address @v6 is
 * in it, and then, in *@v4, the IPv4 address its last 32 bits embed. */
bool net_addr_nat64_extract(const struct net_addr *v6, struct net_addr *v4);
/* The address of 64:ff9b::/96 that embeds IPv4 address @v4 (RFC 6052 2.2). */
void net_addr_nat64_embed(const struct net_addr *v4, struct net_addr *v6);

/*
 * IP protocols (src/net/proto.c): the one table of names the loader, the
 * trace and the renderers share.  NET_PROTO_ALL (-1) is AWS's "all
 * protocols" ("-1" or "all" in a rule).
 */
#define NET_PROTO_ALL    (-1)
#define NET_PROTO_ICMP   1
#define NET_PROTO_TCP    6
#define NET_PROTO_UDP    17
#define NET_PROTO_ICMPV6 58
#define NET_PROTO_STRLEN 8

/* Parse a name ("tcp", "icmpv6", "gre", "all"; any case), "-1", or a
 * decimal number 0-255 into *out.  0, or -1 when @s is none of those. */
int net_proto_parse(const char *s, int *out);
/* "all", "icmp", "tcp", "udp", "gre", "esp", "ah", "icmpv6", "sctp";
 * NULL for a number without a name. */
const char *net_proto_name(int proto);
/* The name, else the number written into @buf; returns what to print. */
const char *net_proto_text(int proto, char buf[NET_PROTO_STRLEN]);

#endif
