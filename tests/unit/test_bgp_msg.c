/*
 * DOC: unit tests of the BGP-4 message codec (src/bgp/msg.c)
 *
 * Every message is written out byte by byte here, from the formats of
 * RFC 4271 4 (header, OPEN, UPDATE, KEEPALIVE, NOTIFICATION), RFC 5492
 * (capabilities), RFC 6793 (4-octet AS), RFC 4760 (MP_REACH_NLRI /
 * MP_UNREACH_NLRI), RFC 2918 (ROUTE-REFRESH), RFC 1997 and RFC 8092
 * (communities); the expected outcome of each malformed one is the RFC 7606
 * (or RFC 4271 6) rule cited beside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/msg.h"

#define MARKER                                                                                    \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
		0xff

/* An UPDATE from AS 65010 (4-octet session) announcing 192.168.0.0/16
 * and 10.20.0.0/15 with next hop 169.254.100.2, MED 50, communities
 * 7224:7300 and 65010:1, large community 65010:1:2. */
static const uint8_t upd_full[] = {
	MARKER, 0x00, 0x56, 0x02, /* length 86, UPDATE */
	0x00,   0x00,             /* withdrawn routes length 0 */
	0x00,   0x39,             /* total path attribute length 57 */
	0x40,   0x01, 0x01, 0x00, /* ORIGIN IGP */
	0x40,   0x02, 0x0a, 0x02, 0x02, 0x00, 0x00, 0xfd, 0xf2, 0x00, 0x00, 0xfd, 0xf3, /* AS_PATH
										       * SEQ
										       * 65010
										       * 65011
										       */
	0x40,   0x03, 0x04, 0xa9, 0xfe, 0x64, 0x02, /* NEXT_HOP 169.254.100.2 */
	0x80,   0x04, 0x04, 0x00, 0x00, 0x00, 0x32, /* MED 50 */
	0xc0,   0x08, 0x08, 0x1c, 0x38, 0x1c, 0x84, 0xfd, 0xf2, 0x00, 0x01, /* 7224:7300 65010:1 */
	0xc0,   0x20, 0x0c, 0x00, 0x00, 0xfd, 0xf2, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x02,               /* LARGE_COMMUNITY 65010:1:2 */
	0x10,   0xc0, 0xa8, /* 192.168.0.0/16 */
	0x0f,   0x0a, 0x14, /* 10.20.0.0/15 */
};

static const struct bgp_parse_opts ebgp4 = {.as4 = true, .ebgp = true, .peer_as = 65010};

static void pfx_is(const struct net_prefix *p, const char *want)
{
	char b[NET_PREFIX_STRLEN];
	assert_string_equal(net_prefix_fmt(p, b), want);
}

/* @m (@n octets) parses from a peer of @po, its routes kept (no
 * treat-as-withdraw), into @u. */
static void parse_accepted(const uint8_t *m, size_t n, const struct bgp_parse_opts *po,
			   struct bgp_update *u)
{
	struct bgp_notify e;
	assert_int_equal(bgp_update_parse(m, n, po, u, &e), 0);
	assert_false(u->withdraw_all);
}

/* The prefixes of @l are the strings after it, up to a NULL, and no more. */
static void nlri_are(const struct bgp_nlri *l, ...)
{
	struct bgp_nlri_iter it;
	struct net_prefix p;
	va_list ap;
	bgp_nlri_begin(&it, l);
	va_start(ap, l);
	for (const char *want; (want = va_arg(ap, const char *)) != NULL;) {
		assert_true(bgp_nlri_next(&it, &p));
		pfx_is(&p, want);
	}
	va_end(ap);
	assert_false(bgp_nlri_next(&it, &p));
}

/* @m: a copy of upd_full with octet @off set to @v, parsed from the eBGP
 * peer (@u points into @m). */
static int parse_upd_full_with(uint8_t m[sizeof(upd_full)], size_t off, uint8_t v,
			       struct bgp_update *u, struct bgp_notify *e)
{
	memcpy(m, upd_full, sizeof(upd_full));
	m[off] = v;
	return bgp_update_parse(m, sizeof(upd_full), &ebgp4, u, e);
}

/* An UPDATE with no withdrawn routes, the attribute bytes @attrs and the
 * NLRI bytes @nlri (RFC 4271 4.3), into @out; its length. */
static size_t upd_build(uint8_t *out, const uint8_t *attrs, size_t alen, const uint8_t *nlri,
			size_t nlen)
{
	size_t n = 19 + 2 + 2 + alen + nlen;
	memset(out, 0xff, 16);
	out[16] = (uint8_t)(n >> 8);
	out[17] = (uint8_t)n;
	out[18] = BGP_MSG_UPDATE;
	out[19] = out[20] = 0; /* no withdrawn routes */
	out[21] = (uint8_t)(alen >> 8);
	out[22] = (uint8_t)alen;
	memcpy(out + 23, attrs, alen);
	memcpy(out + 23 + alen, nlri, nlen);
	return n;
}

