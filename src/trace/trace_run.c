/*
 * DOC: the VPC data-plane trace -- endpoints and the run
 *
 * trace_run() turns the question (--from, --to, protocol, ports) into a
 * packet, walks the forward path (trace_walk.c drives the graph of
 * components of trace_node.h), and when the packet got to its destination
 * -- even past a blocking filter -- walks the reply: the ports swapped, or
 * the ICMP echo reply, starting where the forward packet arrived, with the
 * connection state the forward path left (NAT translations, the security
 * groups that allowed the flow): of a blocked path, only the state of what
 * the packet passed before its first block (trace_fwd_passed).
 *
 * Endpoints: an instance (its primary ENI), an ENI, an interface endpoint
 * (its ENI in the source's zone), an address (the ENI holding it as a
 * private or public address; otherwise a host outside the snapshot), or
 * "internet", a representative public host: 203.0.113.1 / 2001:db8::1
 * (documentation ranges, RFC 5737 / RFC 3849).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "trace/trace_walk.h"
#include "vpcsim/error.h"

#define TR_INTERNET_V4 "203.0.113.1"
#define TR_INTERNET_V6 "2001:db8::1"

/* ---- endpoints ---- */

struct tr_end {
	const struct model_eni *eni; /* NULL: outside the snapshot */
	struct net_addr addr;        /* as given, when given */
	bool is_public;              /* @addr is the ENI's public address */
};

/* An interface endpoint stands for its ENI in @az when it has one there,
 * else its first ENI (clients use the endpoint's zonal DNS name). */
static const struct model_eni *tr_vpce_eni(const struct model_vpce *v, const char *az)
{
	const struct model_eni *first = NULL;
	for (uint32_t i = 0; i < v->n_enis; i++) {
		const struct model_eni *e = v->enis ? v->enis[i] : NULL;
		if (!e)
			continue;
		if (!first)
			first = e;
		if (az && e->az && !strcmp(az, e->az))
			return e;
	}
	return first;
}

/* A load balancer by its DNS name (any case, the trailing dot optional),
 * else by its name (LoadBalancerName, unique per Region and account). */

/* A node of @lb: one of its network interfaces, in zone @az when it has
 * one there (the node a client of that zone's DNS answer reaches). */
static const struct model_eni *tr_lb_eni(const struct model_lb *lb, const char *az)
{
	for (uint32_t i = 0; az && i < lb->n_enis; i++)
		if (lb->enis[i]->az && !strcmp(lb->enis[i]->az, az))
			return lb->enis[i];
	return lb->n_enis ? lb->enis[0] : NULL;
}

uint32_t trace_lb_nodes(const struct trace_ctx *c, const char *to, const char **zones, uint32_t max)
{
	if (!c || !to)
		return 0;
	const struct model_obj *o = model_find(c->m, to);
	const struct model_lb *lb = o ? NULL : trace_lb_named(c, to);
	if (o && o->kind == MODEL_LB)
		lb = MODEL_AS(const struct model_lb, o);
	for (uint32_t i = 0; lb && zones && i < lb->n_enis && i < max; i++)
		zones[i] = lb->enis[i]->az;
	return lb ? lb->n_enis : 0;
}

/* What an interface of @r must be, for the message that none or several
 * are (the criteria of resolve_managed.c). */
static void tr_managed_wants(const struct model_managed *r, char *buf, size_t len)
{
	size_t n = 0;
#define TR_ADD(...)                                                           \
	do {                                                                  \
		if (n < len)                                                  \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); \
	} while (0)
	if (r->obj.kind == MODEL_CACHE_RG)
		TR_ADD("the interfaces of its member clusters");
	else if (r->eni_id)
		TR_ADD("its interface %s", r->eni_id);
	else if (r->eni_desc)
		TR_ADD("an interface described '%s'", r->eni_desc);
	else if (r->eni_type)
		TR_ADD("an interface of type '%s'", r->eni_type);
	else
		TR_ADD("an interface");
	if (r->n_subnets && !r->eni_id)
		TR_ADD(" in its subnets");
	if (r->az && !r->eni_id)
		TR_ADD(" in %s", r->az);
	if (r->sgs_given)
		TR_ADD(" with exactly its security groups");
