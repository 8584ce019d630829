/*
 * DOC: BGP-4 message codec (msg.h)
 *
 * Reading and writing go through the bounds-checked cursors of
 * base/cursor.h, whose error is sticky: a parser reads its fields and
 * checks once (a read past the end yields zeros and sets `bad`).  Every length a peer sends is compared with what
 * encloses it before anything is read under it.
 */
#include "bgp/msg.h"

#include <string.h>

#include "base/cursor.h"
#include "base/names.h"

/* ------------------------------------------------------- byte helpers */

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void notify_set(struct bgp_notify *e, uint8_t code, uint8_t sub, const void *data,
		       size_t len)
{
	if (!e)
		return;
	e->code = code;
	e->subcode = sub;
	if (len > BGP_NOTIFY_DATA_MAX)
		len = BGP_NOTIFY_DATA_MAX;
	if (len)
		memcpy(e->data, data, len);
	e->data_len = (uint16_t)len;
}

/* ---------------------------------------------------------------- header */

/*
 * RFC 4271 4.1 (message header) and 6.1 (header error handling): the
 * marker is all ones; the length is 19..4096 and at least the minimum of
 * the type (OPEN 29, UPDATE 23, NOTIFICATION 21, KEEPALIVE exactly 19;
 * ROUTE-REFRESH exactly 23, RFC 2918 3); otherwise Bad Message Length with
 * the length field as data; an unknown type is Bad Message Type with the
 * type as data.
 */
int bgp_msg_header(const uint8_t *b, size_t n, uint8_t *type, struct bgp_notify *err)
{
	if (!b || n < BGP_MSG_HDR)
		return 0;
	for (int i = 0; i < 16; i++)
		if (b[i] != 0xff) {
			notify_set(err, BGP_ERR_HEADER, BGP_HDR_NOT_SYNC, NULL, 0);
			return -1;
		}
	uint16_t len = get16(b + 16);
	uint8_t t = b[18];
	size_t min = 0, max = BGP_MSG_MAX;
	switch (t) {
	case BGP_MSG_OPEN:
		min = BGP_MSG_OPEN_MIN;
		break;
	case BGP_MSG_UPDATE:
		min = 23;
		break;
	case BGP_MSG_NOTIFICATION:
		min = 21;
		break;
	case BGP_MSG_KEEPALIVE:
		min = max = BGP_MSG_HDR;
		break;
	case BGP_MSG_ROUTE_REFRESH:
		min = max = 23;
		break;
	default:
		notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_TYPE, &t, 1);
		return -1;
	}
	if (len < min || len > max) {
		notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, b + 16, 2);
		return -1;
	}
	if (type)
		*type = t;
	return len;
}

/* ------------------------------------------------------------------ OPEN */

uint32_t bgp_open_asn(const struct bgp_open *o)
{
	return o->cap_as4 ? o->as4 : o->my_as;
}

/*
 * One Capabilities optional parameter's value (RFC 5492 4: a list of
 * code, length, value).  Known: multiprotocol (RFC 4760 8: AFI, reserved,
 * SAFI; 4 octets), route refresh (RFC 2918 2: no value), 4-octet AS
 * (RFC 6793 3: 4 octets).  Others are skipped.  A capability whose length
 * overruns the parameter, or a known one of the wrong length, is an OPEN
 * error (subcode 0: unspecific, RFC 4271 6.2).
 */
static bool open_caps(struct cur_rd *c, size_t plen, struct bgp_open *o)
{
	/* the parameter's own cursor: no capability reads past it */
	const uint8_t *pv = cur_take(c, plen);
	if (!pv)
		return false;
	struct cur_rd pc = {pv, plen, 0, false};
	while (!pc.bad && pc.off < pc.n) {
		uint8_t code = cur_get8(&pc), clen = cur_get8(&pc);
		const uint8_t *cv = cur_take(&pc, clen);
		if (!cv)
			return false;
		struct cur_rd v = {cv, clen, 0, false};
		switch (code) {
		case 1: {
			if (clen != 4)
				return false;
			uint16_t afi = cur_get16(&v);
			(void)cur_get8(&v);
			uint8_t safi = cur_get8(&v);
			if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST)
				o->cap_mp_ipv4 = true;
			if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_UNICAST)
				o->cap_mp_ipv6 = true;
			break;
		}
		case 2:
			if (clen != 0)
				return false;
			o->cap_refresh = true;
			break;
		case 65:
			if (clen != 4)
				return false;
			o->cap_as4 = true;
			o->as4 = cur_get32(&v);
			break;
		default:
			break;
		}
	}
	return !pc.bad;
}