/* upd_build() with the NLRI 10.0.0.0/8. */
static size_t upd_with(uint8_t *out, const uint8_t *attrs, size_t alen)
{
	static const uint8_t ten_8[] = {0x08, 0x0a};
	return upd_build(out, attrs, alen, ten_8, sizeof(ten_8));
}

/* The NLRI 198.51.100.0/24. */
static const uint8_t nlri_198_51_100[] = {0x18, 0xc6, 0x33, 0x64};

/* upd_build() with the NLRI 198.51.100.0/24. */
static size_t upd_198_51_100(uint8_t *out, const uint8_t *attrs, size_t alen)
{
	return upd_build(out, attrs, alen, nlri_198_51_100, sizeof(nlri_198_51_100));
}

/* upd_full with octet @off set to @v is a session reset: an UPDATE Message
 * Error (3) of @subcode; the NOTIFICATION. */
static struct bgp_notify upd_full_resets(size_t off, uint8_t v, uint8_t subcode)
{
	uint8_t m[sizeof(upd_full)];
	struct bgp_update u;
	struct bgp_notify e;
	assert_int_equal(parse_upd_full_with(m, off, v, &u, &e), -1);
	assert_int_equal(e.code, 3);
	assert_int_equal(e.subcode, subcode);
	return e;
}

static void test_header_lengths_and_marker(void **state)
{
	(void)state;
	uint8_t t;
	struct bgp_notify e;
	uint8_t ka[] = {MARKER, 0x00, 0x13, 0x04};
	assert_int_equal(bgp_msg_header(ka, sizeof(ka), &t, &e), 19);
	assert_int_equal(t, BGP_MSG_KEEPALIVE);
	/* fewer than 19 octets: wait for more */
	assert_int_equal(bgp_msg_header(ka, 18, &t, &e), 0);
	/* RFC 4271 6.1: a marker not all ones is Connection Not Synchronized */
	ka[3] = 0xfe;
	assert_int_equal(bgp_msg_header(ka, sizeof(ka), &t, &e), -1);
	assert_int_equal(e.code, 1);
	assert_int_equal(e.subcode, 1);
	ka[3] = 0xff;
	/* a KEEPALIVE is exactly 19 octets: 20 is Bad Message Length, data
	 * the length field */
	ka[17] = 20;
	assert_int_equal(bgp_msg_header(ka, sizeof(ka), &t, &e), -1);
	assert_int_equal(e.code, 1);
	assert_int_equal(e.subcode, 2);
	assert_int_equal(e.data_len, 2);
	assert_int_equal(e.data[1], 20);
	/* over 4096 */
	uint8_t big[] = {MARKER, 0x10, 0x01, 0x02};
	assert_int_equal(bgp_msg_header(big, sizeof(big), &t, &e), -1);
	assert_int_equal(e.subcode, 2);
	/* an OPEN shorter than 29 */
	uint8_t sopen[] = {MARKER, 0x00, 0x1c, 0x01};
	assert_int_equal(bgp_msg_header(sopen, sizeof(sopen), &t, &e), -1);
	assert_int_equal(e.subcode, 2);
	/* type 9: Bad Message Type with the type as data */
	uint8_t bt[] = {MARKER, 0x00, 0x13, 0x09};
	assert_int_equal(bgp_msg_header(bt, sizeof(bt), &t, &e), -1);
	assert_int_equal(e.subcode, 3);
	assert_int_equal(e.data[0], 9);
}

/* An OPEN from AS 65010, hold 90, id 192.0.2.1, capabilities MP IPv4
 * unicast, MP IPv6 unicast, route refresh, 4-octet AS 65010 (RFC 4271
 * 4.2, RFC 5492 4, RFC 4760 8, RFC 2918 2, RFC 6793 3). */
static const uint8_t open_full[] = {
	MARKER, 0x00, 0x39, 0x01,       /* length 57 */
	0x04,   0xfd, 0xf2, 0x00, 0x5a, /* version 4, AS 65010, hold 90 */
	0xc0,   0x00, 0x02, 0x01,       /* BGP id 192.0.2.1 */
	0x1c,                           /* optional parameters length 28 */
	0x02,   0x1a,                   /* Capabilities, 26 octets */
	0x01,   0x04, 0x00, 0x01, 0x00, 0x01, 0x01, 0x04, 0x00, 0x02, 0x00, 0x01,
	0x02,   0x00, 0x41, 0x04, 0x00, 0x00, 0xfd, 0xf2, 0x46, 0x00, /* enhanced route refresh (70): skipped */
	0x40,   0x02, 0x00, 0x78, /* graceful restart (64): skipped */
};

/* open_full with octet @off set to @v is refused with an OPEN Message
 * Error (2) of @subcode; the NOTIFICATION. */
