/*
 * DOC: fuzz harness of the BGP-4 message codec (src/bgp/msg.c)
 *
 * One input = the bytes a peer sends on a session: messages one after
 * another, as `vpcsim bgp` reads them from TCP.  Each is framed by its
 * header and parsed by its type, under the options of a 4-octet and of a
 * 2-octet session.  Every prefix an UPDATE yields must be valid and fit
 * its family; every OPEN and UPDATE that parses is rebuilt by the builders
 * and must parse again to the same values.  The same bytes then drive a
 * session's state machine (src/bgp/session.c) as a peer's input, split in
 * two at a point the input chooses, with its timers run after each part.
 */
#include <stdlib.h>
#include <string.h>

#include "bgp/msg.h"
#include "bgp/session.h"
#include "fuzz.h"

static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

/* The prefixes of @n, checked, into @out (at most @cap); the count. */
static size_t take(const struct bgp_nlri *n, struct net_prefix *out, size_t cap)
{
	struct bgp_nlri_iter it;
	struct net_prefix p;
	size_t k = 0;
	bgp_nlri_begin(&it, n);
	while (bgp_nlri_next(&it, &p)) {
		fuzz_require(net_prefix_valid(&p) && net_prefix_is_canonical(&p));
		fuzz_require(p.addr.af == n->af);
		if (k < cap)
			out[k++] = p;
	}
	return k;
}

/* @u's prefixes @p (@n of them, from its NLRI or its MP_REACH_NLRI) built
 * again with its attributes and @next_hop (the NEXT_HOP attribute's, or an
 * IPv4 MP_REACH_NLRI's own, RFC 4760 3), and parsed back. */
static void rebuild(const struct bgp_update *u, const struct net_prefix *p, size_t n,
		    uint32_t next_hop)
{
	uint32_t path[256];
	uint32_t len = bgp_as_path_flat(u, path, 255);
	struct bgp_announce a = {.origin = u->origin,
				 .as_path = path,
				 .as_path_len = len,
				 .as4 = true,
				 .next_hop = next_hop};
	uint8_t out[BGP_MSG_MAX];
	size_t used;
	size_t w = bgp_build_update(out, sizeof(out), &a, p, n, &used);
	if (!w)
		return;
	struct bgp_update back;
	struct bgp_notify e;
	struct bgp_parse_opts po = {.as4 = true};
	fuzz_require(bgp_update_parse(out, w, &po, &back, &e) == 0);
	fuzz_require(!back.withdraw_all || used == 0);
	struct net_prefix again[BGP_MSG_MAX];
	const struct bgp_nlri *nl = p[0].addr.af == NET_AF_INET6 ? &back.mp_reach : &back.nlri;
	fuzz_require(take(nl, again, BGP_MSG_MAX) == used);
	for (size_t i = 0; i < used; i++)
		fuzz_require(net_prefix_eq(&again[i], &p[i]));
}