#undef TR_ADD
}

/* The mount target of file system @mt->fs_id in zone @az: the one its DNS
 * name answers there (EFS User Guide, mounting-fs-mount-cmd-dns-name.html). */
static const struct model_managed *tr_efs_in_zone(const struct model *m,
						  const struct model_managed *mt, const char *az)
{
	for (uint32_t i = 0; az && i < m->n_efs_mts; i++) {
		const struct model_managed *x = &m->efs_mts[i];
		if (x->fs_id && !strcmp(x->fs_id, mt->fs_id) && x->az && !strcmp(x->az, az))
			return x;
	}
	return NULL;
}

/*
 * An AWS-managed resource as an end (model.h, struct model_managed): its
 * interface, or for a resource with one per node the one in the sender's
 * zone (else the first).  Exit-2 errors say why there is none: not in a
 * VPC, no interface in the snapshot, several that fit, a Lambda function
 * as a destination, a file system with no mount target in the client's
 * zone.
 */
static int tr_managed_end(const struct trace_ctx *c, const struct model_managed *r,
			  enum trace_named_how how, const char *s, struct tr_end *e,
			  const struct tr_end *src, char *err, size_t errlen)
{
	const char *az = src && src->eni ? src->eni->az : NULL;
	if (how == TRACE_NAMED_FS) {
		const struct model_managed *x = tr_efs_in_zone(c->m, r, az);
		if (!x) {
			snprintf(err, errlen,
				 "file system %s: its DNS name answers with the mount target in "
				 "the "
				 "client's Availability Zone, and %s has none there: name a mount "
				 "target or its address",
				 r->fs_id, az ? az : "a client outside the snapshot's zones");
			return VS_EINVAL;
		}
		r = x;
	}
	if (r->source_only && src) {
		snprintf(err, errlen,
			 "%s %s only opens connections: its Hyperplane interfaces accept none "
			 "(Lambda configuration-vpc.html); trace from it",
			 r->service, r->obj.id);
		return VS_EINVAL;
	}
	bool reader = how == TRACE_NAMED_READER;
	struct model_eni *const *enis = reader ? r->reader_enis : r->enis;
	uint32_t n = reader ? r->n_reader_enis : r->n_enis;
	char wants[192];
	tr_managed_wants(r, wants, sizeof(wants));
	if (!n && r->no_vpc) {
		snprintf(err, errlen,
			 "%s %s is in no VPC of the snapshot (%s): it has no network interface "
			 "to trace",
			 r->service, r->obj.id,
			 r->subnet_group ? "its cache subnet group is not in the snapshot" :
					   "no subnets given");
		return VS_EINVAL;
	}
	if (!n) {
		snprintf(err, errlen, "%s %s has no %snetwork interface in the snapshot (%s)",
			 r->service, r->obj.id, reader ? "replica " : "", wants);
		return VS_EINVAL;
	}
	if (n > 1 && !r->multi) {
		char list[128] = "";
		size_t off = 0;
		for (uint32_t i = 0; i < n && i < 4 && off < sizeof(list); i++)
			off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
						i ? ", " : "", enis[i]->obj.id);
		snprintf(err, errlen,
			 "%s %s: %u network interfaces fit it (%s): name one of them (%s%s) or "
			 "its address",
			 r->service, s, n, wants, list, n > 4 ? ", ..." : "");
		return VS_EINVAL;
	}
	e->eni = enis[0];
	for (uint32_t i = 0; az && i < n; i++)
		if (enis[i]->az && !strcmp(enis[i]->az, az)) {
			e->eni = enis[i];
			break;
		}
	return 0;
}