static struct bgp_notify open_full_refused(size_t off, uint8_t v, uint8_t subcode)
{
	uint8_t m[sizeof(open_full)];
	struct bgp_open o;
	struct bgp_notify e;
	memcpy(m, open_full, sizeof(m));
	m[off] = v;
	assert_int_equal(bgp_open_parse(m, sizeof(m), &o, &e), -1);
	assert_int_equal(e.code, 2);
	assert_int_equal(e.subcode, subcode);
	return e;
}

static void test_open_capabilities(void **state)
{
	(void)state;
	struct bgp_open o;
	struct bgp_notify e;
	assert_int_equal(bgp_open_parse(open_full, sizeof(open_full), &o, &e), 0);
	assert_int_equal(o.version, 4);
	assert_int_equal(o.my_as, 65010);
	assert_int_equal(o.hold_time, 90);
	assert_int_equal(o.bgp_id, 0xc0000201u);
	assert_true(o.cap_mp_ipv4);
	assert_true(o.cap_mp_ipv6);
	assert_true(o.cap_refresh);
	assert_true(o.cap_as4);
	assert_int_equal(bgp_open_asn(&o), 65010);
}

/* A capability header that runs past the end of its optional parameter
 * (RFC 5492 4: the capabilities fill the parameter) is an OPEN error, read
 * no further: here the parameter is one octet, the 4-octet AS code, and the
 * octet after it -- the last of the message -- would be the capability's
 * length, 4, with nothing behind it.  The message is on the heap at its
 * exact size, so a read past it is AddressSanitizer's error. */
static void test_open_capability_past_its_parameter(void **state)
{
	(void)state;
	static const uint8_t m[] = {MARKER, 0x00, 0x21, 0x01, 0x04, 0xfd, 0xf2, 0x00, 0x5a,
				    0xc0,   0x00, 0x02, 0x01, 0x04, 0x02, 0x01, 0x41, 0x04};
	uint8_t *h = malloc(sizeof(m));
	assert_non_null(h);
	memcpy(h, m, sizeof(m));
	struct bgp_open o;
	struct bgp_notify e;
	assert_int_equal(bgp_open_parse(h, sizeof(m), &o, &e), -1);
	assert_int_equal(e.code, 2);
	assert_int_equal(e.subcode, 0);
	free(h);
}

static void test_open_as4_beyond_16_bits(void **state)
{
	(void)state;
	/* RFC 6793 4.1: My AS is AS_TRANS, the capability carries
	 * 4200000001 (0xfa56ea01) */
	const uint8_t m[] = {MARKER, 0x00, 0x25, 0x01, 0x04, 0x5b, 0xa0, 0x00, 0xb4, 0x0a, 0x00,
			     0x00,   0x01, 0x08, 0x02, 0x06, 0x41, 0x04, 0xfa, 0x56, 0xea, 0x01};
	struct bgp_open o;
	struct bgp_notify e;
	assert_int_equal(bgp_open_parse(m, sizeof(m), &o, &e), 0);
	assert_int_equal(o.my_as, BGP_AS_TRANS);
	assert_int_equal(bgp_open_asn(&o), 4200000001u);
}

static void test_open_errors(void **state)
{
	(void)state;
	/* RFC 4271 6.2: version 3 -> 2/1, data our version (2 octets) */
	struct bgp_notify e = open_full_refused(19, 3, 1);
	assert_int_equal(e.data_len, 2);
	assert_int_equal(e.data[1], 4);
	/* hold time 2 -> 2/6 */
	open_full_refused(23, 2, 6);
	/* BGP identifier 0 -> 2/3 (RFC 6286 2.2) */
	struct bgp_open o;
	uint8_t m[sizeof(open_full)];
	memcpy(m, open_full, sizeof(m));
	memset(m + 24, 0, 4);
	assert_int_equal(bgp_open_parse(m, sizeof(m), &o, &e), -1);
	assert_int_equal(e.subcode, 3);
	/* an optional parameter of type 1 (deprecated authentication) -> 2/4 */
	open_full_refused(29, 1, 4);
	/* optional parameters length larger than what follows */
	open_full_refused(28, 0x30, 0);
	/* a capability whose length overruns its parameter */
	open_full_refused(31 + 1, 0x30, 0);
}

static void test_update_every_attribute(void **state)
{
	(void)state;
	struct bgp_update u;
	parse_accepted(upd_full, sizeof(upd_full), &ebgp4, &u);
	assert_int_equal(u.origin, 0);
	assert_int_equal(u.next_hop, 0xa9fe6402u);
	assert_int_equal(u.med, 50);
	assert_true(u.seen & (1u << BGP_ATTR_MED));
	uint32_t path[8];
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 2);
	assert_int_equal(path[0], 65010);
	assert_int_equal(path[1], 65011);
	assert_int_equal(u.n_communities, 2);
	assert_int_equal(bgp_community(&u, 0), (7224u << 16) | 7300);
	assert_int_equal(bgp_community(&u, 1), (65010u << 16) | 1);
	assert_int_equal(u.n_large, 1);
	nlri_are(&u.nlri, "192.168.0.0/16", "10.20.0.0/15", NULL);
}

