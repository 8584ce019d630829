/*
 * DOC: one DNS message answered from the model (vpcsim/dns.h,
 * dns_sim_answer_wire())
 *
 * wire.h reads the query; resolve.h answers it from the place the server
 * plays; wire.h writes the reply.  What the place's resolver is decides
 * the header: from a VPC it is Route 53 Resolver, a recursive resolver (RA
 * set, AA clear, as the VPC's Amazon DNS server answers); from the
 * internet it is Route 53's authoritative servers for the public zones (AA
 * set, no recursion; REFUSED with extended DNS error 20, Not
 * Authoritative, for a name none of its zones holds, as an authoritative
 * server answers names it is not authoritative for; a referral -- the NS
 * RRset and its glue, AA clear -- for a name below a delegation to servers
 * outside the snapshot).  Negative answers carry the zone's SOA in the
 * authority section with the negative TTL (RFC 2308 3 and 5).  Outcomes
 * the snapshot cannot decide are SERVFAIL with an extended DNS error of
 * code 0 (Other) whose text says what a real resolver would do next.
 * Error replies (FORMERR, NOTIMP, REFUSED, SERVFAIL, BADVERS) never set AA
 * (RFC 1035 4.1.1: AA only from an authority for the question's name,
 * answering from it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns_model.h"
#include "dns/wire.h"
#include "vpcsim/error.h"

int dns_sim_check_from(const struct dns_sim *s, const char *from, char *err, size_t errlen)
{
	const char *vpc;
	return s ? dns_sim_where(s, from, &vpc, NULL, err, errlen) : VS_EINVAL;
}

/* The SOA of the zone that gave the negative answer @r, or NULL. */
static const char *negative_soa(const struct dns_result *r, struct dns_name *owner)
{
	for (uint32_t i = r->n_steps; i-- > 0;) {
		const struct dns_step *st = &r->steps[i];
		const struct dns_zone_in *z = st->zone;
		if (!z || (st->kind != DNS_STEP_LOOKUP && st->kind != DNS_STEP_NO_FALLBACK))
			continue;
		if (dns_name_parse(owner, z->name, DNS_NAME_OCTAL))
			return NULL;
		for (uint32_t k = 0; k < z->n_rrsets; k++) {
			const struct dns_rrset_in *rs = &z->rrsets[k];
			struct dns_name n;
			if (rs->type == DNS_T_SOA && rs->n_values &&
			    !dns_name_parse(&n, rs->name, DNS_NAME_OCTAL) &&
			    dns_name_equal(&n, owner))
				return rs->values[0];
		}
		return NULL;
	}
	return NULL;
}

#define DNS_REFERRAL_MAX 16 /* NS records of a delegation, and glue records, written */

/* A referral: the delegation's NS RRset and the zone's addresses of its
 * name servers. */
struct referral {
	struct dns_name cut;
	struct dns_wire_rr ns[DNS_REFERRAL_MAX], glue[DNS_REFERRAL_MAX];
	struct dns_name glue_owner[DNS_REFERRAL_MAX];
	uint32_t n_ns, n_glue;
};

/* The name @text of a record set or value equals @n. */
static bool name_is(const char *text, const struct dns_name *n)
{
	struct dns_name x;
	return text && !dns_name_parse(&x, text, DNS_NAME_OCTAL) && dns_name_equal(&x, n);
}

/*
 * RFC 1034 4.3.2 step 3b, for the referral @r (the internet's view stopped
 * at a cut of a public zone): the NS RRset at the cut, and the A and AAAA
 * records the zone holds for the names it lists (glue, RFC 9471).  False
 * when the steps do not say where (the step list was full) or the zone has
 * no NS value there.
 */
