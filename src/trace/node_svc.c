/*
 * DOC: path engine handlers -- AWS services
 *
 * Two kinds of AWS service end a path inside AWS: the service behind a
 * gateway endpoint (S3, DynamoDB; vpce-gateway.html), reached through the
 * endpoint's route and answering back through it, and the services the
 * instance's own host answers (below).  One handler, TR_K_SERVICE
 * (trace_node.h), with a port for each way in.
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_node.h"

/* ---- Amazon-provided services on the host ----
 *
 * The Amazon DNS server (the VPC's primary CIDR base + 2, and
 * 169.254.169.253), the instance metadata service (169.254.169.254), the
 * Amazon Time Sync Service (169.254.169.123) and DHCP are answered by the
 * host the instance runs on: the packet never crosses the subnet boundary
 * or the VPC router.  Network ACLs do not filter this traffic
 * (vpc-network-acls.html, "Network ACL basics"), and neither do security
 * groups: "these services [security groups, network ACLs, AWS Network
 * Firewall] ... do not apply to DNS queries provided by Route 53 Resolver"
 * (AWS Networking & Content Delivery blog, "Secure your Amazon VPC DNS
 * resolution with Amazon Route 53 Resolver DNS Firewall"), which a test
 * with a security group without outbound rules confirms for base + 2
 * (dev.classmethod.jp, "security-group-outbound-rule-cannot-filter-traffic-
 * to-amazon-dns-server").  vpcsim treats metadata, Time Sync and DHCP, the
 * other host-local services of that ACL list, the same way.  The IPv6
 * addresses on Nitro instances are fd00:ec2::253 / ::254 / ::123
 * (whitepaper "IPv6 on AWS", "Supporting Amazon VPC services").
 */

struct trace_svc {
	const char *id, *name;
	uint32_t v4;        /* fixed IPv4 address, host order (0: none) */
	struct net_addr v6; /* fixed IPv6 address (af NET_AF_NONE: none) */
	bool vpc_base2;     /* also the VPC's primary CIDR base + 2 */
	bool tcp, udp;      /* protocols it answers */
	uint16_t port;
	const char *sg_note, *nacl_note;
};

#define TR_V4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))
/* fd00:ec2::HHLL, the Nitro IPv6 address of a host service */
#define TR_V6_EC2(hi, lo)                                                \
	{                                                                \
		NET_AF_INET6,                                            \
		{                                                        \
			0xfd, 0x00, 0x0e, 0xc2, [14] = (hi), [15] = (lo) \
		}                                                        \
	}

static const struct trace_svc trace_svcs[] = {
	{"amazon-dns", "Amazon DNS server (Route 53 Resolver)", TR_V4(169, 254, 169, 253),
	 TR_V6_EC2(0x02, 0x53), true, true, true, 53,
	 "not filtered: security groups do not apply to traffic to or from the Amazon DNS server",
	 "not evaluated: network ACLs do not filter traffic to or from the Amazon DNS server"},
	{"instance-metadata", "instance metadata service (IMDS)", TR_V4(169, 254, 169, 254),
	 TR_V6_EC2(0x02, 0x54), false, true, false, 80,
	 "not filtered: security groups do not apply to instance metadata traffic",
	 "not evaluated: network ACLs do not filter instance metadata traffic"},
	{"amazon-time-sync", "Amazon Time Sync Service", TR_V4(169, 254, 169, 123),
	 TR_V6_EC2(0x01, 0x23), false, false, true, 123,
	 "not filtered: security groups do not apply to Amazon Time Sync Service traffic",
	 "not evaluated: network ACLs do not filter Amazon Time Sync Service traffic"},
	{"amazon-dhcp",
	 "Amazon DHCP",
	 TR_V4(255, 255, 255, 255),
	 {NET_AF_NONE, {0}},
	 false,
	 false,
	 true,
	 67,
	 "not filtered: security groups do not apply to DHCP traffic",
	 "not evaluated: network ACLs do not filter DHCP traffic"},
};

/* Cheap first: every trace asks, few are addressed to these services. */
static bool trace_svc_at(const struct trace_svc *v, const struct model_eni *src,
			 const struct net_addr *a)
{
	if (a->af == NET_AF_INET6)
		return v->v6.af == NET_AF_INET6 && net_addr_eq(&v->v6, a);
	if (a->af != NET_AF_INET)
		return false;
	uint32_t ip = net_addr_v4(a);
	if (ip == v->v4)
		return true;
	if (!v->vpc_base2 || !src->vpc || !src->vpc->n_cidrs)
		return false;
	const struct net_prefix *pri = &src->vpc->cidrs[0].pfx; /* the primary CIDR */
	if (pri->addr.af != NET_AF_INET || pri->len > 30)
		return false;
	uint32_t mask = pri->len ? ~(uint32_t)0 << (32 - pri->len) : 0;
	return ip == (net_addr_v4(&pri->addr) & mask) + 2;
}

const struct trace_svc *trace_svc_of(const struct model_eni *src, const struct acl_pkt *p)
{
	if (!src)
		return NULL;
	for (size_t i = 0; i < sizeof(trace_svcs) / sizeof(trace_svcs[0]); i++)
		if (trace_svc_at(&trace_svcs[i], src, &p->dst))
			return &trace_svcs[i];
	return NULL;
}