static void test_update_as_set_counts_once(void **state)
{
	(void)state;
	/* AS_PATH: SEQUENCE 65010, SET {65020 65021 65022} (RFC 4271 9.1.2.2
	 * a: a set counts as one) */
	const uint8_t a[] = {
		0x40, 0x01, 0x01, 0x02,                               /* ORIGIN INCOMPLETE */
		0x40, 0x02, 0x14, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xf2, /* AS_PATH SEQ 65010 */
		0x01, 0x03, 0x00, 0x00, 0xfd, 0xfc, 0x00, 0x00, 0xfd,
		0xfd, 0x00, 0x00, 0xfd, 0xfe,             /* SET 65020 65021 65022 */
		0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01, /* NEXT_HOP 10.0.0.1 */
	};
	uint8_t m[64];
	struct bgp_update u;
	parse_accepted(m, upd_198_51_100(m, a, sizeof(a)), &ebgp4, &u);
	assert_int_equal(u.origin, 2);
	uint32_t path[8];
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 2);
	assert_true(bgp_as_path_has(&u, 65022));
	assert_false(bgp_as_path_has(&u, 65023));
	nlri_are(&u.nlri, "198.51.100.0/24", NULL);
}

static void test_update_two_octet_as_path(void **state)
{
	(void)state;
	/* a session without the 4-octet capability: ASNs of 2 octets */
	const uint8_t m[] = {MARKER, 0x00, 0x2b, 0x02, 0x00, 0x00, 0x00, 0x12, 0x40, 0x01,
			     0x01,   0x00, 0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xf2, 0x40,
			     0x03,   0x04, 0x0a, 0x00, 0x00, 0x01, 0x08, 0x0b};
	struct bgp_parse_opts po = {.as4 = false, .ebgp = true, .peer_as = 65010};
	struct bgp_update u;
	parse_accepted(m, sizeof(m), &po, &u);
	uint32_t path[2];
	assert_int_equal(bgp_as_path_flat(&u, path, 2), 1);
	assert_int_equal(path[0], 65010);
}

/* ORIGIN IGP; AS_PATH of 2-octet ASNs 65010 23456 23456 (AS_TRANS standing
 * for two 4-octet ASNs, RFC 6793 4.2.2); NEXT_HOP 10.0.0.1. */
#define ATTRS_2OCTET                                                                              \
	0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x08, 0x02, 0x03, 0xfd, 0xf2, 0x5b, 0xa0, 0x5b, 0xa0, \
		0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01
/* AS4_PATH (optional transitive, type 17): AS_SEQUENCE 4200000001 4200000002 */
#define AS4_PATH_2 0xc0, 0x11, 0x0a, 0x02, 0x02, 0xfa, 0x56, 0xea, 0x01, 0xfa, 0x56, 0xea, 0x02

static void test_update_as4_path_merge(void **state)
{
	(void)state;
	struct bgp_parse_opts po = {.as4 = false, .ebgp = true, .peer_as = 65010};
	struct bgp_update u;
	struct bgp_notify e;
	uint8_t m[128];
	uint32_t path[8];
	/* RFC 6793 4.2.3: AS_PATH has 3 ASNs, AS4_PATH 2: the first 3 - 2 of
	 * AS_PATH, then AS4_PATH */
	const uint8_t a1[] = {ATTRS_2OCTET, AS4_PATH_2};
	parse_accepted(m, upd_with(m, a1, sizeof(a1)), &po, &u);
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 3);
	assert_int_equal(path[0], 65010);
	assert_int_equal(path[1], 4200000001u);
	assert_int_equal(path[2], 4200000002u);
	/* a cap smaller than the path: its head, merged */
	assert_int_equal(bgp_as_path_flat(&u, path, 2), 2);
	assert_int_equal(path[1], 4200000001u);

	/* AS4_PATH longer than AS_PATH: ignored (RFC 6793 4.2.3) */
	const uint8_t a2[] = {0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x04, 0x02, 0x01,      0xfd,
			      0xf2, 0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01, AS4_PATH_2};
	assert_int_equal(bgp_update_parse(m, upd_with(m, a2, sizeof(a2)), &po, &u, &e), 0);
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 1);
	assert_int_equal(path[0], 65010);

	/* an AGGREGATOR naming an AS other than AS_TRANS: AS4_PATH ignored */
	const uint8_t a3[] = {ATTRS_2OCTET, 0xc0, 0x07, 0x06, 0xfd,      0xf2,
			      0x0a,         0x00, 0x00, 0x01, AS4_PATH_2};
	assert_int_equal(bgp_update_parse(m, upd_with(m, a3, sizeof(a3)), &po, &u, &e), 0);
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 3);
	assert_int_equal(path[1], BGP_AS_TRANS);
	/* ... but with AGGREGATOR AS_TRANS it is merged */
	const uint8_t a4[] = {ATTRS_2OCTET, 0xc0, 0x07, 0x06, 0x5b,      0xa0,
			      0x0a,         0x00, 0x00, 0x01, AS4_PATH_2};
	assert_int_equal(bgp_update_parse(m, upd_with(m, a4, sizeof(a4)), &po, &u, &e), 0);
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 3);
	assert_int_equal(path[2], 4200000002u);

	/* a malformed AS4_PATH (a confederation segment, type 3, which it
	 * must not carry): the attribute is discarded, the route kept */
	const uint8_t a5[] = {ATTRS_2OCTET, 0xc0, 0x11, 0x06, 0x03, 0x01, 0xfa, 0x56, 0xea, 0x01};
	parse_accepted(m, upd_with(m, a5, sizeof(a5)), &po, &u);
	assert_int_equal(u.discarded, 1);
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 3);
	assert_int_equal(path[2], BGP_AS_TRANS);

	/* between two 4-octet speakers AS4_PATH is ignored (RFC 6793 4.1) */
	const uint8_t a6[] = {0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x06, 0x02, 0x01, 0x00,      0x00,
			      0xfd, 0xf2, 0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01, AS4_PATH_2};
	assert_int_equal(bgp_update_parse(m, upd_with(m, a6, sizeof(a6)), &ebgp4, &u, &e), 0);
	assert_int_equal(bgp_as_path_flat(&u, path, 8), 1);
	assert_int_equal(path[0], 65010);
}