static bool referral_of(const struct dns_result *r, struct referral *ref)
{
	const struct dns_zone_in *z = NULL;
	for (uint32_t i = r->n_steps; i-- > 0 && !z;) {
		const struct dns_step *st = &r->steps[i];
		if (st->kind == DNS_STEP_OUTSIDE && st->zone) {
			z = st->zone;
			ref->cut = st->target;
		}
	}
	ref->n_ns = ref->n_glue = 0;
	if (!z)
		return false;
	for (uint32_t k = 0; k < z->n_rrsets; k++) {
		const struct dns_rrset_in *rs = &z->rrsets[k];
		if (rs->type != DNS_T_NS || rs->alias || !name_is(rs->name, &ref->cut))
			continue;
		for (uint32_t v = 0; v < rs->n_values && ref->n_ns < DNS_REFERRAL_MAX; v++)
			ref->ns[ref->n_ns++] =
				(struct dns_wire_rr){&ref->cut, DNS_T_NS, rs->ttl, rs->values[v]};
	}
	for (uint32_t i = 0; i < ref->n_ns; i++) {
		struct dns_name host;
		if (dns_name_parse(&host, ref->ns[i].data, DNS_NAME_OCTAL))
			continue;
		for (uint32_t k = 0; k < z->n_rrsets; k++) {
			const struct dns_rrset_in *rs = &z->rrsets[k];
			if ((rs->type != DNS_T_A && rs->type != DNS_T_AAAA) || rs->alias ||
			    !name_is(rs->name, &host))
				continue;
			for (uint32_t v = 0; v < rs->n_values && ref->n_glue < DNS_REFERRAL_MAX;
			     v++) {
				ref->glue_owner[ref->n_glue] = host;
				ref->glue[ref->n_glue] =
					(struct dns_wire_rr){&ref->glue_owner[ref->n_glue],
							     rs->type, rs->ttl, rs->values[v]};
				ref->n_glue++;
			}
		}
	}
	return ref->n_ns > 0;
}

/* Whether a DNS Firewall BLOCK rule decided @r (the last firewall step
 * chosen): then @text says which. */
static bool firewall_blocked(const struct dns_result *r, char *text, size_t len)
{
	for (uint32_t i = r->n_steps; i-- > 0;) {
		const struct dns_step *st = &r->steps[i];
		if (st->kind != DNS_STEP_FIREWALL || !st->chosen || !st->fw_rule)
			continue;
		if (st->fw_rule->action != DNS_FW_BLOCK)
			return false;
		snprintf(text, len, "vpcsim: DNS Firewall rule %s (priority %lld) of %s blocks it",
			 st->fw_rule->name ? st->fw_rule->name : "-",
			 (long long)st->fw_rule->priority, st->fw_rule->group_id);
		return true;
	}
	return false;
}

/* The reply's rcode and extended error for an outcome the snapshot cannot
 * give a plain answer to. */
static void undecided(const struct dns_reply *rep, bool internet, struct dns_wire_reply *w,
		      char *text, size_t len)
{
	const struct dns_result *r = &rep->r;
	w->rcode = DNS_WIRE_SERVFAIL;
	w->ede = 0; /* Other (RFC 8914 4.1) */
	switch (r->outcome) {
	case DNS_OUT_FORWARDED: {
		bool reach = false;
		for (uint32_t i = 0; i < rep->n_paths; i++)
			reach |= rep->paths[i].traced && rep->paths[i].reachable;
		const struct dns_fwd_path *p = rep->n_paths ? &rep->paths[0] : NULL;
		if (p && !reach)
			snprintf(text, len,
				 "vpcsim: Resolver rule %s forwards the query, but its outbound "
				 "endpoint reaches no target (%s -> %s: %s)",
				 r->forward_rule && r->forward_rule->id ? r->forward_rule->id : "?",
				 p->from, p->target ? p->target : "?",
				 p->code ? p->code :
				 p->note ? p->note :
					   "not reachable");
		else
			snprintf(text, len,
				 "vpcsim: Resolver rule %s forwards the query to servers outside "
				 "the "
				 "snapshot",
				 r->forward_rule && r->forward_rule->id ? r->forward_rule->id :
									  "?");
		break;
	}
	case DNS_OUT_REFERRAL:
		snprintf(text, len,
			 "vpcsim: a public zone delegates the name to name servers "
			 "outside the snapshot");
		break;
	case DNS_OUT_OUTSIDE:
		if (r->n_steps > 1 && r->steps[1].kind == DNS_STEP_DHCP) {
			snprintf(text, len,
				 "vpcsim: this host's DHCP options (%s) send its queries to other "
				 "servers than Route 53 Resolver",
				 r->steps[1].id ? r->steps[1].id : "?");
			break;
		}
		if (internet) {
			/* not authoritative for it: REFUSED, and the extended
			 * error says so (Not Authoritative, RFC 8914 4.21) */
			w->rcode = DNS_WIRE_REFUSED;
			w->ede = 20;
		}
		snprintf(text, len, "vpcsim: no hosted zone of the snapshot holds the name; %s",
			 internet ? "Route 53 is not authoritative for it" :
				    "Resolver would ask the internet, which vpcsim does not");
		break;
	case DNS_OUT_UNDECIDED:
		snprintf(text, len,
			 "vpcsim: latency, geolocation or IP-based routing needs the "
			 "client's Region, location or address (EDNS client subnet; see "
			 "vpcsim resolve --client-*)");
		break;
	case DNS_OUT_NO_SERVER:
		if (rep->in.site_id && !rep->in.endpoint_id) {
			const struct dns_fwd_path *p = rep->in.n_paths ? &rep->in.paths[0] : NULL;
			snprintf(text, len,
				 "vpcsim: no inbound endpoint address is reachable from site %s "
				 "(%s -> %s %s: %s)",
				 rep->in.site_id, rep->in.src, p ? p->endpoint_id : "-",
				 p ? p->target : "-",
				 p && p->code ? p->code :
				 p && p->note ? p->note :
						"not reachable");
			break;
		}
		snprintf(text, len,
			 "vpcsim: enableDnsSupport is false: the VPC's Amazon DNS "
			 "server does not answer");
		break;
	default:
		snprintf(text, len,
			 "vpcsim: the answer needs what the snapshot lacks (see "
			 "vpcsim resolve)");
		break;
	}
	w->ede_text = text;
}