static const char trace_svc_host_note[] = "answered on the instance's host: the packet crosses no "
					  "subnet boundary or router";

static struct trace_comp trace_svc_comp(const struct trace_svc *v)
{
	struct trace_comp c = {v->id, "aws-service", v->name};
	return c;
}

/* The host's side of one direction: the ENI hop and, when the subnet has
 * one, its network ACL, both passed without evaluation. */
static void trace_svc_host(struct tr_run *t, const struct model_eni *eni, const struct trace_svc *v,
			   const struct acl_pkt *p, bool egress)
{
	struct trace_hop *h = NULL;
	if (egress) {
		h = trace_hop_add(t, trace_comp_obj(&eni->obj), p);
		h->dir = TRACE_DIR_EGRESS;
		h->action = "allowed";
		h->note = v->sg_note;
	}
	const struct model_subnet *s = eni->subnet;
	if (s && s->nacl) {
		struct trace_hop *n = trace_hop_add(t, trace_comp_obj(&s->nacl->obj), p);
		n->dir = egress ? TRACE_DIR_EGRESS : TRACE_DIR_INGRESS;
		n->action = "skipped";
		n->subnet = s;
		n->nacl = s->nacl;
		n->note = v->nacl_note;
	}
	if (!egress) {
		h = trace_hop_add(t, trace_comp_obj(&eni->obj), p);
		h->dir = TRACE_DIR_INGRESS;
		h->action = "delivered";
		h->note = v->sg_note;
	}
}

static struct tr_next *svc_host_fwd(struct tr_run *t, struct tr_next *n, const struct trace_svc *v,
				    const struct model_eni *eni, struct acl_pkt *p)
{
	char pr[8];
	trace_svc_host(t, eni, v, p, true);
	struct trace_hop *d = trace_hop_add(t, trace_svc_comp(v), p);
	d->kind = TRACE_D_SERVICE;
	d->note = trace_svc_host_note;
	if (v->vpc_base2 && eni->vpc && !eni->vpc->dns_support) {
		return tr_drop(t, n, d, "VPC_DNS_SUPPORT_DISABLED", TRACE_DIR_NONE,
			       "%s has enableDnsSupport off: the Amazon DNS server does not answer",
			       eni->vpc->obj.id);
	}
	if (!((p->proto == ACL_PROTO_TCP && v->tcp) || (p->proto == ACL_PROTO_UDP && v->udp))) {
		return tr_drop(t, n, d, "PROTOCOL_RESTRICTION", TRACE_DIR_NONE,
			       "the %s answers %s only, not %s", v->name,
			       v->tcp && v->udp ? "TCP and UDP" :
			       v->tcp           ? "TCP" :
						  "UDP",
			       trace_proto_text(p->proto, pr));
	}
	if (p->dport != v->port) {
		return tr_drop(t, n, d, "TARGET_PORT_RESTRICTION", TRACE_DIR_NONE,
			       "the %s answers on port %u only, not %u", v->name, (unsigned)v->port,
			       (unsigned)p->dport);
	}
	d->action = "delivered";
	/* the answer comes back on the same host path */
	return tr_delivered(t, n, tr_go(TR_K_SERVICE, TR_P_HOST_REPLY, v, eni), p);
}

static struct tr_next *svc_host_reply(struct tr_run *t, struct tr_next *n,
				      const struct trace_svc *v, const struct model_eni *eni,
				      struct acl_pkt *p)
{
	struct trace_hop *s = trace_hop_add(t, trace_svc_comp(v), p);
	s->kind = TRACE_D_SERVICE;
	s->note = trace_svc_host_note;
	s->action = "sent";
	trace_svc_host(t, eni, v, p, false);
	return tr_stop(n, TR_STOP_DELIVERED);
}

/* ---- behind a gateway endpoint ---- */

struct tr_next *trace_node_service(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	switch (n->port) {
	case TR_P_HOST:
		return svc_host_fwd(t, n, n->obj, n->from, p);
	case TR_P_HOST_REPLY:
		return svc_host_reply(t, n, n->obj, n->from, p);
	default:
		break;
	}
	const struct model_vpce *e = n->obj;
	struct trace_hop *h = trace_hop_add(t, trace_comp_id(e->service_name, "aws-service"), p);
	h->kind = TRACE_D_SERVICE;
	if (n->port == TR_P_SEND) {
		/* the answer, back through the endpoint */
		h->action = "sent";
		return tr_put(n, TR_K_VPCE, TR_P_IN, e, NULL);
	}
	if (p->proto == ACL_PROTO_TCP) {
		/* S3 and DynamoDB answer HTTPS and HTTP only (trace_aws_service_ports) */
		bool ok;
		const char *ports = trace_aws_service_ports(e->service_name, p->dport, &ok);
		if (ports && !ok)
			return tr_drop(t, n, h, "TARGET_PORT_RESTRICTION", TRACE_DIR_NONE,
				       "%s answers on %s only, not port %u", e->service_name, ports,
				       (unsigned)p->dport);
	}
	h->action = "delivered";
	return tr_delivered(t, n, tr_go(TR_K_SERVICE, TR_P_SEND, e, NULL), p);
}