/*
 * An endpoint service (ServiceDetails, or the service name of an interface
 * endpoint) as a destination: the interface endpoint of it in the
 * sender's VPC, its interface in the sender's zone -- where the endpoint's
 * private DNS sends the service's name (PrivateLink Guide,
 * privatelink-access-aws-services.html).
 */
static int tr_service_end(const struct trace_ctx *c, const struct model_obj *o, const char *s,
			  struct tr_end *e, const struct tr_end *src, char *err, size_t errlen)
{
	const char *svc =
		o->kind == MODEL_VPCE ? MODEL_AS(const struct model_vpce, o)->service_name : o->id;
	const struct model_vpc *vpc = src && src->eni ? src->eni->vpc : NULL;
	if (!vpc) {
		snprintf(err, errlen,
			 "%s is the endpoint service %s: trace to it from a host of a VPC, whose "
			 "interface endpoint of it the flow reaches",
			 s, svc);
		return VS_EINVAL;
	}
	const struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_vpces; i++) {
		const struct model_vpce *v = &m->vpces[i];
		if (v->type != VPCE_INTERFACE || v->vpc != vpc || !v->service_name ||
		    strcmp(v->service_name, svc) != 0)
			continue;
		if ((e->eni = tr_vpce_eni(v, src->eni->az)))
			return 0;
	}
	snprintf(err, errlen,
		 "endpoint service %s has no interface endpoint with a network interface in %s "
		 "(the source's VPC) in the snapshot: without one the service is not reached "
		 "through PrivateLink",
		 svc, vpc->obj.id);
	return VS_EINVAL;
}

/*
 * EC2 host names (EC2 User Guide, ec2-instance-naming.html): the IP names
 * "ip-10-0-0-1.ec2.internal" (us-east-1) / "ip-10-0-0-1.REGION.compute.internal"
 * and the public "ec2-203-0-113-1.compute-1.amazonaws.com" (us-east-1) /
 * "ec2-203-0-113-1.REGION.compute.amazonaws.com"; the resource names
 * "i-0123456789abcdef0.ec2.internal" / "i-....REGION.compute.internal".
 * Fills @addr (an IP name) or @id (a resource name, into @idbuf) and the
 * Region the name implies; false when @s is none of these.
 */
static bool tr_ec2_name(const char *s, struct net_addr *addr, const char **id, char *idbuf,
			size_t idlen, char *region, size_t rlen, bool *is_public)
{
	char h[256];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(h))
		return false;
	for (size_t i = 0; i <= n; i++)
		h[i] = (char)tolower((unsigned char)s[i]);
	if (n && h[n - 1] == '.')
		h[--n] = '\0';
	static const struct {
		const char *suffix; /* after the first label */
		bool pub, regional;
	} forms[] = {
		{".ec2.internal", false, false},
		{".compute.internal", false, true},
		{".compute-1.amazonaws.com", true, false},
		{".compute.amazonaws.com", true, true},
	};
	const char *dot = strchr(h, '.');
	if (!dot)
		return false;
	size_t first = (size_t)(dot - h);
	for (size_t f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
		size_t sl = strlen(forms[f].suffix);
		if (n < first + sl || strcmp(h + n - sl, forms[f].suffix) != 0)
			continue;
		/* the Region between the first label and the suffix, or us-east-1 */
		size_t rs = first + 1, re = n - sl;
		if (forms[f].regional ? re <= rs : re != first)
			continue;
		snprintf(region, rlen, "%.*s", forms[f].regional ? (int)(re - rs) : 9,
			 forms[f].regional ? h + rs : "us-east-1");
		const char *pre = forms[f].pub ? "ec2-" : "ip-";
		size_t pl = strlen(pre);
		if (!strncmp(h, pre, pl)) {
			char ip[32];
			if (first - pl >= sizeof(ip))
				return false;
			memcpy(ip, h + pl, first - pl);
			ip[first - pl] = '\0';
			for (char *q = ip; *q; q++)
				if (*q == '-')
					*q = '.';
			*is_public = forms[f].pub;
			return net_addr_parse(ip, addr) == 0 && addr->af == NET_AF_INET;
		}
		if (!forms[f].pub && !strncmp(h, "i-", 2) && first < idlen) {
			memcpy(idbuf, h, first);
			idbuf[first] = '\0';
			*id = idbuf;
			return true;
		}
		return false;
	}
	return false;
}