size_t dns_sim_answer_wire(const struct dns_sim *s, const char *from, const uint8_t *msg,
			   size_t len, bool udp, uint8_t *out, size_t cap)
{
	return dns_sim_answer_wire_info(s, from, msg, len, udp, out, cap, NULL);
}

/* @info from the reply @out (@n octets) to @q, resolved as @rep (NULL: not
 * resolved, a FORMERR, NOTIMP ... reply). */
static void fill_info(const struct dns_sim *s, const struct dns_wire_query *q, int prc,
		      const struct dns_reply *rep, const uint8_t *out, size_t n,
		      struct dns_query_info *info)
{
	memset(info, 0, sizeof(*info));
	if (n < 4)
		return;
	static const char *const rcodes[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					     "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
					     "NXRRSET", "NOTAUTH", "NOTZONE"};
	unsigned rc = out[3] & 0x0Fu;
	snprintf(info->rcode, sizeof(info->rcode), "%s",
		 prc == DNS_WIRE_BADVERS ? "BADVERS" :
		 rc < 11                 ? rcodes[rc] :
					   "RCODE");
	if (q->qname.len == 0) /* no question was read */
		return;
	info->parsed = true;
	dns_name_to_text(&q->qname, info->qname, sizeof(info->qname), 0);
	char tb[16];
	snprintf(info->qtype, sizeof(info->qtype), "%s", dns_type_text(q->qtype, tb, sizeof(tb)));
	if (!rep)
		return;
	const struct model_obj *vo =
		rep->vpc_id ? model_find_kind(dns_sim_model(s), MODEL_VPC, rep->vpc_id) : NULL;
	info->vpc_id = rep->vpc_id;
	info->account = vo ? vo->account : NULL;
	info->region = vo ? vo->region : NULL;
	const struct model_obj *src = rep->from ? model_find(dns_sim_model(s), rep->from) : NULL;
	if (src && (src->kind == MODEL_INSTANCE || src->kind == MODEL_ENI))
		info->instance = src->id;
	info->inbound_endpoint = rep->in.endpoint_id;
	const struct dns_result *r = &rep->r;
	for (uint32_t i = r->n_steps; i-- > 0;) {
		const struct dns_step *st = &r->steps[i];
		if (st->kind == DNS_STEP_FIREWALL && st->chosen && st->fw_rule) {
			static const char *const act[] = {"ALLOW", "BLOCK", "ALERT"};
			info->fw_action = act[st->fw_rule->action];
			info->fw_group = st->fw_rule->group_id;
			info->fw_list = st->fw_rule->list_id;
			break;
		}
	}
	if (rc != DNS_WIRE_NOERROR && rc != DNS_WIRE_NXDOMAIN)
		return;
	for (uint32_t i = 0; i < r->n_answers && info->n_answers < DNS_INFO_MAX_ANSWERS; i++) {
		const struct dns_answer *a = &r->answers[i];
		snprintf(info->answers[info->n_answers].type, sizeof(info->answers[0].type), "%s",
			 dns_type_text(a->type, tb, sizeof(tb)));
		snprintf(info->answers[info->n_answers].data, sizeof(info->answers[0].data), "%s",
			 a->data ? a->data : "");
		info->n_answers++;
	}
}

