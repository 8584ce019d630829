/*
 * DOC: IPv4/IPv6 addresses and prefixes
 *
 * Text forms follow inet_pton(3) (dotted quad, RFC 4291 / RFC 5952 output);
 * prefix lengths are decimal 0..32 or 0..128 with no sign, no leading '+',
 * no leading zero ("/08" is refused, as inet_pton(3) refuses "010.0.0.0")
 * and at most three digits.
 */
#include "vpcsim/net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "vpcsim/error.h"

int net_addr_parse(const char *s, struct net_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return VS_EPARSE;
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, out->b) != 1)
			return VS_EPARSE;
		out->af = NET_AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, s, out->b) != 1)
		return VS_EPARSE;
	out->af = NET_AF_INET;
	return 0;
}

int net_prefix_parse(const char *s, struct net_prefix *out)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return VS_EPARSE;
	const char *slash = strchr(s, '/');
	if (!slash || slash == s)
		return VS_EPARSE;
	size_t alen = (size_t)(slash - s);
	char abuf[INET6_ADDRSTRLEN + 1];
	if (alen >= sizeof(abuf))
		return VS_EPARSE;
	memcpy(abuf, s, alen);
	abuf[alen] = '\0';
	const char *l = slash + 1;
	size_t llen = strlen(l);
	if (llen == 0 || llen > 3 || (llen > 1 && l[0] == '0'))
		return VS_EPARSE;
	unsigned len = 0;
	for (size_t i = 0; i < llen; i++) {
		if (l[i] < '0' || l[i] > '9')
			return VS_EPARSE;
		len = len * 10 + (unsigned)(l[i] - '0');
	}
	if (net_addr_parse(abuf, &out->addr))
		return VS_EPARSE;
	if (len > (out->addr.af == NET_AF_INET ? 32u : 128u)) {
		memset(out, 0, sizeof(*out));
		return VS_EPARSE;
	}
	out->len = (uint8_t)len;
	return 0;
}

char *net_addr_fmt(const struct net_addr *a, char *buf)
{
	if (a->af == NET_AF_INET)
		inet_ntop(AF_INET, a->b, buf, NET_PREFIX_STRLEN);
	else if (a->af == NET_AF_INET6)
		inet_ntop(AF_INET6, a->b, buf, NET_PREFIX_STRLEN);
	else
		strcpy(buf, "-");
	return buf;
}

/* @v in decimal at @w; returns the end */
static char *dec(char *w, unsigned v)
{
	if (v >= 100)
		*w++ = (char)('0' + v / 100);
	if (v >= 10)
		*w++ = (char)('0' + v / 10 % 10);
	*w++ = (char)('0' + v % 10);
	return w;
}

char *net_prefix_fmt(const struct net_prefix *p, char *buf)
{
	if (p->addr.af == NET_AF_INET) {
		/* what inet_ntop() and "/%u" write, without stdio: a full
		 * table formats every prefix */
		char *w = buf;
		for (int i = 0; i < 4; i++) {
			w = dec(w, p->addr.b[i]);
			*w++ = i < 3 ? '.' : '/';
		}
		*dec(w, p->len) = '\0';
		return buf;
	}
	net_addr_fmt(&p->addr, buf);
	if (p->addr.af != NET_AF_NONE) {
		size_t n = strlen(buf);
		snprintf(buf + n, NET_PREFIX_STRLEN - n, "/%u", p->len);
	}
	return buf;
}

static unsigned addr_bytes(uint8_t af)
{
	return af == NET_AF_INET ? 4 : af == NET_AF_INET6 ? 16 : 0;
}

bool net_addr_eq(const struct net_addr *a, const struct net_addr *b)
{
	return a->af == b->af && memcmp(a->b, b->b, addr_bytes(a->af)) == 0;
}

int net_addr_cmp(const struct net_addr *a, const struct net_addr *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	return memcmp(a->b, b->b, addr_bytes(a->af));
}

/* Do the first @len bits of @x and @y agree? */
static bool bits_match(const uint8_t *x, const uint8_t *y, unsigned len)
{
	unsigned full = len / 8, rest = len % 8;
	if (memcmp(x, y, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xffu << (8 - rest));
	return ((x[full] ^ y[full]) & mask) == 0;
}

bool net_prefix_is_canonical(const struct net_prefix *p)
{
	struct net_prefix c = *p;
	net_prefix_canonicalize(&c);
	return memcmp(c.addr.b, p->addr.b, 16) == 0;
}

void net_prefix_canonicalize(struct net_prefix *p)
{
	unsigned nb = addr_bytes(p->addr.af);
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;
		if (i >= nb)
			p->addr.b[i] = 0;
		else if (bit >= p->len)
			p->addr.b[i] = 0;
		else if (bit + 8 > p->len)
			p->addr.b[i] &= (uint8_t)(0xffu << (8 - (p->len - bit)));
	}
}