static void test_update_withdrawn_only(void **state)
{
	(void)state;
	/* withdraws 192.168.0.0/16 and 0.0.0.0/0; no attributes needed */
	const uint8_t m[] = {MARKER, 0x00, 0x1b, 0x02, 0x00, 0x04,
			     0x10,   0xc0, 0xa8, 0x00, 0x00, 0x00};
	struct bgp_update u;
	parse_accepted(m, sizeof(m), &ebgp4, &u);
	nlri_are(&u.withdrawn, "192.168.0.0/16", "0.0.0.0/0", NULL);
}

/* MP_REACH_NLRI IPv6 unicast, next hop 2001:db8::1, 2001:db8:100::/40
 * (RFC 4760 3); then MP_UNREACH_NLRI of the same (RFC 4760 4). */
static void test_update_mp_ipv6(void **state)
{
	(void)state;
	const uint8_t reach[] = {
		MARKER, 0x00, 0x43, 0x02, 0x00, 0x00, 0x00, 0x2c, 0x40, 0x01, 0x01, 0x00, 0x40,
		0x02,   0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xf2, 0x90, 0x0e, 0x00, 0x1b, 0x00,
		0x02,   0x01, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00,   0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x28, 0x20, 0x01, 0x0d, 0xb8, 0x01,
	};
	struct bgp_update u;
	struct bgp_notify e;
	parse_accepted(reach, sizeof(reach), &ebgp4, &u); /* no NEXT_HOP needed without IPv4 NLRI */
	assert_int_equal(u.mp_nh_len, 16);
	assert_int_equal(u.mp_nh[15], 1);
	nlri_are(&u.mp_reach, "2001:db8:100::/40", NULL);

	/* MP_UNREACH_NLRI of the same prefix; length 35, attribute 9 octets */
	const uint8_t ok[] = {MARKER, 0x00, 0x23, 0x02, 0x00, 0x00, 0x00, 0x0c, 0x80, 0x0f,
			      0x09,   0x00, 0x02, 0x01, 0x28, 0x20, 0x01, 0x0d, 0xb8, 0x01};
	assert_int_equal(bgp_update_parse(ok, sizeof(ok), &ebgp4, &u, &e), 0);
	nlri_are(&u.mp_unreach, "2001:db8:100::/40", NULL);
	/* a /129 in MP_UNREACH_NLRI: a reset (RFC 7606 5.3, 7.11) */
	uint8_t bad[sizeof(ok)];
	memcpy(bad, ok, sizeof(bad));
	bad[29] = 129;
	assert_int_equal(bgp_update_parse(bad, sizeof(bad), &ebgp4, &u, &e), -1);
	assert_int_equal(e.code, 3);
}