static int tr_resolve(const struct trace_ctx *c, const char *s, struct tr_end *e,
		      const struct tr_end *src, uint32_t lb_node, char *err, size_t errlen)
{
	const struct model *m = c->m;
	const char *az = src && src->eni ? src->eni->az : NULL;
	memset(e, 0, sizeof(*e));
	if (!s || !*s) {
		snprintf(err, errlen, "an endpoint is empty");
		return VS_EINVAL;
	}
	if (!strcmp(s, "internet"))
		return 0;
	if (net_addr_parse(s, &e->addr) == 0) {
		e->eni = model_eni_by_private_ip(m, &e->addr);
		if (!e->eni && e->addr.af == NET_AF_INET) {
			e->eni = model_eni_by_public_ip(m, &e->addr);
			e->is_public = e->eni != NULL;
		}
		return 0;
	}
	char idbuf[64], region[64];
	const char *id = NULL;
	bool pub = false;
	struct net_addr ea;
	memset(&ea, 0, sizeof(ea));
	if (tr_ec2_name(s, &ea, &id, idbuf, sizeof(idbuf), region, sizeof(region), &pub)) {
		const struct model_obj *inst = id ? model_find_kind(m, MODEL_INSTANCE, id) : NULL;
		const struct model_eni *x =
			id  ? (inst ? model_instance_eni(m, MODEL_AS(const struct model_instance,
								     inst)) :
				      NULL) :
			pub ? model_eni_by_public_ip(m, &ea) :
			      model_eni_by_private_ip(m, &ea);
		/* the name is of one Region: an interface of another is not it */
		if (x && (!x->obj.region || !strcmp(x->obj.region, region))) {
			e->eni = x;
			if (!id) {
				e->addr = ea;
				e->is_public = pub;
			}
			return 0;
		}
		snprintf(err, errlen, "'%s' is an EC2 host name no interface of the snapshot has",
			 s);
		return VS_ENOTFOUND;
	}
	const struct model_obj *o = model_find(m, s);
	const struct model_lb *named = o ? NULL : trace_lb_named(c, s);
	if (named)
		o = &named->obj;
	const struct trace_named *alias = o ? NULL : trace_named_find(c, s);
	if (alias && alias->how == TRACE_NAMED_SERVICE)
		return tr_service_end(c, alias->obj, s, e, src, err, errlen);
	if (alias)
		return tr_managed_end(c, MODEL_AS(const struct model_managed, alias->obj),
				      alias->how, s, e, src, err, errlen);
	if (o && o->kind == MODEL_SVC_DETAIL)
		return tr_service_end(c, o, s, e, src, err, errlen);
	if (o && model_kind_managed(o->kind))
		return tr_managed_end(c, MODEL_AS(const struct model_managed, o), TRACE_NAMED_SELF,
				      s, e, src, err, errlen);
	if (o && o->kind == MODEL_LB) {
		const struct model_lb *lb = MODEL_AS(const struct model_lb, o);
		e->eni = lb_node && lb_node <= lb->n_enis ? lb->enis[lb_node - 1] :
							    tr_lb_eni(lb, az);
		if (!e->eni) {
			snprintf(err, errlen,
				 "load balancer %s has no network interface in the snapshot", s);
			return VS_EINVAL;
		}
		return 0;
	}
	if (!o) {
		/* a host of a site, by its HostId */
		for (uint32_t i = 0; i < m->n_sites; i++)
			for (uint32_t k = 0; k < m->sites[i].n_hosts; k++)
				if (m->sites[i].hosts[k].id &&
				    !strcmp(m->sites[i].hosts[k].id, s)) {
					e->addr = m->sites[i].hosts[k].ip;
					return 0;
				}
		snprintf(err, errlen,
			 "'%s' names nothing in the snapshot (an instance id, a network "
			 "interface id, an IP address or 'internet')",
			 s);
		return VS_ENOTFOUND;
	}
	if (o->kind == MODEL_INSTANCE) {
		e->eni = model_instance_eni(m, MODEL_AS(const struct model_instance, o));
		if (!e->eni) {
			snprintf(err, errlen,
				 "instance %s has no network interface in the snapshot", s);
			return VS_EINVAL;
		}
		return 0;
	}
	if (o->kind == MODEL_ENI) {
		e->eni = MODEL_AS(const struct model_eni, o);
		return 0;
	}
	if (o->kind == MODEL_VPCE && MODEL_AS(const struct model_vpce, o)->type == VPCE_INTERFACE) {
		e->eni = tr_vpce_eni(MODEL_AS(const struct model_vpce, o), az);
		if (!e->eni) {
			snprintf(err, errlen,
				 "interface endpoint %s has no network interface in the snapshot",
				 s);
			return VS_EINVAL;
		}
		return 0;
	}
	snprintf(err, errlen,
		 "%s is a %s: trace goes from and to instances, network interfaces, "
		 "IP addresses or 'internet'",
		 s, model_kind_name(o->kind));
	return VS_EINVAL;
}