/*
 * RFC 4271 4.2 (OPEN format) and 6.2 (OPEN error handling): version 4
 * (else Unsupported Version Number, data: the version we support as two
 * octets); Hold Time 0 or at least 3 (else Unacceptable Hold Time); a BGP
 * Identifier that is not 0 (RFC 6286 2.2: Bad BGP Identifier); optional
 * parameters that exactly fill their length, each of type 2
 * (Capabilities, RFC 5492 4) -- another type is Unsupported Optional
 * Parameter.
 */
int bgp_open_parse(const uint8_t *b, size_t n, struct bgp_open *o, struct bgp_notify *err)
{
	memset(o, 0, sizeof(*o));
	if (!b || n < BGP_MSG_OPEN_MIN) {
		uint8_t l[2] = {(uint8_t)(n >> 8), (uint8_t)n};
		notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, l, 2);
		return -1;
	}
	struct cur_rd c = {b, n, BGP_MSG_HDR, false};
	o->version = cur_get8(&c);
	o->my_as = cur_get16(&c);
	o->hold_time = cur_get16(&c);
	o->bgp_id = cur_get32(&c);
	uint8_t optlen = cur_get8(&c);
	if (o->version != 4) {
		static const uint8_t v4[2] = {0, 4};
		notify_set(err, BGP_ERR_OPEN, BGP_OPEN_BAD_VERSION, v4, 2);
		return -1;
	}
	if (o->hold_time == 1 || o->hold_time == 2) {
		notify_set(err, BGP_ERR_OPEN, BGP_OPEN_BAD_HOLD, NULL, 0);
		return -1;
	}
	if (o->bgp_id == 0) {
		notify_set(err, BGP_ERR_OPEN, BGP_OPEN_BAD_ID, NULL, 0);
		return -1;
	}
	if ((size_t)optlen != n - c.off) {
		notify_set(err, BGP_ERR_OPEN, 0, NULL, 0);
		return -1;
	}
	while (!c.bad && c.off < n) {
		uint8_t ptype = cur_get8(&c), plen = cur_get8(&c);
		if (c.bad || n - c.off < plen) {
			notify_set(err, BGP_ERR_OPEN, 0, NULL, 0);
			return -1;
		}
		if (ptype != 2) {
			notify_set(err, BGP_ERR_OPEN, BGP_OPEN_UNSUP_PARAM, NULL, 0);
			return -1;
		}
		o->has_caps = true;
		if (!open_caps(&c, plen, o)) {
			notify_set(err, BGP_ERR_OPEN, 0, NULL, 0);
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ NLRI */

/*
 * RFC 4271 4.3 (NLRI and Withdrawn Routes encoding) and RFC 4760 5
 * (the same in MP_REACH/MP_UNREACH): each prefix is a length octet
 * (at most 32, or 128 for IPv6) and ceil(length/8) octets.  True when the
 * slice is a whole number of well-formed prefixes.
 */
static bool nlri_valid(const uint8_t *p, size_t len, uint8_t af)
{
	unsigned max = af == NET_AF_INET6 ? 128 : 32;
	size_t off = 0;
	while (off < len) {
		unsigned bits = p[off++];
		size_t bytes = (bits + 7) / 8;
		if (bits > max || len - off < bytes)
			return false;
		off += bytes;
	}
	return true;
}

void bgp_nlri_begin(struct bgp_nlri_iter *it, const struct bgp_nlri *n)
{
	it->n = *n;
	it->off = 0;
}

bool bgp_nlri_next(struct bgp_nlri_iter *it, struct net_prefix *out)
{
	const struct bgp_nlri *n = &it->n;
	if (!n->p || it->off >= n->len)
		return false;
	unsigned max = n->af == NET_AF_INET6 ? 128 : 32;
	unsigned bits = n->p[it->off];
	size_t bytes = (bits + 7) / 8;
	/* validated by the parser; checked again so a caller's own slice
	 * cannot make this read out of bounds */
	if (bits > max || (size_t)(n->len - it->off - 1) < bytes)
		return false;
	memset(out, 0, sizeof(*out));
	out->addr.af = n->af;
	out->len = (uint8_t)bits;
	memcpy(out->addr.b, n->p + it->off + 1, bytes);
	net_prefix_canonicalize(out);
	it->off = (uint16_t)(it->off + 1 + bytes);
	return true;
}

/* ---------------------------------------------------------------- UPDATE */

static void withdraw(struct bgp_update *u, const char *why)
{
	if (!u->withdraw_all) {
		u->withdraw_all = true;
		u->why = why;
	}
}

/* NEXT_HOP, MULTI_EXIT_DISC and LOCAL_PREF are 4 octets (RFC 7606 7.3 to
 * 7.5): another length is treat-as-withdraw, saying @why. */
static bool attr_get32(struct bgp_update *u, const uint8_t *v, size_t len, const char *why,
		       uint32_t *out)
{
	if (len != 4) {
		withdraw(u, why);
		return false;
	}
	*out = get32(v);
	return true;
}

/* COMMUNITIES and LARGE_COMMUNITY hold a non-zero number of @size-octet
 * values (RFC 7606 7.8, RFC 8092 6): kept in place, or treat-as-withdraw,
 * saying @why. */
static bool attr_values(struct bgp_update *u, const uint8_t *v, size_t len, size_t size,
			const char *why, const uint8_t **values, uint16_t *n)
{
	if (len == 0 || len % size) {
		withdraw(u, why);
		return false;
	}
	*values = v;
	*n = (uint16_t)(len / size);
	return true;
}

/*
 * AS_PATH (RFC 4271 4.3 b, 5.1.2; RFC 6793 4 for 4-octet ASNs): segments
 * of type AS_SET or AS_SEQUENCE, a non-zero count of ASNs of @as_size
 * octets, exactly filling the attribute.  RFC 7606 7.2: anything else
 * (unknown or confederation segment types from an external peer, a zero
 * count, an overrun, a trailing octet) is malformed, treat-as-withdraw;
 * so is a path from an external peer whose leftmost AS is not the peer's
 * (RFC 4271 6.3, with RFC 7606's treat-as-withdraw in place of the reset).
 */
static const char *as_path_check(const uint8_t *p, size_t len, uint8_t as_size,
				 const struct bgp_parse_opts *po)
{
	size_t off = 0;
	bool first = true;
	while (off < len) {
		if (len - off < 2)
			return "AS_PATH ends inside a segment header";
		uint8_t type = p[off], cnt = p[off + 1];
		off += 2;
		if (type != BGP_AS_SET && type != BGP_AS_SEQUENCE)
			return "AS_PATH segment of unknown type";
		if (cnt == 0)
			return "AS_PATH segment of length 0";
		if ((len - off) / as_size < cnt)
			return "AS_PATH segment overruns the attribute";
		if (first && po && po->ebgp && po->peer_as) {
			uint32_t a = as_size == 4 ? get32(p + off) : get16(p + off);
			/* a 2-octet peer with a 4-octet ASN says AS_TRANS (RFC 6793 4.2.2) */
			uint32_t want = as_size == 2 && po->peer_as > 0xffff ? BGP_AS_TRANS :
									       po->peer_as;
			if (type != BGP_AS_SEQUENCE || a != want)
				return "AS_PATH does not start with the peer's AS";
		}
		first = false;
		off += (size_t)cnt * as_size;
	}
	if (first && po && po->ebgp && po->peer_as)
		return "empty AS_PATH from an external peer";
	return NULL;
}

/*
 * MP_REACH_NLRI (RFC 4760 3) / MP_UNREACH_NLRI (RFC 4760 4): AFI, SAFI,
 * (reach: next hop length, next hop, a reserved octet), then NLRI.  IPv4
 * and IPv6 unicast are read; another AFI/SAFI is ignored (not negotiated,
 * RFC 4760 6).  A malformed one -- too short, a next hop length that is
 * not 4 (IPv4) or 16 or 32 (IPv6; RFC 2545 3), NLRI that do not parse --
 * resets the session (RFC 7606 7.11, 5.3): the routes it carries cannot be
 * located to withdraw them.  Returns false with @err set.
 */
static bool mp_attr(struct bgp_update *u, const uint8_t *v, size_t len, bool reach,
		    struct bgp_notify *err)
{
	struct cur_rd c = {v, len, 0, false};
	uint16_t afi = cur_get16(&c);
	uint8_t safi = cur_get8(&c);
	uint8_t nhl = 0;
	const uint8_t *nh = NULL;
	if (reach) {
		nhl = cur_get8(&c);
		nh = cur_take(&c, nhl);
		(void)cur_get8(&c); /* reserved */
	}
	if (c.bad) {
		notify_set(err, BGP_ERR_UPDATE, BGP_UPD_OPT_ATTR, NULL, 0);
		return false;
	}
	if (safi != BGP_SAFI_UNICAST || (afi != BGP_AFI_IPV4 && afi != BGP_AFI_IPV6))
		return true;
	uint8_t af = afi == BGP_AFI_IPV6 ? NET_AF_INET6 : NET_AF_INET;
	if (reach && (af == NET_AF_INET6 ? (nhl != 16 && nhl != 32) : nhl != 4)) {
		notify_set(err, BGP_ERR_UPDATE, BGP_UPD_OPT_ATTR, NULL, 0);
		return false;
	}
	const uint8_t *rest = v + c.off;
	size_t rl = len - c.off;
	if (!nlri_valid(rest, rl, af)) {
		notify_set(err, BGP_ERR_UPDATE, BGP_UPD_OPT_ATTR, NULL, 0);
		return false;
	}
	struct bgp_nlri s = {rest, (uint16_t)rl, af};
	if (reach) {
		u->mp_reach = s;
		memcpy(u->mp_nh, nh, nhl);
		u->mp_nh_len = nhl;
	} else {
		u->mp_unreach = s;
	}
	return true;
}

/* The flags a known attribute must carry (Optional, Transitive; RFC 4271
 * 5, RFC 1997, RFC 4760, RFC 8092), or -1 for one we do not check. */
static int attr_flags_want(uint8_t type)
{
	switch (type) {
	case BGP_ATTR_ORIGIN:
	case BGP_ATTR_AS_PATH:
	case BGP_ATTR_NEXT_HOP:
	case BGP_ATTR_LOCAL_PREF:
	case BGP_ATTR_ATOMIC_AGGREGATE:
		return BGP_AF_TRANSITIVE;
	case BGP_ATTR_MED:
	case BGP_ATTR_MP_REACH:
	case BGP_ATTR_MP_UNREACH:
		return BGP_AF_OPTIONAL;
	case BGP_ATTR_AGGREGATOR:
	case BGP_ATTR_COMMUNITIES:
	case BGP_ATTR_AS4_PATH:
	case BGP_ATTR_AS4_AGGREGATOR:
	case BGP_ATTR_LARGE_COMMUNITY:
		return BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE;
	default:
		return -1;
	}
}

/* One attribute (type @t, flags @fl, value @v of @len octets).  false with
 * @err for a session reset. */
static bool update_attr(struct bgp_update *u, const struct bgp_parse_opts *po, uint8_t fl,
			uint8_t t, const uint8_t *v, size_t len, const uint8_t *whole,
			size_t whole_len, struct bgp_notify *err)
{
	int want = attr_flags_want(t);
	if (want < 0) {
		/* RFC 4271 6.3: an unrecognized well-known attribute resets
		 * the session (data: the attribute); an unrecognized optional
		 * one is ignored (we pass nothing on). */
		if (!(fl & BGP_AF_OPTIONAL)) {
			notify_set(err, BGP_ERR_UPDATE, BGP_UPD_UNRECOGNIZED_WK, whole, whole_len);
			return false;
		}
		return true;
	}
	if ((fl & (BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE)) != want) {
		/* RFC 7606 3 c: flags in conflict -> treat-as-withdraw, except
		 * where the attribute's own handling is stronger (7.11). */
		if (t == BGP_ATTR_MP_REACH || t == BGP_ATTR_MP_UNREACH) {
			notify_set(err, BGP_ERR_UPDATE, BGP_UPD_ATTR_FLAGS, whole, whole_len);
			return false;
		}
		withdraw(u, "attribute flags in conflict with the attribute type");
		return true;
	}
	switch (t) {
	case BGP_ATTR_ORIGIN: /* RFC 7606 7.1 */
		if (len != 1 || v[0] > 2) {
			withdraw(u, "malformed ORIGIN");
			return true;
		}
		u->origin = v[0];
		break;
	case BGP_ATTR_AS_PATH: { /* RFC 7606 7.2 */
		uint8_t as_size = po && po->as4 ? 4 : 2;
		const char *bad = as_path_check(v, len, as_size, po);
		if (bad) {
			withdraw(u, bad);
			return true;
		}
		u->as_path = v;
		u->as_path_len = (uint16_t)len;
		u->as_size = as_size;
		break;
	}
	case BGP_ATTR_NEXT_HOP: /* RFC 7606 7.3 */
		if (!attr_get32(u, v, len, "NEXT_HOP of a length other than 4", &u->next_hop))
			return true;
		/* RFC 4271 6.3: a NEXT_HOP that is no host address (0/8,
		 * multicast and class E) is semantically incorrect: the routes
		 * are ignored, no NOTIFICATION.  127/8 is kept: a router
		 * peering with vpcsim over loopback sends its own. */
		if (u->next_hop >> 24 == 0 || u->next_hop >> 28 >= 0xE) {
			withdraw(u, "NEXT_HOP is not a host address (RFC 4271 6.3)");
			return true;
		}
		break;
	case BGP_ATTR_MED: /* RFC 7606 7.4 */
		if (!attr_get32(u, v, len, "MULTI_EXIT_DISC of a length other than 4", &u->med))
			return true;
		break;
	case BGP_ATTR_LOCAL_PREF: /* RFC 7606 7.5 */
		if (po && po->ebgp) {
			u->discarded++; /* from an external peer: ignored */
			return true;
		}
		if (!attr_get32(u, v, len, "LOCAL_PREF of a length other than 4", &u->local_pref))
			return true;
		break;
	case BGP_ATTR_ATOMIC_AGGREGATE: /* RFC 7606 7.6 */
		if (len != 0) {
			u->discarded++;
			return true;
		}
		break;
	case BGP_ATTR_AGGREGATOR: /* RFC 7606 7.7 */
		if (len != (po && po->as4 ? 8u : 6u)) {
			u->discarded++;
			return true;
		}
		u->has_aggregator = true;
		u->aggregator_as = len == 8 ? get32(v) : get16(v);
		break;
	case BGP_ATTR_COMMUNITIES: /* RFC 7606 7.8 */
		if (!attr_values(u, v, len, 4, "COMMUNITIES not a non-zero multiple of 4 octets",
				 &u->communities, &u->n_communities))
			return true;
		break;
	case BGP_ATTR_LARGE_COMMUNITY: /* RFC 8092 6 */
		if (!attr_values(u, v, len, 12,
				 "LARGE_COMMUNITY not a non-zero multiple of 12 octets", &u->large,
				 &u->n_large))
			return true;
		u->seen_large = true;
		return true;
	case BGP_ATTR_MP_REACH:
	case BGP_ATTR_MP_UNREACH:
		return mp_attr(u, v, len, t == BGP_ATTR_MP_REACH, err);
	case BGP_ATTR_AS4_PATH:
		/* RFC 6793 4.1: between two 4-octet speakers it is ignored.
		 * From a 2-octet peer (RFC 6793 4.2.3) it is kept for the
		 * merge; malformed -- confederation segments included, which
		 * it must not carry -- it is discarded (RFC 6793 6, RFC 7606
		 * 3 f: attribute discard). */
		if (po && po->as4)
			return true;
		if (as_path_check(v, len, 4, NULL)) {
			u->discarded++;
			return true;
		}
		u->as4_path = v;
		u->as4_path_len = (uint16_t)len;
		return true;
	case BGP_ATTR_AS4_AGGREGATOR:
		/* only its AS would matter, and only to an aggregate's
		 * originator: ignored (RFC 6793 4.2.3 needs no more of it) */
		return true;
	default:
		return true;
	}
	u->seen |= 1u << t;
	return true;
}

/*
 * RFC 4271 4.3 (UPDATE format), 6.3 and RFC 7606 (error handling).
 * Session resets: a Withdrawn Routes Length or Total Path Attribute
 * Length that overruns the message (Malformed Attribute List, RFC 7606
 * 4); withdrawn routes or NLRI that do not parse (Invalid Network Field,
 * RFC 7606 5.3); MP_REACH_NLRI or MP_UNREACH_NLRI twice (RFC 7606 3 g) or
 * malformed (7.11); an unrecognized well-known attribute (RFC 4271 6.3).
 * Treat-as-withdraw: attributes that overrun the attribute field or leave
 * too few octets for one (RFC 7606 4), the per-attribute cases of RFC
 * 7606 7, a well-known mandatory attribute missing from an UPDATE that
 * announces something (RFC 7606 3 d; NEXT_HOP only with IPv4 NLRI, RFC
 * 4760 3).  Other repeated attributes: the first is kept (RFC 7606 3 g).
 */
int bgp_update_parse(const uint8_t *b, size_t n, const struct bgp_parse_opts *po,
		     struct bgp_update *u, struct bgp_notify *err)
{
	memset(u, 0, sizeof(*u));
	if (!b || n < 23 || n > BGP_MSG_MAX) {
		uint8_t l[2] = {(uint8_t)(n >> 8), (uint8_t)n};
		notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, l, 2);
		return -1;
	}
	struct cur_rd c = {b, n, BGP_MSG_HDR, false};
	uint16_t wlen = cur_get16(&c);
	const uint8_t *w = cur_take(&c, wlen);
	uint16_t alen = cur_get16(&c);
	const uint8_t *attrs = cur_take(&c, alen);
	if (c.bad) {
		notify_set(err, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTRS, NULL, 0);
		return -1;
	}
	if (!nlri_valid(w, wlen, NET_AF_INET)) {
		notify_set(err, BGP_ERR_UPDATE, BGP_UPD_BAD_NETWORK, NULL, 0);
		return -1;
	}
	u->withdrawn = (struct bgp_nlri){w, wlen, NET_AF_INET};
	const uint8_t *nl = b + c.off;
	size_t nll = n - c.off;
	if (!nlri_valid(nl, nll, NET_AF_INET)) {
		notify_set(err, BGP_ERR_UPDATE, BGP_UPD_BAD_NETWORK, NULL, 0);
		return -1;
	}
	u->nlri = (struct bgp_nlri){nl, (uint16_t)nll, NET_AF_INET};

	uint8_t dup[32] = {0}; /* a bit per attribute type seen */
	size_t off = 0;
	while (off < alen) {
		size_t left = alen - off;
		uint8_t fl = attrs[off];
		size_t hl = fl & BGP_AF_EXTLEN ? 4 : 3;
		if (left < hl) {
			withdraw(u, "path attributes end inside an attribute header");
			break;
		}
		uint8_t t = attrs[off + 1];
		size_t len = hl == 4 ? get16(attrs + off + 2) : attrs[off + 2];
		if (left - hl < len) {
			withdraw(u, "a path attribute overruns the attribute field");
			break;
		}
		const uint8_t *whole = attrs + off, *v = attrs + off + hl;
		off += hl + len;
		if (dup[t / 8] & (1u << (t % 8))) {
			if (t == BGP_ATTR_MP_REACH || t == BGP_ATTR_MP_UNREACH) {
				notify_set(err, BGP_ERR_UPDATE, BGP_UPD_MALFORMED_ATTRS, NULL, 0);
				return -1;
			}
			u->discarded++;
			continue;
		}
		dup[t / 8] |= (uint8_t)(1u << (t % 8));
		if (!update_attr(u, po, fl, t, v, len, whole, hl + len, err))
			return -1;
	}
	bool announces = u->nlri.len > 0 || u->mp_reach.len > 0;
	if (announces && !u->withdraw_all) {
		if (!(u->seen & (1u << BGP_ATTR_ORIGIN)))
			withdraw(u, "ORIGIN missing");
		else if (!(u->seen & (1u << BGP_ATTR_AS_PATH)))
			withdraw(u, "AS_PATH missing");
		else if (u->nlri.len && !(u->seen & (1u << BGP_ATTR_NEXT_HOP)))
			withdraw(u, "NEXT_HOP missing");
	}
	return 0;
}

/* ------------------------------------------------------ AS_PATH readers */

/* The flat ASNs of the validated path @p (@len octets, @sz per ASN) into
 * @out (at most @cap written); returns the whole count. */
static uint32_t path_flat(const uint8_t *p, size_t len, uint8_t sz, uint32_t *out, uint32_t cap)
{
	uint32_t k = 0;
	size_t off = 0;
	if (!p)
		len = 0;
	while (len - off >= 2) {
		uint8_t type = p[off], cnt = p[off + 1];
		off += 2;
		if ((len - off) / sz < cnt)
			break;
		for (uint8_t i = 0; i < cnt; i++) {
			const uint8_t *a = p + off + (size_t)i * sz;
			if (type == BGP_AS_SEQUENCE || i == 0) {
				if (k < cap)
					out[k] = sz == 4 ? get32(a) : get16(a);
				k++;
			}
		}
		off += (size_t)cnt * sz;
	}
	return k;
}

uint32_t bgp_as_path_flat(const struct bgp_update *u, uint32_t *out, uint32_t cap)
{
	uint8_t sz = u->as_size == 2 ? 2 : 4;
	uint32_t n = path_flat(u->as_path, u->as_path_len, sz, out, cap);
	if (sz == 2 && u->as4_path && !(u->has_aggregator && u->aggregator_as != BGP_AS_TRANS)) {
		uint32_t n4 = path_flat(u->as4_path, u->as4_path_len, 4, NULL, 0);
		if (n4 <= n) {
			uint32_t keep = n - n4; /* the leading ASNs of AS_PATH */
			if (keep < cap)
				path_flat(u->as4_path, u->as4_path_len, 4, out + keep, cap - keep);
		}
	}
	return n < cap ? n : cap;
}

static bool path_has(const uint8_t *p, size_t len, uint8_t sz, uint32_t asn)
{
	size_t off = 0;
	if (!p)
		len = 0;
	while (len - off >= 2) {
		uint8_t cnt = p[off + 1];
		off += 2;
		if ((len - off) / sz < cnt)
			break;
		for (uint8_t i = 0; i < cnt; i++) {
			const uint8_t *a = p + off + (size_t)i * sz;
			if ((sz == 4 ? get32(a) : get16(a)) == asn)
				return true;
		}
		off += (size_t)cnt * sz;
	}
	return false;
}

bool bgp_as_path_has(const struct bgp_update *u, uint32_t asn)
{
	if (u->as4_path && path_has(u->as4_path, u->as4_path_len, 4, asn))
		return true;
	return path_has(u->as_path, u->as_path_len, u->as_size == 2 ? 2 : 4, asn);
}

uint32_t bgp_community(const struct bgp_update *u, uint16_t i)
{
	return i < u->n_communities ? get32(u->communities + (size_t)i * 4) : 0;
}

/* ------------------------------------------- NOTIFICATION, ROUTE-REFRESH */

/* RFC 4271 4.5: error code, subcode, data to the end of the message. */
int bgp_notification_parse(const uint8_t *b, size_t n, struct bgp_notify *out,
			   struct bgp_notify *err)
{
	if (!b || n < 21 || n > BGP_MSG_MAX) {
		uint8_t l[2] = {(uint8_t)(n >> 8), (uint8_t)n};
		notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, l, 2);
		return -1;
	}
	notify_set(out, b[19], b[20], b + 21, n - 21);
	return 0;
}

