/*
 * DOC: trace result -> JSON, exactly DESIGN.md "Trace JSON": the one writer
 *
 *   {"reachable", "flow": {src, dst, protocol, src_port, dst_port},
 *    "forward": {reachable, hops: [HOP], explanations: [EXPL]}, "return": {...}}
 *   HOP  = {seq, component: {id, type}, action, detail: {...}, packet: {src, dst, src_port, dst_port}}
 *   EXPL = {code, component: {id, type}, direction, message}
 *
 * Additions that keep the contract: "flow" echoes "from"/"to" as asked; a
 * component carries its Name tag as "name" when it has one; ICMP packets
 * have "src_port"/"dst_port" null plus "icmp_type"/"icmp_code"; a path that
 * did not fit sets "truncated"; "direction" is null where none applies
 * (a route, a gateway); "flow" carries the packet "size" checked against
 * each path's "mtu" {path, limited_by}; a hop that sets an MTU says it in
 * detail.mtu; an explanation that does not block carries "informational";
 * a TGW route table / VGW / DX gateway / site hop's detail is the
 * effective route taken (route/rib.h) and the candidates that lost.
 *
 * Written straight into a caller's buffer, compact, with no tree and no
 * allocation: what `vpcsim trace --batch` prints per flow, and what every
 * other trace JSON is made from (trace_json.c parses it into a cJSON tree
 * for pretty printing).  Building a cJSON tree by hand, printing it and
 * deleting it cost about 18 times trace_run() itself (bench/bench_trace.c).
 *
 * The output is canonical compact JSON as cJSON 1.7 prints it, so parsing
 * it and printing it back unformatted gives the same bytes (checked on
 * every scenario flow, in the fuzz harness and in
 * tests/unit/test_trace_json.c):
 *  - a NULL string is no key at all (cJSON_AddStringToObject() of NULL);
 *  - every number here is an integer, printed as its decimal digits
 *    (cJSON: "%d", or "%1.15g" above INT_MAX, the same text below 10^15);
 *  - strings escape " \ \b \f \n \r \t and other bytes below 0x20 as
 *    \u00xx (lowercase hex), and pass every other byte through (0x7f and
 *    UTF-8 included), as print_string_ptr() does.
 * Addresses and prefixes are net_addr_fmt()/net_prefix_fmt() text; IPv4
 * is formatted here the way inet_ntop() does, without its sprintf.
 */
#include <stdio.h>
#include <string.h>

#include "vpcsim/trace.h"

/* The output so far: bytes beyond @cap are counted, not written, so the
 * caller learns the size it needs (snprintf's contract).  jw_key() and
 * jw_string() write straight into the buffer when their worst case fits,
 * and byte by byte, counting, near the end of a buffer that is too small. */
struct jw {
	char *buf;
	size_t cap; /* writable bytes, the terminating NUL excluded */
	size_t len; /* bytes the document needs so far */
	bool first; /* no member/element yet in the innermost object/array */
};

/* The small writers are inlined where they are called: a key is a
 * literal, so its length is known when compiling and its copy is a few
 * moves (a quarter of the writer's time when they are calls). */
#if defined(__GNUC__)
#define JW_INLINE inline __attribute__((always_inline))
#else
#define JW_INLINE inline
#endif

/* The bytes print_string_ptr() escapes, each as '\\' and the character here:
 * 'u' for \u00xx, else the letter of a two-character escape. */
/* clang-format off */
static const char jw_esc[256] = {
	'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
	'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
	0, 0, '"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\\', 0, 0, 0,
};
/* clang-format on */

static JW_INLINE bool jw_room(const struct jw *w, size_t n)
{
	return w->len <= w->cap && w->cap - w->len >= n;
}

static void jw_put(struct jw *w, const char *s, size_t n)
{
	if (w->len < w->cap) {
		size_t room = w->cap - w->len;
		memcpy(w->buf + w->len, s, n < room ? n : room);
	}
	w->len += n;
}

static void jw_putc(struct jw *w, char c)
{
	if (w->len < w->cap)
		w->buf[w->len] = c;
	w->len++;
}

