/*
 * DOC: the DNS message codec (wire.h)
 *
 * Reading: a cursor over the message whose reads past the end set a
 * sticky error and return 0, so a field is read first and the error
 * checked once after a group of them (base/cursor.h, as Knot DNS's wire
 * cursor).  Writing: a cursor over the output that stops at its capacity
 * the same way (`bad`: the message is full); a record that does not fit
 * is taken back whole.
 *
 * Record data arrives as Route 53 prints it (ResourceRecords[].Value):
 * addresses in their text forms, names with "\OOO" escapes when the
 * caller says so, TXT as quoted strings (RFC 1035 5.1 character-strings),
 * SOA/MX/SRV/CAA as their space-separated fields.
 */
#include "dns/wire.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "base/cursor.h"
#include "dns/zone.h"

/* ---- reading ---- */

static uint8_t fold(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
}

/* The question's name: uncompressed labels (a pointer in the first name
 * of a message could only point into the header). */
static bool rd_qname(struct cur_rd *c, struct dns_wire_query *q)
{
	size_t len = 0;
	uint8_t labels = 0;
	for (;;) {
		uint8_t l = cur_get8(c);
		if (c->bad || (l & 0xC0) || len + 1u + l > DNS_NAME_MAXLEN)
			return false;
		q->qname_raw[len] = l;
		q->qname.wire[len] = l;
		len++;
		if (!l)
			break;
		const uint8_t *label = cur_take(c, l);
		if (!label)
			return false;
		for (uint8_t i = 0; i < l; i++) {
			q->qname_raw[len + i] = label[i];
			q->qname.wire[len + i] = fold(label[i]);
		}
		len += l;
		labels++;
	}
	q->qname.len = (uint8_t)len;
	q->qname.labels = labels;
	return true;
}

/* Skip a name that may end in a compression pointer; true when it is the
 * root name alone. */
static bool skip_name(struct cur_rd *c, bool *root)
{
	*root = true;
	for (unsigned guard = 0; guard <= DNS_NAME_MAXLABEL; guard++) {
		uint8_t l = cur_get8(c);
		if (c->bad)
			return false;
		if ((l & 0xC0) == 0xC0) {
			cur_get8(c);
			*root = false;
			return !c->bad;
		}
		if (l & 0xC0)
			return false; /* 0x40, 0x80: label types RFC 6891 retired */
		if (!l)
			return true;
		*root = false;
		if (!cur_take(c, l))
			return false;
	}
	return false;
}

/*
 * The options of an OPT record's @rdlen octets at c->off (not consumed):
 * each code, length and value (RFC 6891 6.1.2); EDNS client subnet (code
 * 8, RFC 7871 6) into @q -- FAMILY 1 or 2, SOURCE PREFIX-LENGTH within the
 * family, SCOPE 0 in a query, ADDRESS of just the octets the prefix needs
 * with no bit set beyond it -- else false (FORMERR).  Other options are
 * ignored.
 */
static bool rd_options(const struct cur_rd *c, uint16_t rdlen, struct dns_wire_query *q)
{
	size_t off = c->off, end = c->off + rdlen;
	while (off < end) {
		if (end - off < 4)
			return false;
		uint16_t code = (uint16_t)(c->p[off] << 8 | c->p[off + 1]);
		uint16_t olen = (uint16_t)(c->p[off + 2] << 8 | c->p[off + 3]);
		off += 4;
		if (end - off < olen)
			return false;
		if (code == 8) {
			const uint8_t *v = c->p + off;
			if (olen < 4 || q->ecs)
				return false;
			uint16_t fam = (uint16_t)(v[0] << 8 | v[1]);
			uint8_t src = v[2], scope = v[3];
			unsigned max = fam == 1 ? 32 : fam == 2 ? 128 : 0;
			unsigned need = (src + 7u) / 8u;
			if (!max || src > max || scope != 0 || olen - 4u != need)
				return false;
			if (need && (src % 8) && (v[4 + need - 1] & (0xffu >> (src % 8))))
				return false; /* bits beyond the prefix */
			q->ecs = true;
			q->ecs_family = fam;
			q->ecs_source = src;
			memset(q->ecs_addr, 0, sizeof(q->ecs_addr));
			memcpy(q->ecs_addr, v + 4, need);
		}
		off += olen;
	}
	return true;
}