/* RFC 2918 3: AFI (2), reserved (1), SAFI (1). */
int bgp_refresh_parse(const uint8_t *b, size_t n, uint16_t *afi, uint8_t *safi,
		      struct bgp_notify *err)
{
	if (!b || n != 23) {
		uint8_t l[2] = {(uint8_t)(n >> 8), (uint8_t)n};
		notify_set(err, BGP_ERR_HEADER, BGP_HDR_BAD_LEN, l, 2);
		return -1;
	}
	*afi = get16(b + 19);
	*safi = b[22];
	return 0;
}

/* -------------------------------------------------------------- builders */

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void whdr(struct cur_wr *w, uint8_t type)
{
	for (int i = 0; i < 16; i++)
		cur_put8(w, 0xff);
	cur_put16(w, 0); /* length, set by wdone() */
	cur_put8(w, type);
}

static size_t wdone(struct cur_wr *w)
{
	if (w->bad || w->off > BGP_MSG_MAX)
		return 0;
	put16(w->p + 16, w->off);
	return w->off;
}

size_t bgp_build_keepalive(uint8_t *out, size_t cap)
{
	struct cur_wr w = {out, cap, 0, false};
	whdr(&w, BGP_MSG_KEEPALIVE);
	return wdone(&w);
}

/* The Multiprotocol Extensions capability for @afi, unicast (RFC 4760 8):
 * code 1, length 4, AFI, a reserved octet, SAFI. */