/* The escape of byte @c (jw_esc[c] != 0) into @o; returns its length. */
static size_t jw_escape(unsigned char c, char *o)
{
	static const char hex[] = "0123456789abcdef";
	o[0] = '\\';
	o[1] = jw_esc[c];
	if (o[1] != 'u')
		return 2;
	o[2] = '0';
	o[3] = '0';
	o[4] = hex[c >> 4];
	o[5] = hex[c & 15];
	return 6;
}

/* cJSON's print_string_ptr(). */
static void jw_string(struct jw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	if (jw_room(w, 6 * n + 2)) {
		char *o = w->buf + w->len, *start = o;
		*o++ = '"';
		for (; *p; p++) {
			if (jw_esc[*p])
				o += jw_escape(*p, o);
			else
				*o++ = (char)*p;
		}
		*o++ = '"';
		w->len += (size_t)(o - start);
		return;
	}
	jw_putc(w, '"');
	for (; *p; p++) {
		char e[6];
		if (jw_esc[*p])
			jw_put(w, e, jw_escape(*p, e));
		else
			jw_putc(w, (char)*p);
	}
	jw_putc(w, '"');
}

/* Every number of the trace is an integer within int64 (see the DOC). */
static void jw_number(struct jw *w, int64_t v)
{
	char t[24];
	size_t i = sizeof(t);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		t[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		t[--i] = '-';
	jw_put(w, t + i, sizeof(t) - i);
}

static void jw_open(struct jw *w, char c)
{
	jw_putc(w, c);
	w->first = true;
}

/* A closed object/array is a member of its parent: the parent is not empty. */
static void jw_close(struct jw *w, char c)
{
	jw_putc(w, c);
	w->first = false;
}

/* The separator before an array element. */
static void jw_elem(struct jw *w)
{
	if (!w->first)
		jw_putc(w, ',');
	w->first = false;
}

static void jw_key_slow(struct jw *w, const char *k, size_t n)
{
	jw_elem(w);
	jw_putc(w, '"');
	jw_put(w, k, n);
	jw_put(w, "\":", 2);
}

/* The keys are literals of this file that need no escaping. */
static JW_INLINE void jw_key(struct jw *w, const char *k)
{
	size_t n = strlen(k);
	if (!jw_room(w, n + 4)) {
		jw_key_slow(w, k, n);
		return;
	}
	char *o = w->buf + w->len;
	size_t i = !w->first; /* after a ',' unless first */
	o[0] = ',';
	o[i] = '"';
	memcpy(o + i + 1, k, n);
	o[i + 1 + n] = '"';
	o[i + 2 + n] = ':';
	w->len += i + 3 + n;
	w->first = false;
}

/* cJSON_AddStringToObject(): NULL adds nothing. */
static JW_INLINE void jw_add_str(struct jw *w, const char *k, const char *v)
{
	if (!v)
		return;
	jw_key(w, k);
	jw_string(w, v);
}

static JW_INLINE void jw_add_null(struct jw *w, const char *k)
{
	jw_key(w, k);
	jw_put(w, "null", 4);
}

static JW_INLINE void jw_add_num(struct jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_number(w, v);
}

static JW_INLINE void jw_add_bool(struct jw *w, const char *k, bool v)
{
	jw_key(w, k);
	if (v)
		jw_put(w, "true", 4);
	else
		jw_put(w, "false", 5);
}

/* ---- the document, section by section ---- */

static JW_INLINE void jw_str(struct jw *w, const char *k, const char *v)
{
	if (v)
		jw_add_str(w, k, v);
	else
		jw_add_null(w, k);
}

/* Decimal digits of @v at @o; returns their count. */
static size_t jw_u8_text(uint8_t v, char *o)
{
	size_t n = 0;
	if (v >= 100)
		o[n++] = (char)('0' + v / 100);
	if (v >= 10)
		o[n++] = (char)('0' + v / 10 % 10);
	o[n++] = (char)('0' + v % 10);
	return n;
}

/* net_addr_fmt() into @buf, returning the length: an IPv4 address
 * formatted here, as inet_ntop() does ("%u.%u.%u.%u"), for inet_ntop()
 * goes through sprintf -- a quarter of the writer's time. */
static size_t jw_addr_text(const struct net_addr *a, char buf[NET_PREFIX_STRLEN])
{
	if (a->af != NET_AF_INET)
		return strlen(net_addr_fmt(a, buf));
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		if (i)
			buf[n++] = '.';
		n += jw_u8_text(a->b[i], buf + n);
	}
	buf[n] = '\0';
	return n;
}