static void one(const uint8_t *m, size_t len, uint8_t type)
{
	static struct net_prefix pf[BGP_MSG_MAX];
	struct bgp_notify e;
	switch (type) {
	case BGP_MSG_OPEN: {
		struct bgp_open o;
		if (bgp_open_parse(m, len, &o, &e) != 0) {
			fuzz_require(e.code == BGP_ERR_OPEN || e.code == BGP_ERR_HEADER);
			return;
		}
		uint8_t out[BGP_MSG_MAX];
		size_t w = bgp_build_open(out, sizeof(out), &o);
		struct bgp_open back;
		fuzz_require(w && bgp_open_parse(out, w, &back, &e) == 0);
		fuzz_require(bgp_open_asn(&back) == bgp_open_asn(&o));
		fuzz_require(back.hold_time == o.hold_time && back.bgp_id == o.bgp_id);
		fuzz_require(back.cap_mp_ipv6 == o.cap_mp_ipv6 &&
			     back.cap_refresh == o.cap_refresh);
		return;
	}
	case BGP_MSG_UPDATE:
		for (int as4 = 0; as4 < 2; as4++) {
			struct bgp_parse_opts po = {.as4 = as4, .ebgp = true, .peer_as = 65010};
			struct bgp_update u;
			if (bgp_update_parse(m, len, &po, &u, &e) != 0) {
				fuzz_require(e.code == BGP_ERR_UPDATE || e.code == BGP_ERR_HEADER);
				continue;
			}
			take(&u.withdrawn, pf, BGP_MSG_MAX);
			take(&u.mp_unreach, pf, BGP_MSG_MAX);
			uint32_t path[300];
			fuzz_require(bgp_as_path_flat(&u, path, 300) <= 2048);
			for (uint16_t i = 0; i < u.n_communities; i++)
				(void)bgp_community(&u, i);
			size_t n = take(&u.nlri, pf, BGP_MSG_MAX);
			if (n && !u.withdraw_all && as4)
				rebuild(&u, pf, n, u.next_hop);
			n = take(&u.mp_reach, pf, BGP_MSG_MAX);
			uint32_t mp_nh = u.mp_nh_len == 4 ?
						 (uint32_t)u.mp_nh[0] << 24 |
							 (uint32_t)u.mp_nh[1] << 16 |
							 (uint32_t)u.mp_nh[2] << 8 | u.mp_nh[3] :
						 0;
			/* a rebuilt IPv4 announcement carries the NEXT_HOP attribute:
			 * one that is no host address is dropped on the way back */
			bool v4 = u.mp_reach.af == NET_AF_INET;
			bool host = mp_nh >> 24 != 0 && mp_nh >> 28 < 0xE;
			if (n && !u.withdraw_all && as4 && (!v4 || host))
				rebuild(&u, pf, n, mp_nh);
		}
		return;
	case BGP_MSG_NOTIFICATION: {
		struct bgp_notify n;
		if (bgp_notification_parse(m, len, &n, &e) == 0) {
			(void)bgp_err_name(n.code);
			(void)bgp_err_subname(n.code, n.subcode);
		}
		return;
	}
	case BGP_MSG_ROUTE_REFRESH: {
		uint16_t afi;
		uint8_t safi;
		(void)bgp_refresh_parse(m, len, &afi, &safi, &e);
		return;
	}
	default:
		return;
	}
}

static void fz_update(void *ctx, struct bgp_session *s, const struct bgp_update *u)
{
	static struct net_prefix pf[BGP_MSG_MAX];
	(void)ctx;
	(void)s;
	take(&u->nlri, pf, BGP_MSG_MAX);
	take(&u->mp_reach, pf, BGP_MSG_MAX);
}

static void fz_refresh(void *ctx, struct bgp_session *s)
{
	(void)ctx;
	/* answer with an UPDATE, as the speaker would */
	struct net_prefix p;
	if (net_prefix_parse("10.0.0.0/16", &p) == 0) {
		uint32_t path[] = {64512};
		struct bgp_announce a = {.as_path = path, .as_path_len = 1, .as4 = s->as4};
		bgp_session_send_update(s, &a, &p, 1);
	}
}

static const struct bgp_session_ops fz_ops = {NULL, fz_update, NULL, fz_refresh};

static void drive_session(const uint8_t *data, size_t size)
{
	struct bgp_session s;
	struct bgp_session_cfg c = {.name = "fuzz",
				    .local_as = 64512,
				    .peer_as = 65010,
				    .bgp_id = 1,
				    .hold_time = 90,
				    .passive = true};
	bgp_session_init(&s, &c, &fz_ops, NULL);
	bgp_session_event(&s, BGP_EV_MANUAL_START_PASSIVE, 0);
	bgp_session_event(&s, BGP_EV_TCP_CONFIRMED, 0);
	size_t cut = size ? data[0] % (size + 1) : 0;
	bgp_session_input(&s, data, cut, 1);
	bgp_session_timers(&s, 2);
	bgp_session_input(&s, data + cut, size - cut, 3);
	bgp_session_timers(&s, 100000000);
	fuzz_require(s.out_len <= (8u << 20));
	bgp_session_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	drive_session(data, size);
	size_t off = 0;
	while (off < size) {
		uint8_t type = 0;
		struct bgp_notify e;
		int len = bgp_msg_header(data + off, size - off, &type, &e);
		if (len <= 0)
			break; /* need more, or a header error: the session ends */
		fuzz_require(len >= BGP_MSG_HDR && len <= BGP_MSG_MAX);
		if ((size_t)len > size - off)
			break;
		/* the message alone, in a buffer of its own size, so a read
		 * past it is the sanitizer's to see */
		uint8_t *m = malloc((size_t)len);
		if (!m)
			return 0;
		memcpy(m, data + off, (size_t)len);
		one(m, (size_t)len, type);
		free(m);
		off += (size_t)len;
	}
	return 0;
}