static void put_cap_mp(struct cur_wr *w, uint16_t afi)
{
	cur_put8(w, 1);
	cur_put8(w, 4);
	cur_put16(w, afi);
	cur_put8(w, 0);
	cur_put8(w, BGP_SAFI_UNICAST);
}

size_t bgp_build_open(uint8_t *out, size_t cap, const struct bgp_open *o)
{
	struct cur_wr w = {out, cap, 0, false};
	whdr(&w, BGP_MSG_OPEN);
	cur_put8(&w, 4);
	cur_put16(&w, o->my_as);
	cur_put16(&w, o->hold_time);
	cur_put32(&w, o->bgp_id);
	size_t optlen_at = w.off;
	cur_put8(&w, 0);
	/* one Capabilities parameter holding them all (RFC 5492 4) */
	cur_put8(&w, 2);
	size_t plen_at = w.off;
	cur_put8(&w, 0);
	size_t start = w.off;
	if (o->cap_mp_ipv4)
		put_cap_mp(&w, BGP_AFI_IPV4);
	if (o->cap_mp_ipv6)
		put_cap_mp(&w, BGP_AFI_IPV6);
	if (o->cap_refresh) {
		cur_put8(&w, 2);
		cur_put8(&w, 0);
	}
	if (o->cap_as4) {
		cur_put8(&w, 65);
		cur_put8(&w, 4);
		cur_put32(&w, o->as4);
	}
	if (w.bad)
		return 0;
	if (w.off == start) {
		w.off = optlen_at + 1; /* no capability: no parameter */
	} else {
		out[plen_at] = (uint8_t)(w.off - start);
		out[optlen_at] = (uint8_t)(w.off - optlen_at - 1);
	}
	return wdone(&w);
}