/* An address or prefix text as a string value: it needs no escaping. */
static JW_INLINE void jw_add_text(struct jw *w, const char *k, const char *v, size_t n)
{
	jw_key(w, k);
	jw_putc(w, '"');
	jw_put(w, v, n);
	jw_putc(w, '"');
}

static void jw_addr(struct jw *w, const char *k, const struct net_addr *a)
{
	char buf[NET_PREFIX_STRLEN];
	if (!a->af) {
		jw_add_null(w, k);
		return;
	}
	jw_add_text(w, k, buf, jw_addr_text(a, buf));
}

/* net_prefix_fmt(): the address, "/", the length. */
static void jw_pfx(struct jw *w, const char *k, const struct net_prefix *p)
{
	char buf[NET_PREFIX_STRLEN + 4];
	if (!p->addr.af) {
		jw_add_null(w, k);
		return;
	}
	size_t n = jw_addr_text(&p->addr, buf);
	buf[n++] = '/';
	n += jw_u8_text(p->len, buf + n);
	if (n > NET_PREFIX_STRLEN - 1) /* where net_prefix_fmt()'s snprintf would cut it */
		n = NET_PREFIX_STRLEN - 1;
	jw_add_text(w, k, buf, n);
}

static bool jw_is_icmp(uint8_t proto)
{
	return proto == ACL_PROTO_ICMP || proto == ACL_PROTO_ICMPV6;
}

static bool jw_has_ports(uint8_t proto)
{
	return proto == ACL_PROTO_TCP || proto == ACL_PROTO_UDP;
}

static void jw_ports(struct jw *w, const struct acl_pkt *p)
{
	if (jw_has_ports(p->proto)) {
		jw_add_num(w, "src_port", p->sport);
		jw_add_num(w, "dst_port", p->dport);
	} else {
		jw_add_null(w, "src_port");
		jw_add_null(w, "dst_port");
	}
	if (jw_is_icmp(p->proto)) {
		jw_add_num(w, "icmp_type", p->icmp_type);
		jw_add_num(w, "icmp_code", p->icmp_code);
	}
}

/* An object value: the caller has written its key or element separator. */
static void jw_comp(struct jw *w, const struct trace_comp *c)
{
	jw_open(w, '{');
	jw_add_str(w, "id", c->id);
	jw_add_str(w, "type", c->type ? c->type : "unknown");
	if (c->name)
		jw_add_str(w, "name", c->name);
	jw_close(w, '}');
}

static void jw_proto(struct jw *w, const char *k, int proto)
{
	char buf[8];
	jw_str(w, k, proto < 0 ? "all" : trace_proto_text((uint8_t)proto, buf));
}

static void jw_sg_rule(struct jw *w, const struct model_sg_rule *r)
{
	jw_open(w, '{');
	jw_proto(w, "protocol", r->proto);
	if (r->proto == ACL_PROTO_TCP || r->proto == ACL_PROTO_UDP) {
		jw_add_num(w, "from_port", r->from);
		jw_add_num(w, "to_port", r->to);
	} else if (r->proto == ACL_PROTO_ICMP || r->proto == ACL_PROTO_ICMPV6) {
		jw_add_num(w, "icmp_type", r->from);
		jw_add_num(w, "icmp_code", r->to);
	}
	switch (r->peer_type) {
	case SG_PEER_CIDR4:
	case SG_PEER_CIDR6:
		jw_add_str(w, "peer_type", "cidr");
		if (r->cidr.text)
			jw_add_str(w, "peer", r->cidr.text);
		else
			jw_pfx(w, "peer", &r->cidr.pfx);
		break;
	case SG_PEER_PL:
		jw_add_str(w, "peer_type", "prefix-list");
		jw_str(w, "peer", r->peer_id);
		break;
	case SG_PEER_SG:
		jw_add_str(w, "peer_type", "security-group");
		jw_str(w, "peer", r->peer_id);
		break;
	}
	if (r->description)
		jw_add_str(w, "description", r->description);
	jw_close(w, '}');
}