/* RFC 7606 7.1, 7.3, 7.8, 3 d, 4: treat-as-withdraw, not a reset. */
static void test_update_treat_as_withdraw(void **state)
{
	(void)state;
	struct bgp_update u;
	struct bgp_notify e;
	uint8_t m[sizeof(upd_full)];
	/* one octet of upd_full changed: the reason given */
	static const struct {
		size_t off;
		uint8_t v;
		const char *why;
	} one_octet[] = {
		{26, 3, "malformed ORIGIN"}, /* ORIGIN 3 */
		/* NEXT_HOP marked optional: flags conflict (3 c) */
		{40, 0xc0, "attribute flags in conflict with the attribute type"},
		/* COMMUNITIES of 7 octets (7.8) */
		{56, 0x07, "COMMUNITIES not a non-zero multiple of 4 octets"},
		/* AS_PATH segment of count 0 (7.2) */
		{31, 0x00, "AS_PATH segment of length 0"},
		/* NEXT_HOP no host address: 0/8, multicast, class E (RFC 4271
		 * 6.3: the routes are ignored, no NOTIFICATION) */
		{43, 0, "NEXT_HOP is not a host address (RFC 4271 6.3)"},
		{43, 224, "NEXT_HOP is not a host address (RFC 4271 6.3)"},
		{43, 255, "NEXT_HOP is not a host address (RFC 4271 6.3)"},
	};
	for (size_t i = 0; i < sizeof(one_octet) / sizeof(one_octet[0]); i++) {
		assert_int_equal(parse_upd_full_with(m, one_octet[i].off, one_octet[i].v, &u, &e),
				 0);
		assert_true(u.withdraw_all);
		assert_string_equal(u.why, one_octet[i].why);
	}

	/* the leftmost AS is not the peer's (RFC 4271 6.3, RFC 7606) */
	struct bgp_parse_opts other = ebgp4;
	other.peer_as = 65099;
	assert_int_equal(bgp_update_parse(upd_full, sizeof(upd_full), &other, &u, &e), 0);
	assert_true(u.withdraw_all);
	assert_string_equal(u.why, "AS_PATH does not start with the peer's AS");

	/* the last attribute's length overruns the attribute field (RFC
	 * 7606 4): the NLRI can still be located from the total length */
	assert_int_equal(parse_upd_full_with(m, 67, 0x0d, &u, &e), 0);
	assert_true(u.withdraw_all);
	assert_string_equal(u.why, "a path attribute overruns the attribute field");
	nlri_are(&u.nlri, "192.168.0.0/16", "10.20.0.0/15", NULL);

	/* NEXT_HOP missing with IPv4 NLRI (3 d): only ORIGIN and AS_PATH */
	const uint8_t nonh[] = {
		0x40, 0x01, 0x01, 0x00,                               /* ORIGIN IGP */
		0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xf2, /* AS_PATH 65010 */
	};
	uint8_t nm[64];
	assert_int_equal(
		bgp_update_parse(nm, upd_198_51_100(nm, nonh, sizeof(nonh)), &ebgp4, &u, &e), 0);
	assert_true(u.withdraw_all);
	assert_string_equal(u.why, "NEXT_HOP missing");
}

/* RFC 7606 7.5, 3 g: attribute discard, the route stays. */
static void test_update_attribute_discard(void **state)
{
	(void)state;
	/* LOCAL_PREF from an external peer, and MED twice (second dropped) */
	const uint8_t a[] = {
		0x40, 0x01, 0x01, 0x00,                               /* ORIGIN IGP */
		0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xf2, /* AS_PATH 65010 */
		0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,             /* NEXT_HOP 10.0.0.1 */
		0x40, 0x05, 0x04, 0x00, 0x00, 0x01, 0x2c,             /* LOCAL_PREF 300 */
		0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x07,             /* MED 7 */
		0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x09, /* MED 9, in the second message */
	};
	uint8_t m[80];
	struct bgp_update u;
	parse_accepted(m, upd_198_51_100(m, a, sizeof(a) - 7), &ebgp4, &u);
	assert_int_equal(u.discarded, 1);
	assert_int_equal(u.local_pref, 0);
	assert_int_equal(u.med, 7);
	parse_accepted(m, upd_198_51_100(m, a, sizeof(a)), &ebgp4, &u);
	assert_int_equal(u.med, 7);
	assert_int_equal(u.discarded, 2);
}

/* Session resets: RFC 7606 4, 5.3, 3 g, 7.11; RFC 4271 6.3. */
static void test_update_session_resets(void **state)
{
	(void)state;
	/* total attribute length past the message */
	upd_full_resets(22, 0x7f, 1);

	/* withdrawn routes length past the message */
	upd_full_resets(20, 0x10, 1);

	/* a /33 in the IPv4 NLRI */
	upd_full_resets(sizeof(upd_full) - 3, 33, 10);

	/* an unrecognized well-known attribute (type 99, not optional) */
	struct bgp_update u;
	struct bgp_notify e;
	uint8_t m[sizeof(upd_full)];
	memcpy(m, upd_full, sizeof(m));
	m[65] = 0x40;
	m[66] = 99;
	assert_int_equal(bgp_update_parse(m, sizeof(m), &ebgp4, &u, &e), -1);
	assert_int_equal(e.subcode, 2);
	/* the same type marked optional is ignored */
	m[65] = 0xc0;
	parse_accepted(m, sizeof(m), &ebgp4, &u);

	/* MP_UNREACH_NLRI twice: Malformed Attribute List (3 g) */
	const uint8_t two[] = {MARKER, 0x00, 0x27, 0x02, 0x00, 0x00, 0x00, 0x10,
			       0x80,   0x0f, 0x05, 0x00, 0x02, 0x01, 0x08, 0x20,
			       0x80,   0x0f, 0x05, 0x00, 0x02, 0x01, 0x08, 0x20};
	assert_int_equal(bgp_update_parse(two, sizeof(two), &ebgp4, &u, &e), -1);
	assert_int_equal(e.subcode, 1);

	/* MP_REACH_NLRI IPv6 with a next hop of 4 octets (7.11) */
	const uint8_t nh4[] = {MARKER, 0x00, 0x25, 0x02, 0x00, 0x00, 0x00, 0x0e, 0x80, 0x0e, 0x0b,
			       0x00,   0x02, 0x01, 0x04, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x08, 0x20};
	assert_int_equal(bgp_update_parse(nh4, sizeof(nh4), &ebgp4, &u, &e), -1);
	assert_int_equal(e.code, 3);
}