int dns_wire_parse_query(const uint8_t *msg, size_t len, struct dns_wire_query *q)
{
	memset(q, 0, sizeof(*q));
	q->edns_size = DNS_WIRE_UDP_MIN;
	if (!msg || len < DNS_WIRE_HEADER)
		return DNS_WIRE_DROP;
	struct cur_rd c = {msg, len, 0, false};
	q->id = cur_get16(&c);
	uint16_t flags = cur_get16(&c);
	uint16_t qd = cur_get16(&c), an = cur_get16(&c), ns = cur_get16(&c), ar = cur_get16(&c);
	if (flags & 0x8000)
		return DNS_WIRE_DROP; /* a response */
	q->opcode = (uint8_t)(flags >> 11 & 0xF);
	q->rd = flags & 0x0100;
	q->cd = flags & 0x0010;
	if (q->opcode != 0)
		return DNS_WIRE_NOTIMP; /* only QUERY (RFC 1035 4.1.1) */
	if (qd != 1 || an || ns)
		return DNS_WIRE_FORMERR;
	if (!rd_qname(&c, q))
		return DNS_WIRE_FORMERR;
	q->qtype = cur_get16(&c);
	q->qclass = cur_get16(&c);
	if (c.bad)
		return DNS_WIRE_FORMERR;
	q->has_question = true;
	for (uint16_t i = 0; i < ar; i++) {
		bool root;
		if (!skip_name(&c, &root))
			return DNS_WIRE_FORMERR;
		uint16_t type = cur_get16(&c), cls = cur_get16(&c);
		uint32_t ttl = cur_get32(&c);
		uint16_t rdlen = cur_get16(&c);
		if (c.bad || c.n - c.off < rdlen)
			return DNS_WIRE_FORMERR;
		if (type == 41) {
			/* one OPT, owned by the root (RFC 6891 6.1.1) */
			if (q->edns || !root)
				return DNS_WIRE_FORMERR;
			q->edns = true;
			q->edns_size = cls < DNS_WIRE_UDP_MIN ? DNS_WIRE_UDP_MIN : cls;
			q->edns_version = (uint8_t)(ttl >> 16);
			q->edns_do = ttl & 0x8000;
			if (!rd_options(&c, rdlen, q))
				return DNS_WIRE_FORMERR;
		}
		c.off += rdlen;
	}
	if (c.off != c.n)
		return DNS_WIRE_FORMERR; /* bytes after the last record */
	if (q->edns && q->edns_version != 0)
		return DNS_WIRE_BADVERS;
	if (q->qtype == 41)
		return DNS_WIRE_FORMERR; /* OPT is not a question */
	if (q->qclass != 1)
		return DNS_WIRE_REFUSED; /* only IN is served */
	if (q->qtype >= 251 && q->qtype <= 255)
		return DNS_WIRE_NOTIMP; /* IXFR, AXFR, MAILB, MAILA, ANY */
	return DNS_WIRE_NOERROR;
}

/* ---- writing ---- */

static void put16_at(uint8_t *p, size_t at, uint16_t v)
{
	p[at] = (uint8_t)(v >> 8);
	p[at + 1] = (uint8_t)v;
}

/* A decimal field of @data at *s, at most @max; advances past it and the
 * blanks after it. */
static bool num_field(const char **s, unsigned long max, unsigned long *out)
{
	const char *p = *s;
	unsigned long v = 0;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9') {
		v = v * 10 + (unsigned long)(*p++ - '0');
		if (v > max)
			return false;
	}
	if (*p && *p != ' ' && *p != '\t')
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	*s = p;
	*out = v;
	return true;
}

/* A name field of @data at *s (to the next blank), uncompressed. */
static bool name_field(struct cur_wr *o, const char **s, unsigned flags)
{
	const char *p = *s;
	size_t n = strcspn(p, " \t");
	struct dns_name nm;
	if (!n || dns_name_from_text(&nm, p, n, flags) != 0)
		return false;
	cur_put(o, nm.wire, nm.len);
	p += n;
	while (*p == ' ' || *p == '\t')
		p++;
	*s = p;
	return true;
}

/* One character-string (RFC 1035 5.1): "quoted" with \" \\ \DDD (octal
 * with DNS_NAME_OCTAL, Route 53's form) or a bare word; at most 255 octets. */