static void jw_detail_sg(struct jw *w, const struct trace_hop *h)
{
	if (h->stateful) {
		jw_add_bool(w, "stateful", true);
		return;
	}
	if (h->sg_rule) {
		jw_str(w, "security_group", h->sg ? h->sg->obj.id : NULL);
		jw_key(w, "rule");
		jw_sg_rule(w, h->sg_rule);
	} else {
		jw_add_null(w, "security_group");
		jw_add_null(w, "rule");
	}
}

static void jw_detail_nacl(struct jw *w, const struct trace_hop *h)
{
	jw_str(w, "network_acl", h->nacl ? h->nacl->obj.id : NULL);
	jw_str(w, "subnet", h->subnet ? h->subnet->obj.id : NULL);
	const struct model_nacl_entry *e = h->nacl_entry;
	if (!e) {
		jw_add_str(w, "rule_number", "*");
		jw_add_str(w, "rule_action", "deny");
		return;
	}
	jw_add_num(w, "rule_number", e->rule_number);
	jw_add_str(w, "rule_action", e->allow ? "allow" : "deny");
	jw_proto(w, "protocol", e->proto);
	if (e->cidr.text)
		jw_add_str(w, "cidr", e->cidr.text);
	else
		jw_pfx(w, "cidr", &e->cidr.pfx);
	if (e->has_ports) {
		jw_key(w, "port_range");
		jw_open(w, '{');
		jw_add_num(w, "from", e->port_from);
		jw_add_num(w, "to", e->port_to);
		jw_close(w, '}');
	}
	if (e->has_icmp) {
		jw_add_num(w, "icmp_type", e->icmp_type);
		jw_add_num(w, "icmp_code", e->icmp_code);
	}
}

static const char *jw_route_dst(const struct model_route *r)
{
	if (r->dst.pfx.addr.af == NET_AF_NONE)
		return r->dst_pl_id;
	return r->dst.text;
}

static void jw_route_common(struct jw *w, const struct model_route *r, const struct net_prefix *pfx)
{
	if (jw_route_dst(r))
		jw_add_str(w, "destination", jw_route_dst(r));
	else
		jw_pfx(w, "destination", &r->dst.pfx);
	jw_pfx(w, "matched_prefix", pfx);
	jw_str(w, "target", r->target_id);
	jw_add_str(w, "target_type", model_target_name(r->target));
	jw_add_str(w, "origin", route_class_name(route_vpc_class(r)));
	jw_add_str(w, "state", r->blackhole ? "blackhole" : "active");
}

static void jw_detail_route(struct jw *w, const struct trace_hop *h)
{
	jw_str(w, "route_table", h->rtb ? h->rtb->obj.id : NULL);
	if (h->subnet)
		jw_add_str(w, "subnet", h->subnet->obj.id);
	if (!h->route) {
		jw_add_null(w, "route");
		return;
	}
	jw_key(w, "route");
	jw_open(w, '{');
	jw_route_common(w, h->route, &h->route_pfx);
	jw_close(w, '}');
	jw_key(w, "not_chosen");
	jw_open(w, '[');
	for (uint32_t i = 0; i < h->n_lost; i++) {
		jw_elem(w);
		jw_open(w, '{');
		jw_route_common(w, h->lost[i].route, &h->lost[i].pfx);
		jw_add_str(w, "reason", route_reason_code(h->lost[i].why));
		jw_close(w, '}');
	}
	jw_close(w, ']');
	if (h->n_lost_total > h->n_lost)
		jw_add_num(w, "not_chosen_total", h->n_lost_total);
}

/* The members of one rib route (the caller opens and closes the object). */
static void jw_rib_route(struct jw *w, const struct rib_route *r)
{
	jw_pfx(w, "destination", &r->attr.pfx);
	jw_add_str(w, "origin", bgp_origin_name(r->attr.origin));
	if (r->blackhole) {
		jw_add_null(w, "next_hop");
	} else if (r->nh) {
		jw_key(w, "next_hop");
		jw_open(w, '{');
		jw_add_str(w, "id", r->nh->id);
		jw_add_str(w, "type", model_kind_name(r->nh->kind));
		jw_close(w, '}');
	}
	jw_add_str(w, "state", r->blackhole ? "blackhole" : "active");
	jw_key(w, "as_path");
	jw_open(w, '[');
	for (uint32_t i = 0; i < r->attr.as_path_len; i++) {
		jw_elem(w);
		jw_number(w, r->attr.as_path[i]);
	}
	jw_close(w, ']');
	if (r->via)
		jw_add_str(w, "via", r->via->id);
	if (r->site)
		jw_add_str(w, "site", r->site->obj.id);
}