size_t bgp_build_notification(uint8_t *out, size_t cap, const struct bgp_notify *n)
{
	struct cur_wr w = {out, cap, 0, false};
	whdr(&w, BGP_MSG_NOTIFICATION);
	cur_put8(&w, n->code);
	cur_put8(&w, n->subcode);
	cur_put(&w, n->data, n->data_len <= BGP_NOTIFY_DATA_MAX ? n->data_len : 0);
	return wdone(&w);
}

size_t bgp_build_refresh(uint8_t *out, size_t cap, uint16_t afi, uint8_t safi)
{
	struct cur_wr w = {out, cap, 0, false};
	whdr(&w, BGP_MSG_ROUTE_REFRESH);
	cur_put16(&w, afi);
	cur_put8(&w, 0);
	cur_put8(&w, safi);
	return wdone(&w);
}

static size_t pfx_bytes(const struct net_prefix *p)
{
	return 1 + ((size_t)p->len + 7) / 8;
}

/* Prefixes of @p[0..n) of family @af while they fit before @limit; the
 * count written. */
static size_t w_prefixes(struct cur_wr *w, const struct net_prefix *p, size_t n, uint8_t af,
			 size_t limit)
{
	size_t k = 0;
	for (; k < n; k++) {
		if (p[k].addr.af != af || p[k].len > (af == NET_AF_INET6 ? 128 : 32))
			break;
		if (w->off + pfx_bytes(&p[k]) > limit)
			break;
		cur_put8(w, p[k].len);
		cur_put(w, p[k].addr.b, ((size_t)p[k].len + 7) / 8);
	}
	return k;
}