bool net_prefix_valid(const struct net_prefix *p)
{
	return (p->addr.af == NET_AF_INET || p->addr.af == NET_AF_INET6) &&
	       p->len <= 8 * addr_bytes(p->addr.af);
}

bool net_prefix_eq(const struct net_prefix *a, const struct net_prefix *b)
{
	return a->len == b->len && net_addr_eq(&a->addr, &b->addr);
}

bool net_prefix_contains(const struct net_prefix *a, const struct net_addr *x)
{
	return a->addr.af == x->af && a->addr.af != NET_AF_NONE &&
	       bits_match(a->addr.b, x->b, a->len);
}

bool net_prefix_covers(const struct net_prefix *outer, const struct net_prefix *inner)
{
	return outer->addr.af == inner->addr.af && outer->addr.af != NET_AF_NONE &&
	       outer->len <= inner->len && bits_match(outer->addr.b, inner->addr.b, outer->len);
}

bool net_prefix_overlaps(const struct net_prefix *a, const struct net_prefix *b)
{
	return net_prefix_covers(a, b) || net_prefix_covers(b, a);
}

void net_prefix_nth(const struct net_prefix *p, uint64_t n, struct net_addr *out)
{
	struct net_prefix c = *p;
	net_prefix_canonicalize(&c);
	*out = c.addr;
	unsigned nb = addr_bytes(p->addr.af);
	/* add n to the address, big-endian, carrying */
	for (int i = (int)nb - 1; i >= 0 && n; i--) {
		uint64_t s = (uint64_t)out->b[i] + (n & 0xff);
		out->b[i] = (uint8_t)s;
		n = (n >> 8) + (s >> 8);
	}
}

void net_prefix_last(const struct net_prefix *p, struct net_addr *out)
{
	struct net_prefix c = *p;
	net_prefix_canonicalize(&c);
	*out = c.addr;
	unsigned nb = addr_bytes(p->addr.af);
	for (unsigned i = 0; i < nb; i++) {
		unsigned bit = i * 8;
		if (bit >= p->len)
			out->b[i] = 0xff;
		else if (bit + 8 > p->len)
			out->b[i] |= (uint8_t)(0xffu >> (p->len - bit));
	}
}

uint32_t net_addr_v4(const struct net_addr *a)
{
	return (uint32_t)a->b[0] << 24 | (uint32_t)a->b[1] << 16 | (uint32_t)a->b[2] << 8 | a->b[3];
}

void net_addr_set_v4(struct net_addr *a, uint32_t v)
{
	memset(a, 0, sizeof(*a));
	a->af = NET_AF_INET;
	a->b[0] = (uint8_t)(v >> 24);
	a->b[1] = (uint8_t)(v >> 16);
	a->b[2] = (uint8_t)(v >> 8);
	a->b[3] = (uint8_t)v;
}

static bool v4_in(const struct net_addr *a, uint32_t net, unsigned len)
{
	uint32_t mask = len ? 0xffffffffu << (32 - len) : 0;
	return (net_addr_v4(a) & mask) == net;
}

bool net_addr_is_rfc1918(const struct net_addr *a)
{
	return a->af == NET_AF_INET &&
	       (v4_in(a, 0x0a000000u, 8) || v4_in(a, 0xac100000u, 12) || v4_in(a, 0xc0a80000u, 16));
}

bool net_addr_is_rfc6598(const struct net_addr *a)
{
	return a->af == NET_AF_INET && v4_in(a, 0x64400000u, 10);
}

bool net_addr_is_public(const struct net_addr *a)
{
	if (a->af == NET_AF_INET)
		return !net_addr_is_rfc1918(a) && !net_addr_is_rfc6598(a) &&
		       !v4_in(a, 0x7f000000u, 8) && !v4_in(a, 0xa9fe0000u, 16) && !v4_in(a, 0, 8) &&
		       !v4_in(a, 0xe0000000u, 4) && !v4_in(a, 0xf0000000u, 4);
	if (a->af == NET_AF_INET6) {
		/* global unicast 2000::/3 only */
		return (a->b[0] & 0xe0) == 0x20;
	}
	return false;
}

static const uint8_t nat64_wkp[12] = {0x00, 0x64, 0xff, 0x9b};

bool net_addr_nat64_extract(const struct net_addr *v6, struct net_addr *v4)
{
	if (v6->af != NET_AF_INET6 || memcmp(v6->b, nat64_wkp, sizeof(nat64_wkp)) != 0)
		return false;
	memset(v4, 0, sizeof(*v4));
	v4->af = NET_AF_INET;
	memcpy(v4->b, v6->b + 12, 4);
	return true;
}

void net_addr_nat64_embed(const struct net_addr *v4, struct net_addr *v6)
{
	memset(v6, 0, sizeof(*v6));
	v6->af = NET_AF_INET6;
	memcpy(v6->b, nat64_wkp, sizeof(nat64_wkp));
	memcpy(v6->b + 12, v4->b, 4);
}