static bool tr_eni_addr(const struct model_eni *e, uint8_t af, struct net_addr *out)
{
	if (af == NET_AF_INET) {
		for (uint32_t i = 0; i < e->n_ips; i++)
			if (e->ips[i].primary && e->ips[i].priv.af == af) {
				*out = e->ips[i].priv;
				return true;
			}
		for (uint32_t i = 0; i < e->n_ips; i++)
			if (e->ips[i].priv.af == af) {
				*out = e->ips[i].priv;
				return true;
			}
		return false;
	}
	for (uint32_t i = 0; i < e->n_ips6; i++)
		if (e->ips6[i].af == af) {
			*out = e->ips6[i];
			return true;
		}
	return false;
}

static int tr_fill(const struct trace_ctx *c, struct tr_end *e, uint8_t af, bool is_dst,
		   bool other_outside, struct net_addr *out, char *err, size_t errlen)
{
	if (e->addr.af) {
		if (e->eni && e->is_public && !is_dst) {
			/* from a public address: the ENI sends from its private one */
			const struct net_addr *priv = trace_priv_of(c, &e->addr);
			if (!priv) {
				snprintf(err, errlen,
					 "no private address maps to the public address");
				return VS_EINVAL;
			}
			*out = *priv;
			return 0;
		}
		*out = e->addr;
		return 0;
	}
	if (!e->eni)
		return net_addr_parse(af == NET_AF_INET6 ? TR_INTERNET_V6 : TR_INTERNET_V4, out);
	if (!tr_eni_addr(e->eni, af, out)) {
		snprintf(err, errlen, "%s has no %s address", e->eni->obj.id,
			 af == NET_AF_INET6 ? "IPv6" : "IPv4");
		return VS_EINVAL;
	}
	if (is_dst && other_outside && af == NET_AF_INET) {
		/* from the internet, an instance is reached on its public IP */
		const struct net_addr *pub = trace_pub_of(c, out);
		if (pub)
			*out = *pub;
	}
	return 0;
}

/* Both ends on one instance (or one ENI). */
static bool tr_same_host(const struct model_eni *a, const struct model_eni *b)
{
	if (!a || !b)
		return false;
	if (a == b)
		return true;
	return a->instance && a->instance == b->instance;
}

/* The one hop of a packet the instance delivers to itself. */
static void tr_local(struct tr_run *t, const struct model_eni *to, const struct acl_pkt *p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&to->obj), p);
	h->action = "delivered";
	h->note = "delivered locally by the instance's operating system: both addresses are "
		  "its own, the packet never enters the VPC";
}