static void test_notification_and_refresh(void **state)
{
	(void)state;
	const uint8_t n[] = {MARKER, 0x00, 0x17, 0x03, 0x02, 0x02, 0xfd, 0xf2};
	struct bgp_notify got, e;
	assert_int_equal(bgp_notification_parse(n, sizeof(n), &got, &e), 0);
	assert_int_equal(got.code, 2);
	assert_int_equal(got.subcode, 2);
	assert_int_equal(got.data_len, 2);
	const uint8_t rr[] = {MARKER, 0x00, 0x17, 0x05, 0x00, 0x02, 0x00, 0x01};
	uint16_t afi;
	uint8_t safi;
	assert_int_equal(bgp_refresh_parse(rr, sizeof(rr), &afi, &safi, &e), 0);
	assert_int_equal(afi, 2);
	assert_int_equal(safi, 1);
	/* and the builder writes that layout (RFC 2918 3: AFI, reserved, SAFI) */
	uint8_t out[32];
	assert_int_equal(bgp_build_refresh(out, sizeof(out), 2, 1), sizeof(rr));
	assert_memory_equal(out, rr, sizeof(rr));
	assert_int_equal(bgp_build_refresh(out, sizeof(rr) - 1, 2, 1), 0);
}

/* What we send, against the RFC layouts written out here. */
static void test_build_keepalive_notification_open(void **state)
{
	(void)state;
	uint8_t out[BGP_MSG_MAX];
	const uint8_t ka[] = {MARKER, 0x00, 0x13, 0x04};
	assert_int_equal(bgp_build_keepalive(out, sizeof(out)), sizeof(ka));
	assert_memory_equal(out, ka, sizeof(ka));

	/* Cease / Administrative Shutdown (RFC 4486 4) */
	const uint8_t cease[] = {MARKER, 0x00, 0x15, 0x03, 0x06, 0x02};
	struct bgp_notify nt = {.code = 6, .subcode = 2};
	assert_int_equal(bgp_build_notification(out, sizeof(out), &nt), sizeof(cease));
	assert_memory_equal(out, cease, sizeof(cease));

	/* AWS's side: AS 64512, hold 90, id 169.254.100.1, MP v4 + v6, route
	 * refresh, 4-octet AS 64512 */
	const uint8_t open[] = {MARKER, 0x00, 0x33, 0x01, 0x04, 0xfc, 0x00, 0x00, 0x5a,
				0xa9,   0xfe, 0x64, 0x01, 0x16, 0x02, 0x14, 0x01, 0x04,
				0x00,   0x01, 0x00, 0x01, 0x01, 0x04, 0x00, 0x02, 0x00,
				0x01,   0x02, 0x00, 0x41, 0x04, 0x00, 0x00, 0xfc, 0x00};
	struct bgp_open o = {.version = 4,
			     .my_as = 64512,
			     .hold_time = 90,
			     .bgp_id = 0xa9fe6401u,
			     .cap_as4 = true,
			     .as4 = 64512,
			     .cap_mp_ipv4 = true,
			     .cap_mp_ipv6 = true,
			     .cap_refresh = true};
	assert_int_equal(bgp_build_open(out, sizeof(out), &o), sizeof(open));
	assert_memory_equal(out, open, sizeof(open));
}

static void test_build_update_ipv4(void **state)
{
	(void)state;
	/* 10.0.0.0/16 and 10.1.0.0/16 from AS 64513 via 169.254.100.1 */
	const uint8_t want[] = {MARKER, 0x00, 0x32, 0x02, 0x00, 0x00, 0x00, 0x15, 0x40,
				0x01,   0x01, 0x00, 0x50, 0x02, 0x00, 0x06, 0x02, 0x01,
				0x00,   0x00, 0xfc, 0x01, 0x40, 0x03, 0x04, 0xa9, 0xfe,
				0x64,   0x01, 0x10, 0x0a, 0x00, 0x10, 0x0a, 0x01};
	struct net_prefix p[2];
	assert_int_equal(net_prefix_parse("10.0.0.0/16", &p[0]), 0);
	assert_int_equal(net_prefix_parse("10.1.0.0/16", &p[1]), 0);
	uint32_t path[] = {64513};
	struct bgp_announce a = {.origin = 0,
				 .as_path = path,
				 .as_path_len = 1,
				 .as4 = true,
				 .next_hop = 0xa9fe6401u};
	uint8_t out[BGP_MSG_MAX];
	size_t used;
	assert_int_equal(bgp_build_update(out, sizeof(out), &a, p, 2, &used), sizeof(want));
	assert_int_equal(used, 2);
	assert_memory_equal(out, want, sizeof(want));
	/* and the withdrawal of both */
	const uint8_t wd[] = {MARKER, 0x00, 0x1d, 0x02, 0x00, 0x06, 0x10,
			      0x0a,   0x00, 0x10, 0x0a, 0x01, 0x00, 0x00};
	assert_int_equal(bgp_build_update(out, sizeof(out), NULL, p, 2, &used), sizeof(wd));
	assert_memory_equal(out, wd, sizeof(wd));
}