size_t dns_sim_answer_wire_info(const struct dns_sim *s, const char *from, const uint8_t *msg,
				size_t len, bool udp, uint8_t *out, size_t cap,
				struct dns_query_info *info)
{
	if (info)
		memset(info, 0, sizeof(*info));
	if (!s || !msg || !out)
		return 0;
	struct dns_wire_query q;
	int prc = dns_wire_parse_query(msg, len, &q);
	if (prc == DNS_WIRE_DROP)
		return 0;
	size_t lim = udp ? (q.edns ? q.edns_size : DNS_WIRE_UDP_MIN) : DNS_WIRE_TCP_MAX;
	if (lim > DNS_WIRE_UDP_MAX && udp)
		lim = DNS_WIRE_UDP_MAX;
	if (lim > cap)
		lim = cap;
	/* not zeroed: 70 kB per message would cost more than answering it;
	 * dns_sim_where() sets rep->in, dns_sim_query() rep->q, dns_resolve()
	 * what it reports in rep->r */
	struct dns_reply *rep = malloc(sizeof(*rep));
	if (!rep)
		return 0;
	rep->n_paths = 0;
	rep->name[0] = rep->type_text[0] = '\0';
	const char *vpc = NULL;
	dns_sim_where(s, from, &vpc, &rep->in, NULL, 0);
	rep->sim = s;
	rep->from = from ? from : "internet";
	rep->vpc_id = vpc;
	/* AA only on an answer from a zone the internet's view is an authority
	 * for (RFC 1035 4.1.1): never from a VPC's recursive resolver, never
	 * on an error reply (a query refused or not understood, a failure) */
	struct dns_wire_reply w = {.rcode = (enum dns_wire_rcode)prc,
				   .aa = !vpc && prc == DNS_WIRE_NOERROR,
				   .ra = vpc != NULL,
				   .name_flags = DNS_NAME_OCTAL};
	if (prc != DNS_WIRE_NOERROR) {
		free(rep);
		size_t nn = dns_wire_reply(&q, &w, out, lim, NULL);
		if (info)
			fill_info(s, &q, prc, NULL, out, nn, info);
		return nn;
	}