/* Inside a VPC, EC2 sends jumbo frames (ec2 network_mtu.html). */
#define TR_MTU_VPC 9001

/* Flag a packet bigger than the path MTU (informational: PMTUD or
 * fragmentation decides what happens; vpcsim's own code). */
static void tr_mtu_check(struct tr_run *t, uint32_t size)
{
	struct trace_path *pa = t->path;
	if (!pa->mtu) {
		pa->mtu = TR_MTU_VPC;
		pa->mtu_comp = trace_comp_id("vpc", "vpc");
	}
	if (size <= pa->mtu || !pa->reachable) /* a blocked path: the block says more */
		return;
	if (pa->mtu_strict)
		trace_info_add(t, "MTU_EXCEEDED", pa->mtu_comp,
			       "a %u-byte packet does not fit the %u-byte MTU of %s: it is "
			       "dropped there, with no fragmentation and no path MTU discovery "
			       "(TCP fits: the endpoint clamps its MSS)",
			       size, pa->mtu, pa->mtu_comp.id);
	else
		trace_info_add(t, "MTU_EXCEEDED", pa->mtu_comp,
			       "a %u-byte packet does not fit the %u-byte MTU of %s: it is "
			       "fragmented, or dropped when it may not be (DF set; TCP MSS %u "
			       "fits)",
			       size, pa->mtu, pa->mtu_comp.id, pa->mtu - 40);
}

/* A walk of the forward path or (@reply) the return path of @r, which
 * marks that path evaluated. */
static void tr_run_init(struct tr_run *t, const struct trace_ctx *c, const struct trace_query *q,
			struct trace_result *r, struct tr_state *st, bool reply)
{
	memset(t, 0, sizeof(*t));
	t->c = c;
	t->q = q;
	t->res = r;
	t->st = st;
	t->reply = reply;
	t->path = reply ? &r->ret : &r->fwd;
	t->path->evaluated = true;
}