static bool char_string(struct cur_wr *o, const char **s, unsigned flags)
{
	const char *p = *s;
	uint8_t buf[255];
	size_t n = 0;
	bool quoted = *p == '"';
	if (quoted)
		p++;
	while (*p && (quoted ? *p != '"' : (*p != ' ' && *p != '\t'))) {
		unsigned c = (unsigned char)*p++;
		if (c == '\\' && *p) {
			unsigned base = flags & DNS_NAME_OCTAL ? 8 : 10;
			char top = (char)('0' + base - 1);
			if (p[0] >= '0' && p[0] <= top && p[1] >= '0' && p[1] <= top &&
			    p[2] >= '0' && p[2] <= top) {
				c = (unsigned)(p[0] - '0') * base * base +
				    (unsigned)(p[1] - '0') * base + (unsigned)(p[2] - '0');
				if (c > 255)
					return false;
				p += 3;
			} else {
				c = (unsigned char)*p++;
			}
		}
		if (n == sizeof(buf))
			return false;
		buf[n++] = (uint8_t)c;
	}
	if (quoted) {
		if (*p != '"')
			return false;
		p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	cur_put8(o, (uint8_t)n);
	cur_put(o, buf, n);
	*s = p;
	return true;
}

/* The RDATA of one record from its Route 53 text value. */
static bool rdata(struct cur_wr *o, uint16_t type, const char *d, unsigned flags)
{
	unsigned long a, b, c;
	switch (type) {
	case DNS_T_A:
	case DNS_T_AAAA: {
		uint8_t x[16];
		bool v4 = type == DNS_T_A;
		if (inet_pton(v4 ? AF_INET : AF_INET6, d, x) != 1)
			return false;
		cur_put(o, x, v4 ? 4 : 16);
		return true;
	}
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		return name_field(o, &d, flags) && !*d;
	case DNS_T_MX:
		if (!num_field(&d, 65535, &a))
			return false;
		cur_put16(o, (uint16_t)a);
		return name_field(o, &d, flags) && !*d;
	case DNS_T_SRV:
		if (!num_field(&d, 65535, &a) || !num_field(&d, 65535, &b) ||
		    !num_field(&d, 65535, &c))
			return false;
		cur_put16(o, (uint16_t)a);
		cur_put16(o, (uint16_t)b);
		cur_put16(o, (uint16_t)c);
		return name_field(o, &d, flags) && !*d;
	case DNS_T_SOA:
		if (!name_field(o, &d, flags) || !name_field(o, &d, flags))
			return false;
		for (int i = 0; i < 5; i++) {
			if (!num_field(&d, 0xFFFFFFFFul, &a))
				return false;
			cur_put32(o, (uint32_t)a);
		}
		return !*d;
	case DNS_T_TXT:
	case DNS_T_SPF:
		while (*d == ' ')
			d++;
		if (!*d)
			return false;
		while (*d)
			if (!char_string(o, &d, flags))
				return false;
		return true;
	case DNS_T_CAA: {
		if (!num_field(&d, 255, &a))
			return false;
		size_t tl = strcspn(d, " \t");
		if (!tl || tl > 255)
			return false;
		cur_put8(o, (uint8_t)a);
		cur_put8(o, (uint8_t)tl);
		cur_put(o, d, tl);
		d += tl;
		while (*d == ' ' || *d == '\t')
			d++;
		/* the value is the rest, without the length octet of a
		 * character-string (RFC 8659 4.1) */
		struct cur_wr tmp = {o->p, o->cap, o->off, o->bad};
		if (!char_string(&tmp, &d, flags) || *d)
			return false;
		if (tmp.bad) {
			o->bad = true;
			return true;
		}
		size_t vl = tmp.off - o->off - 1;
		memmove(o->p + o->off, o->p + o->off + 1, vl);
		o->off += vl;
		return true;
	}
	default:
		return false;
	}
}

bool dns_wire_rdata_valid(uint16_t type, const char *value, unsigned flags)
{
	switch (type) {
	case DNS_T_A:
	case DNS_T_AAAA:
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
	case DNS_T_MX:
	case DNS_T_SRV:
	case DNS_T_SOA:
	case DNS_T_TXT:
	case DNS_T_SPF:
	case DNS_T_CAA: {
		/* written nowhere: a cursor without room only parses */
		struct cur_wr o = {NULL, 0, 0, false};
		return value && rdata(&o, type, value, flags);
	}
	default:
		return true;
	}
}

/* One record; false when its data cannot be written (nothing written). */
static bool put_rr(struct cur_wr *o, const struct dns_wire_rr *rr, const struct dns_name *qname,
		   unsigned flags)
{
	size_t mark = o->off;
	if (qname && dns_name_equal(rr->owner, qname))
		cur_put16(o, 0xC000 | DNS_WIRE_HEADER); /* the question's name */
	else
		cur_put(o, rr->owner->wire, rr->owner->len);
	cur_put16(o, rr->type);
	cur_put16(o, 1);
	cur_put32(o, rr->ttl);
	size_t len_at = o->off;
	cur_put16(o, 0);
	bool ok = rr->data && rdata(o, rr->type, rr->data, flags);
	if (!ok || o->bad) {
		o->off = mark;
		return ok;
	}
	size_t rdlen = o->off - len_at - 2;
	if (rdlen > 65535) {
		o->off = mark;
		return false;
	}
	put16_at(o->p, len_at, (uint16_t)rdlen);
	return true;
}

size_t dns_wire_reply(const struct dns_wire_query *q, const struct dns_wire_reply *r, uint8_t *out,
		      size_t cap, int *bad)
{
	if (bad)
		*bad = -1;
	if (!q || !r || !out)
		return 0;
	size_t ede_len = r->ede_text ? strlen(r->ede_text) : 0;
	if (ede_len > 256)
		ede_len = 256;
	size_t ecs_len = q->ecs ? 4 + 4 + (q->ecs_source + 7u) / 8u : 0;
	size_t opt = q->edns ? 11 + (r->ede_text ? 6 + ede_len : 0) + ecs_len : 0;
	if (cap < DNS_WIRE_HEADER + opt)
		return 0;
	struct cur_wr o = {out, cap - opt, 0, false};
	unsigned rc = (unsigned)r->rcode & 0xFFF;
	uint16_t flags = (uint16_t)(0x8000 | (unsigned)q->opcode << 11 | (r->aa ? 0x0400 : 0) |
				    (q->rd ? 0x0100 : 0) | (r->ra ? 0x0080 : 0) |
				    (q->cd ? 0x0010 : 0) | (rc & 0xF));
	cur_put16(&o, q->id);
	cur_put16(&o, flags);
	cur_put16(&o, q->has_question);
	cur_put16(&o, 0);
	cur_put16(&o, 0);
	cur_put16(&o, 0);
	if (q->has_question) {
		cur_put(&o, q->qname_raw, q->qname.len);
		cur_put16(&o, q->qtype);
		cur_put16(&o, q->qclass);
	}
	if (o.bad)
		return 0;
	const struct dns_name *qn = q->has_question ? &q->qname : NULL;
	uint16_t n_an = 0, n_ns = 0;
	bool tc = false;
	for (uint32_t i = 0; i < r->n_an && !tc; i++) {
		if (!put_rr(&o, &r->an[i], qn, r->name_flags)) {
			if (bad && *bad < 0)
				*bad = (int)i;
			continue;
		}
		if (o.bad)
			tc = true;
		else
			n_an++;
	}
	for (uint32_t i = 0; i < r->n_ns && !tc; i++) {
		if (put_rr(&o, &r->ns[i], qn, r->name_flags) && !o.bad)
			n_ns++;
		else if (o.bad)
			tc = true;
	}
	uint16_t n_ar = 0;
	for (uint32_t i = 0; i < r->n_ar && !tc; i++) {
		if (put_rr(&o, &r->ar[i], qn, r->name_flags) && !o.bad)
			n_ar++;
		else if (o.bad)
			tc = true;
	}
	o.bad = false;
	o.cap = cap;
	if (q->edns) {
		cur_put8(&o, 0);
		cur_put16(&o, 41);
		cur_put16(&o, DNS_WIRE_UDP_MAX);
		cur_put32(&o, (uint32_t)(rc >> 4) << 24 | (q->edns_do ? 0x8000u : 0));
		cur_put16(&o, (uint16_t)((r->ede_text ? 6 + ede_len : 0) + ecs_len));
		if (r->ede_text) {
			cur_put16(&o, 15); /* EDE, RFC 8914 */
			cur_put16(&o, (uint16_t)(2 + ede_len));
			cur_put16(&o, r->ede);
			cur_put(&o, r->ede_text, ede_len);
		}
		if (q->ecs) {
			/* RFC 7871 7.2.1: the client's option back, SCOPE as wide as
			 * its SOURCE (the answer holds for that subnet) */
			unsigned need = (q->ecs_source + 7u) / 8u;
			cur_put16(&o, 8);
			cur_put16(&o, (uint16_t)(4 + need));
			cur_put16(&o, q->ecs_family);
			cur_put8(&o, q->ecs_source);
			cur_put8(&o, q->ecs_source);
			cur_put(&o, q->ecs_addr, need);
		}
		n_ar++;
	}
	if (tc)
		flags |= 0x0200;
	put16_at(out, 2, flags);
	put16_at(out, 6, n_an);
	put16_at(out, 8, n_ns);
	put16_at(out, 10, n_ar);
	return o.off;
}