	struct dns_result *r = &rep->r;
	struct dns_query dq;
	dns_sim_query(s, from, vpc, &rep->in, &q.qname, q.qtype, &dq);
	if (q.ecs) {
		/* the client subnet the resolver sent: IP-based routing's client
		 * (routing-policy-ipbased.html, RFC 7871) */
		dq.has_client_ip = true;
		memset(&dq.client_ip, 0, sizeof(dq.client_ip));
		dq.client_ip.af = q.ecs_family == 1 ? NET_AF_INET : NET_AF_INET6;
		memcpy(dq.client_ip.b, q.ecs_addr, q.ecs_family == 1 ? 4 : 16);
	}
	char text[200];
	struct dns_wire_rr an[DNS_MAX_ANSWERS], soa;
	struct referral ref;
	struct dns_name soa_owner;
	size_t n = 0;
	rep->q = dq;
	if (dns_resolve(dns_sim_view(s), &dq, r)) {
		w.rcode = DNS_WIRE_SERVFAIL;
		w.aa = false;
		n = dns_wire_reply(&q, &w, out, lim, NULL);
		if (info)
			fill_info(s, &q, prc, NULL, out, n, info);
		free(rep);
		return n;
	}
	/* the answers so far (a CNAME chain before a negative answer too:
	 * RFC 1034 4.3.2, RFC 2308 2.1 and 2.2) */
	for (uint32_t i = 0; i < r->n_answers; i++)
		an[i] = (struct dns_wire_rr){&r->answers[i].owner, r->answers[i].type,
					     r->answers[i].ttl, r->answers[i].data};
	w.an = an;
	w.n_an = r->n_answers;
	bool chain_out = !vpc && r->n_answers &&
			 (r->outcome == DNS_OUT_OUTSIDE || r->outcome == DNS_OUT_REFERRAL);
	if (r->outcome == DNS_OUT_LOOP) {
		/* a CNAME or alias chain that loops or runs too long */
		snprintf(text, sizeof(text),
			 "vpcsim: the CNAME or alias chain loops or is too long");
		w.rcode = DNS_WIRE_SERVFAIL;
		w.n_an = 0;
		w.ede_text = text;
	} else if (chain_out) {
		/* authoritative for the name, not for where its CNAME leads: the
		 * chain as far as the zones go, NOERROR (RFC 1034 4.3.2 step 3a) */
		w.rcode = DNS_WIRE_NOERROR;
	} else if (!vpc && r->outcome == DNS_OUT_REFERRAL && referral_of(r, &ref)) {
		/* Route 53's name server for the parent zone is not authoritative
		 * below the cut: a referral, NOERROR with AA clear, the NS RRset
		 * in the authority section, glue in the additional, no answer
		 * (RFC 1034 4.3.2 step 3b, RFC 1035 4.1.1) */
		w.rcode = DNS_WIRE_NOERROR;
		w.aa = false;
		w.ns = ref.ns;
		w.n_ns = ref.n_ns;
		w.ar = ref.glue;
		w.n_ar = ref.n_glue;
	} else
		switch (r->outcome) {
		case DNS_OUT_ANSWER:
			w.rcode = DNS_WIRE_NOERROR;
			break;
		case DNS_OUT_NODATA:
		case DNS_OUT_NXDOMAIN:
			w.rcode = r->outcome == DNS_OUT_NXDOMAIN ? DNS_WIRE_NXDOMAIN :
								   DNS_WIRE_NOERROR;
			if (firewall_blocked(r, text, sizeof(text))) {
				w.ede = 15; /* Blocked (RFC 8914 4.16) */
				w.ede_text = text;
				break;
			}
			soa.data = negative_soa(r, &soa_owner);
			if (soa.data) {
				soa.owner = &soa_owner;
				soa.type = DNS_T_SOA;
				soa.ttl = r->neg_ttl;
				w.ns = &soa;
				w.n_ns = 1;
			}
			break;
		default:
			dns_sim_forward_paths(s, rep);
			undecided(rep, !vpc, &w, text, sizeof(text));
			w.n_an = 0;
			break;
		}
	if (w.rcode != DNS_WIRE_NOERROR && w.rcode != DNS_WIRE_NXDOMAIN)
		w.aa = false;
	int bad;
	n = dns_wire_reply(&q, &w, out, lim, &bad);
	if (bad >= 0) {
		/* a value Route 53 holds that the codec cannot write */
		snprintf(text, sizeof(text),
			 "vpcsim: the %s record's value cannot be written on the wire",
			 r->answers[bad].data ? "answer" : "empty");
		struct dns_wire_reply f = {
			.rcode = DNS_WIRE_SERVFAIL, .aa = false, .ra = w.ra, .ede_text = text};
		n = dns_wire_reply(&q, &f, out, lim, NULL);
	}
	if (info)
		fill_info(s, &q, prc, rep, out, n, info);
	free(rep);
	return n;
}

int dns_sim_forward_target(const struct dns_sim *s, const char *from, const uint8_t *msg,
			   size_t len, char *ip, size_t iplen, char *why, size_t whylen)
{
	struct dns_wire_query q;
	if (!s || dns_wire_parse_query(msg, len, &q) != DNS_WIRE_NOERROR)
		return 0;
	char name[1024], tb[16];
	dns_name_to_text(&q.qname, name, sizeof(name), 0);
	const char *type = dns_type_text(q.qtype, tb, sizeof(tb));
	struct dns_reply *r = NULL;
	if (dns_sim_ask(s, name, type, from, &r, NULL, 0) != 0)
		return 0;
	int rc = 0;
	const struct dns_rule_in *rule = r->r.outcome == DNS_OUT_FORWARDED ? r->r.forward_rule :
									     NULL;
	if (rule && rule->n_targets) {
		const char *target = NULL;
		if (!r->n_paths)
			target = rule->target_ips[0]; /* no tracer: taken as reachable */
		for (uint32_t i = 0; i < r->n_paths && !target; i++)
			if (r->paths[i].traced && r->paths[i].reachable)
				target = r->paths[i].target;
		if (target) {
			snprintf(ip, iplen, "%s", target);
			char *colon = strrchr(ip, ':');
			if (colon && strchr(ip, '.'))
				*colon = '\0'; /* "ip:port" */
			rc = 1;
		} else {
			const struct dns_fwd_path *p = &r->paths[0];
			snprintf(why, whylen,
				 "vpcsim: Resolver rule %s forwards it, but its outbound endpoint "
				 "reaches no target (%s %s -> %s: %s)",
				 rule->id ? rule->id : "?", p->endpoint_id ? p->endpoint_id : "-",
				 p->from, p->target ? p->target : "?",
				 p->code ? p->code :
				 p->note ? p->note :
					   "not reachable");
			rc = -1;
		}
	}
	dns_reply_free(r);
	return rc;
}