int trace_run(const struct trace_ctx *c, const struct trace_query *q, struct trace_result *r,
	      char *err, size_t errlen)
{
	char dummy[8];
	if (!err) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	if (!c || !q || !r) {
		snprintf(err, errlen, "bad arguments");
		return VS_EINVAL;
	}
	memset(r, 0, offsetof(struct trace_result, fwd));
	r->fwd.n_hops = r->fwd.n_expl = r->ret.n_hops = r->ret.n_expl = 0;
	r->fwd.reachable = r->ret.reachable = r->fwd.evaluated = r->ret.evaluated = false;
	r->fwd.truncated = r->ret.truncated = false;
	r->from = q->from;
	r->to = q->to;
	r->fwd.mtu = r->ret.mtu = 0;
	if (q->size > 65535 || (q->size >= 0 && q->size < 68)) {
		snprintf(err, errlen, "packet size must be 68 to 65535 bytes");
		return VS_EINVAL;
	}
	r->size = q->size >= 0 ? (uint32_t)q->size : TRACE_DEFAULT_SIZE;

	int proto = q->proto < 0 ? ACL_PROTO_TCP : q->proto;
	if (proto > 255 || q->port > 65535 || q->src_port > 65535) {
		snprintf(err, errlen, "protocol or port out of range");
		return VS_EINVAL;
	}
	struct tr_end s, d;
	int rc = tr_resolve(c, q->from, &s, NULL, 0, err, errlen);
	if (!rc)
		rc = tr_resolve(c, q->to, &d, &s, q->lb_node, err, errlen);
	if (rc)
		return rc;
	if (s.eni && s.eni->owner && s.eni->owner->kind == MODEL_NATGW) {
		snprintf(err, errlen, "%s belongs to NAT gateway %s: a trace starts at a host",
			 q->from, s.eni->owner->id);
		return VS_EINVAL;
	}
	/* two hosts of sites: a path through AWS between them (CloudHub,
	 * a transit gateway, SiteLink) */
	bool site_src = !s.eni && s.addr.af && trace_site_of(c->m, &s.addr);
	bool site_dst = !d.eni && d.addr.af && trace_site_of(c->m, &d.addr);
	if (!s.eni && !d.eni && !(site_src && site_dst)) {
		snprintf(err, errlen,
			 "neither end is in the snapshot: at least one of --from/--to must "
			 "be an instance, a network interface or one of their addresses");
		return VS_EINVAL;
	}
	if (s.addr.af && d.addr.af && s.addr.af != d.addr.af) {
		snprintf(err, errlen, "one end is IPv4 and the other IPv6");
		return VS_EINVAL;
	}
	uint8_t af = s.addr.af ? s.addr.af : d.addr.af ? d.addr.af : NET_AF_INET;
	if (!s.addr.af && !d.addr.af && proto == ACL_PROTO_ICMPV6)
		af = NET_AF_INET6;
	if (proto == ACL_PROTO_ICMP && af == NET_AF_INET6)
		proto = ACL_PROTO_ICMPV6;
	if (proto == ACL_PROTO_ICMPV6 && af == NET_AF_INET) {
		snprintf(err, errlen, "icmpv6 between IPv4 addresses");
		return VS_EINVAL;
	}

	struct acl_pkt p;
	memset(&p, 0, sizeof(p));
	p.proto = (uint8_t)proto;
	rc = tr_fill(c, &s, af, false, !d.eni, &p.src, err, errlen);
	if (!rc)
		rc = tr_fill(c, &d, af, true, !s.eni, &p.dst, err, errlen);
	if (rc)
		return rc;
	if (proto == ACL_PROTO_TCP || proto == ACL_PROTO_UDP) {
		p.dport = (uint16_t)(q->port >= 0 ? q->port : proto == ACL_PROTO_TCP ? 443 : 53);
		p.sport = (uint16_t)(q->src_port >= 0 ? q->src_port : TRACE_DEFAULT_SRC_PORT);
	} else if (proto == ACL_PROTO_ICMP) {
		p.icmp_type = 8; /* echo request */
	} else if (proto == ACL_PROTO_ICMPV6) {
		p.icmp_type = 128;
	}
	r->flow = p;
	net_addr_fmt(&p.src, r->src_text);
	net_addr_fmt(&p.dst, r->dst_text);

	struct tr_state st;
	memset(&st, 0, sizeof(st));
	struct tr_run t;
	tr_run_init(&t, c, q, r, &st, false);
	if (tr_same_host(s.eni, d.eni)) {
		/* Both ends are one instance: its operating system delivers the
		 * packet to itself, which never reaches the VPC, so no security
		 * group, network ACL or route sees it (VPC traffic is what
		 * leaves an interface: subnet-route-tables.html, "traffic
		 * destined for ... uses data link routing"). */
		tr_local(&t, d.eni, &p);
		struct acl_pkt back = p;
		back.src = p.dst;
		back.dst = p.src;
		back.sport = p.dport;
		back.dport = p.sport;
		struct tr_run u;
		tr_run_init(&u, c, q, r, &st, true);
		tr_local(&u, s.eni, &back);
		r->fwd.reachable = r->ret.reachable = r->reachable = true;
		return 0;
	}
	trace_walk_forward(&t, s.eni, p);
	r->fwd.reachable = t.arrived && !t.blocked;

	if (t.arrived && trace_walk_has_reply(&st)) {
		struct tr_run u;
		tr_run_init(&u, c, q, r, &st, true);
		trace_walk_reply(&u);
		r->ret.reachable = u.arrived && !u.blocked;
	}
	tr_mtu_check(&t, r->size);
	if (r->ret.evaluated) {
		struct tr_run u;
		tr_run_init(&u, c, q, r, &st, true);
		tr_mtu_check(&u, r->size);
	}
	r->reachable = r->fwd.reachable && r->ret.reachable;
	return 0;
}