static void w_as_path(struct cur_wr *w, const struct bgp_announce *a)
{
	uint8_t sz = a->as4 ? 4 : 2;
	size_t vlen = a->as_path_len ? 2 + (size_t)a->as_path_len * sz : 0;
	cur_put8(w, BGP_AF_TRANSITIVE | BGP_AF_EXTLEN);
	cur_put8(w, BGP_ATTR_AS_PATH);
	cur_put16(w, (uint16_t)vlen);
	if (!vlen)
		return;
	cur_put8(w, BGP_AS_SEQUENCE);
	cur_put8(w, (uint8_t)a->as_path_len);
	for (uint32_t i = 0; i < a->as_path_len; i++) {
		uint32_t asn = a->as_path[i];
		if (a->as4)
			cur_put32(w, asn);
		else
			cur_put16(w, asn > 0xffff ? BGP_AS_TRANS : (uint16_t)asn);
	}
}

/* RFC 4271 4.3 (UPDATE), RFC 4760 3-4 (IPv6 in MP_REACH / MP_UNREACH). */
size_t bgp_build_update(uint8_t *out, size_t cap, const struct bgp_announce *a,
			const struct net_prefix *p, size_t n, size_t *used)
{
	*used = 0;
	if (cap > BGP_MSG_MAX)
		cap = BGP_MSG_MAX;
	if (a && (a->as_path_len > 255 || (a->n_communities && a->n_communities > 1000)))
		return 0;
	uint8_t af = n ? p[0].addr.af : NET_AF_INET;
	struct cur_wr w = {out, cap, 0, false};
	whdr(&w, BGP_MSG_UPDATE);
	if (af == NET_AF_INET && !a) {
		size_t wl_at = w.off;
		cur_put16(&w, 0);
		size_t k = w_prefixes(&w, p, n, af, cap - 2);
		if (w.bad)
			return 0;
		put16(out + wl_at, w.off - wl_at - 2);
		cur_put16(&w, 0); /* no attributes */
		*used = k;
		return wdone(&w);
	}
	cur_put16(&w, 0); /* no IPv4 withdrawn routes */
	size_t al_at = w.off;
	cur_put16(&w, 0);
	size_t astart = w.off;
	if (a) {
		cur_put8(&w, BGP_AF_TRANSITIVE);
		cur_put8(&w, BGP_ATTR_ORIGIN);
		cur_put8(&w, 1);
		cur_put8(&w, a->origin);
		w_as_path(&w, a);
		if (af == NET_AF_INET) {
			cur_put8(&w, BGP_AF_TRANSITIVE);
			cur_put8(&w, BGP_ATTR_NEXT_HOP);
			cur_put8(&w, 4);
			cur_put32(&w, a->next_hop);
		}
		if (a->n_communities) {
			cur_put8(&w, BGP_AF_OPTIONAL | BGP_AF_TRANSITIVE | BGP_AF_EXTLEN);
			cur_put8(&w, BGP_ATTR_COMMUNITIES);
			cur_put16(&w, (uint16_t)(a->n_communities * 4));
			for (uint32_t i = 0; i < a->n_communities; i++)
				cur_put32(&w, a->communities[i]);
		}
	}
	size_t k;
	if (af == NET_AF_INET6) {
		cur_put8(&w, BGP_AF_OPTIONAL | BGP_AF_EXTLEN);
		cur_put8(&w, a ? BGP_ATTR_MP_REACH : BGP_ATTR_MP_UNREACH);
		size_t ml_at = w.off;
		cur_put16(&w, 0);
		size_t mstart = w.off;
		cur_put16(&w, BGP_AFI_IPV6);
		cur_put8(&w, BGP_SAFI_UNICAST);
		if (a) {
			cur_put8(&w, 16);
			cur_put(&w, a->next_hop6, 16);
			cur_put8(&w, 0);
		}
		k = w_prefixes(&w, p, n, af, cap);
		if (w.bad)
			return 0;
		put16(out + ml_at, w.off - mstart);
		put16(out + al_at, w.off - astart);
	} else {
		if (w.bad)
			return 0;
		put16(out + al_at, w.off - astart);
		k = w_prefixes(&w, p, n, af, cap);
	}
	if (w.bad || (n && !k))
		return 0;
	*used = k;
	return wdone(&w);
}

/* ----------------------------------------------------------------- names */

NAMES_DEFINE_AT(bgp_err_name, uint8_t, BGP_ERR_CODES, "unknown")

const char *bgp_err_subname(uint8_t code, uint8_t sub)
{
	static const struct {
		uint8_t code, sub;
		const char *name;
	} subs[] = {
#define SUBCODE(c, value, num, name) {c, num, name},
		BGP_ERR_SUBCODES(SUBCODE)
#undef SUBCODE
	};

	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (subs[i].code == code && subs[i].sub == sub)
			return subs[i].name;
	return sub ? "unknown" : "unspecific"; /* 0: RFC 4271 6.2 */
}