static void jw_detail_rib(struct jw *w, const struct trace_hop *h)
{
	const struct rib_route *r = h->rib_route;
	if (!r) {
		jw_add_null(w, "route");
		return;
	}
	jw_key(w, "route");
	jw_open(w, '{');
	jw_rib_route(w, r);
	jw_close(w, '}');
	if (h->n_ecmp > 1)
		jw_add_num(w, "ecmp_paths", h->n_ecmp);
	jw_key(w, "not_chosen");
	jw_open(w, '[');
	for (uint32_t i = 0; h->rib && i < h->rib->n_routes; i++) {
		const struct rib_route *x = &h->rib->routes[i];
		if (x == r || !net_prefix_eq(&x->attr.pfx, &r->attr.pfx) || rib_installed(x))
			continue;
		jw_elem(w);
		jw_open(w, '{');
		jw_rib_route(w, x);
		jw_add_str(w, "reason", rib_why_text(x));
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* A load balancer node: what its listener, rule and target group chose. */
/* A translation, alone (TRACE_D_XLATE) or by a load balancer node. */
static void jw_detail_xlate(struct jw *w, const struct trace_hop *h)
{
	jw_add_str(w, "translation", h->xlate_src ? "source" : "destination");
	jw_addr(w, "from", &h->xlate_from);
	jw_addr(w, "to", &h->xlate_to);
}

static void jw_detail_lb(struct jw *w, const struct trace_hop *h)
{
	if (h->lb_listener) {
		jw_key(w, "listener");
		jw_open(w, '{');
		jw_str(w, "arn", h->lb_listener->arn);
		jw_add_num(w, "port", h->lb_listener->port);
		jw_str(w, "protocol", h->lb_listener->protocol);
		jw_close(w, '}');
	}
	if (h->lb_rule) {
		jw_key(w, "rule");
		jw_open(w, '{');
		jw_str(w, "arn", h->lb_rule->arn);
		if (h->lb_rule->is_default)
			jw_add_str(w, "priority", "default");
		else
			jw_add_num(w, "priority", h->lb_rule->priority);
		jw_close(w, '}');
	}
	if (h->lb_action)
		jw_str(w, "rule_action", h->lb_action->type);
	if (h->lb_tg) {
		jw_key(w, "target_group");
		jw_open(w, '{');
		jw_add_str(w, "id", h->lb_tg->obj.id);
		jw_str(w, "name", h->lb_tg->obj.name);
		jw_close(w, '}');
		jw_add_num(w, "targets_routable", h->lb_n_targets);
	}
	if (h->lb_target) {
		jw_key(w, "target");
		jw_open(w, '{');
		jw_str(w, "id", h->lb_target->id);
		jw_add_num(w, "port", h->xport_to);
		jw_str(w, "health", h->lb_target_health);
		jw_close(w, '}');
	}
	if (h->lb_target || h->xlate_src) {
		jw_add_bool(w, "client_ip_preserved", h->lb_client_ip);
		jw_detail_xlate(w, h);
	}
}

static void jw_detail_peering(struct jw *w, const struct trace_hop *h)
{
	jw_str(w, "peer_vpc", h->peer_vpc_id);
}

static void jw_detail_service(struct jw *w, const struct trace_hop *h)
{
	jw_add_str(w, "service", h->comp.id);
}

/* What each kind of hop adds to its "detail" object; a gateway passed
 * without translation, a host outside the snapshot and a plain hop add
 * nothing of their own. */
static void (*const jw_details[])(struct jw *w, const struct trace_hop *h) = {
	[TRACE_D_SG] = jw_detail_sg,           [TRACE_D_NACL] = jw_detail_nacl,
	[TRACE_D_ROUTE] = jw_detail_route,     [TRACE_D_XLATE] = jw_detail_xlate,
	[TRACE_D_PEERING] = jw_detail_peering, [TRACE_D_SERVICE] = jw_detail_service,
	[TRACE_D_RIB] = jw_detail_rib,         [TRACE_D_LB] = jw_detail_lb,
};

static void jw_hop(struct jw *w, const struct trace_hop *h)
{
	jw_open(w, '{');
	jw_add_num(w, "seq", h->seq);
	jw_key(w, "component");
	jw_comp(w, &h->comp);
	jw_add_str(w, "action", h->action ? h->action : "forwarded");
	jw_key(w, "detail");
	jw_open(w, '{');
	if (h->dir != TRACE_DIR_NONE)
		jw_add_str(w, "direction", trace_dir_name(h->dir));
	if ((unsigned)h->kind < sizeof(jw_details) / sizeof(jw_details[0]) && jw_details[h->kind])
		jw_details[h->kind](w, h);
	if (h->stateful && h->kind != TRACE_D_SG)
		jw_add_bool(w, "stateful", true);
	if (h->subnet && (h->kind == TRACE_D_GATEWAY || h->kind == TRACE_D_LB))
		jw_add_str(w, "subnet", h->subnet->obj.id);
	if (h->mtu)
		jw_add_num(w, "mtu", h->mtu);
	if (h->note)
		jw_add_str(w, "note", h->note);
	jw_close(w, '}');
	jw_key(w, "packet");
	jw_open(w, '{');
	jw_addr(w, "src", &h->pkt.src);
	jw_addr(w, "dst", &h->pkt.dst);
	jw_ports(w, &h->pkt);
	jw_close(w, '}');
	jw_close(w, '}');
}

static void jw_expl(struct jw *w, const struct trace_expl *e)
{
	jw_open(w, '{');
	jw_add_str(w, "code", e->code);
	jw_key(w, "component");
	jw_comp(w, &e->comp);
	jw_str(w, "direction", trace_dir_name(e->dir));
	jw_add_str(w, "message", e->msg);
	if (e->info)
		jw_add_bool(w, "informational", true);
	jw_close(w, '}');
}

static void jw_path(struct jw *w, const struct trace_path *pa)
{
	jw_open(w, '{');
	jw_add_bool(w, "reachable", pa->reachable);
	jw_key(w, "hops");
	jw_open(w, '[');
	for (uint32_t i = 0; i < pa->n_hops; i++) {
		jw_elem(w);
		jw_hop(w, &pa->hops[i]);
	}
	jw_close(w, ']');
	jw_key(w, "explanations");
	jw_open(w, '[');
	for (uint32_t i = 0; i < pa->n_expl; i++) {
		jw_elem(w);
		jw_expl(w, &pa->expl[i]);
	}
	jw_close(w, ']');
	if (pa->truncated)
		jw_add_bool(w, "truncated", true);
	if (pa->evaluated && pa->mtu) {
		jw_key(w, "mtu");
		jw_open(w, '{');
		jw_add_num(w, "path", pa->mtu);
		jw_key(w, "limited_by");
		jw_comp(w, &pa->mtu_comp);
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

size_t trace_result_json_write(const struct trace_result *r, char *buf, size_t cap)
{
	struct jw w = {buf, cap ? cap - 1 : 0, 0, true};
	jw_open(&w, '{');
	jw_add_bool(&w, "reachable", r->reachable);
	jw_key(&w, "flow");
	jw_open(&w, '{');
	jw_add_str(&w, "src", r->src_text);
	jw_add_str(&w, "dst", r->dst_text);
	jw_proto(&w, "protocol", r->flow.proto);
	jw_ports(&w, &r->flow);
	jw_str(&w, "from", r->from);
	jw_str(&w, "to", r->to);
	jw_add_num(&w, "size", r->size);
	jw_close(&w, '}');
	jw_key(&w, "forward");
	jw_path(&w, &r->fwd);
	jw_key(&w, "return");
	jw_path(&w, &r->ret);
	jw_close(&w, '}');
	if (cap)
		buf[w.len < w.cap ? w.len : w.cap] = '\0';
	return w.len;
}