static void test_build_update_ipv6_and_many(void **state)
{
	(void)state;
	struct net_prefix p6;
	assert_int_equal(net_prefix_parse("2600:1f18:100::/56", &p6), 0);
	uint32_t path[] = {64512};
	struct bgp_announce a = {.as_path = path, .as_path_len = 1, .as4 = true};
	a.next_hop6[0] = 0xfe;
	a.next_hop6[1] = 0x80;
	a.next_hop6[15] = 1;
	uint8_t out[BGP_MSG_MAX];
	size_t used;
	size_t n = bgp_build_update(out, sizeof(out), &a, &p6, 1, &used);
	const uint8_t want[] = {MARKER, 0x00, 0x46, 0x02, 0x00, 0x00, 0x00, 0x2f, 0x40, 0x01, 0x01,
				0x00,   0x50, 0x02, 0x00, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfc, 0x00,
				0x90,   0x0e, 0x00, 0x1d, 0x00, 0x02, 0x01, 0x10, 0xfe, 0x80, 0x00,
				0x00,   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
				0x00,   0x01, 0x00, 0x38, 0x26, 0x00, 0x1f, 0x18, 0x01, 0x00, 0x00};
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	/* 2,000 /24s do not fit one message: what fits goes, the rest next */
	static struct net_prefix many[2000];
	for (int i = 0; i < 2000; i++) {
		char b[32];
		snprintf(b, sizeof(b), "10.%d.%d.0/24", i / 256, i % 256);
		assert_int_equal(net_prefix_parse(b, &many[i]), 0);
	}
	a.next_hop = 1;
	n = bgp_build_update(out, sizeof(out), &a, many, 2000, &used);
	assert_true(n > 0 && n <= BGP_MSG_MAX);
	assert_true(used > 900 && used < 2000);
	/* 4 octets per /24 after the header and attributes */
	assert_true(BGP_MSG_MAX - n < 4);
}

/* NOTIFICATION names for logs: RFC 4271 4.5 codes, the subcodes of RFC
 * 4271 6.1-6.3, RFC 4486 (Cease) and RFC 6608 (FSM errors); 0 is RFC 4271
 * 6.2's "unspecific". */
static void test_notification_names(void **state)
{
	(void)state;
	assert_string_equal(bgp_err_name(BGP_ERR_FSM), "Finite State Machine Error");
	assert_string_equal(bgp_err_subname(BGP_ERR_FSM, 1), "Receive Unexpected Message in "
							     "OpenSent State");
	assert_string_equal(bgp_err_subname(BGP_ERR_FSM, 2), "Receive Unexpected Message in "
							     "OpenConfirm State");
	assert_string_equal(bgp_err_subname(BGP_ERR_FSM, 3), "Receive Unexpected Message in "
							     "Established State");
	assert_string_equal(bgp_err_subname(BGP_ERR_CEASE, 2), "Administrative Shutdown");
	assert_string_equal(bgp_err_subname(BGP_ERR_HEADER, 3), "Bad Message Type");
	assert_string_equal(bgp_err_subname(BGP_ERR_FSM, 0), "unspecific");
	assert_string_equal(bgp_err_subname(BGP_ERR_FSM, 9), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_lengths_and_marker),
		cmocka_unit_test(test_notification_names),
		cmocka_unit_test(test_open_capabilities),
		cmocka_unit_test(test_open_as4_beyond_16_bits),
		cmocka_unit_test(test_open_capability_past_its_parameter),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_update_every_attribute),
		cmocka_unit_test(test_update_as_set_counts_once),
		cmocka_unit_test(test_update_two_octet_as_path),
		cmocka_unit_test(test_update_as4_path_merge),
		cmocka_unit_test(test_update_withdrawn_only),
		cmocka_unit_test(test_update_mp_ipv6),
		cmocka_unit_test(test_update_treat_as_withdraw),
		cmocka_unit_test(test_update_attribute_discard),
		cmocka_unit_test(test_update_session_resets),
		cmocka_unit_test(test_notification_and_refresh),
		cmocka_unit_test(test_build_keepalive_notification_open),
		cmocka_unit_test(test_build_update_ipv4),
		cmocka_unit_test(test_build_update_ipv6_and_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
