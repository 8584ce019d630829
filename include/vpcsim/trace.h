/*
 * DOC: the VPC data-plane trace
 *
 * Follows one flow -- source, destination, protocol, ports -- hop by hop
 * through the model, forward and then the reply, and says which rule or
 * route decided each hop.  Where the flow is blocked, every blocking
 * setting on the path it would take is reported with Reachability
 * Analyzer's explanation code (AWS-SEMANTICS.md); routing failures end the
 * path, filter denials do not (the path goes on, marked blocked).
 *
 * A trace_ctx is compiled once from a model (route tables, ACLs, address
 * maps) and is then read-only: trace_run() may be called from any number of
 * threads, each with its own result.  trace_run() never allocates; the
 * result's strings point into the model, into static storage or into the
 * result itself.  The model must outlive the context and the results.
 *
 * Scope: VPC routing (local, IGW, egress-only IGW, NAT gateway, peering,
 * gateway endpoints, ENI/instance middleboxes) and hybrid routing (transit
 * gateways and their route tables, VPN connections, virtual private
 * gateways, Direct Connect gateways and VIFs, on-premises sites), using
 * the effective routes of route/rib.h.  Each path carries its MTU (the
 * smallest link MTU) checked against the packet size.  Result structures
 * map 1:1 onto DESIGN.md "Trace JSON" (trace_json.c).
 */
#ifndef VPCSIM_TRACE_H
#define VPCSIM_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vpcsim/acl.h"
#include "vpcsim/model.h"
#include "vpcsim/names.h"
#include "vpcsim/rib.h"
#include "vpcsim/vpc_route.h"

#define TRACE_MAX_HOPS 48
#define TRACE_MAX_EXPL 16
#define TRACE_MAX_LOST 6
#define TRACE_MSG_LEN  200
#define TRACE_TEXT_LEN 64

/* Default client port when none is given: 49152 is inside the Linux
 * ephemeral range (32768-60999), the Windows Server 2008+ range
 * (49152-65535) and the NAT gateway/ELB range (1024-65535), so a network
 * ACL written for any of those clients passes the reply
 * (vpc-network-acls.html, "Ephemeral ports"). */
#define TRACE_DEFAULT_SRC_PORT 49152

/* Packet size checked against the path MTU when none is given: a full
 * Ethernet frame's payload, what most hosts outside a VPC send. */
#define TRACE_DEFAULT_SIZE 1500

struct trace_ctx;

/* What the caller asks: the option values as typed. */
struct trace_query {
	const char *from, *to; /* instance id, ENI id, IP address, or "internet" */
	int proto;             /* IANA number; -1 = tcp */
	int port;              /* destination port; -1 = 443 for tcp, 53 for udp */
	int src_port;          /* -1 = TRACE_DEFAULT_SRC_PORT */
	int size;              /* packet size in bytes for the MTU check; -1 = TRACE_DEFAULT_SIZE */
	/* The HTTP request an Application Load Balancer's listener rules see
	 * (host-header, path-pattern, http-header, http-request-method,
	 * query-string conditions); NULL: absent (path "/", method GET). */
	const char *http_host, *http_path, *http_method;
	const char *const *http_headers; /* "Name: value" or "Name=value" each */
	uint32_t n_http_headers;
	/* --to a load balancer (DNS name, name, ARN): 0 the node of the
	 * source's zone (else the first); k > 0 its k-th node
	 * (trace_lb_nodes()), as a client resolving its DNS name may meet */
	uint32_t lb_node;
};

struct trace_comp {
	const char *id;   /* never NULL */
	const char *type; /* "network-interface", "network-acl", "route-table", ... */
	const char *name; /* Name tag, or NULL */
};

enum trace_detail {
	TRACE_D_NONE = 0,
	TRACE_D_SG,      /* sg, sg_rule (NULL when denied), egress */
	TRACE_D_NACL,    /* nacl_entry (NULL = catch-all), subnet, egress */
	TRACE_D_ROUTE,   /* route, route_pfx, lost */
	TRACE_D_XLATE,   /* xlate_from -> xlate_to, xlate_src */
	TRACE_D_PEERING, /* pcx, peer_vpc */
	TRACE_D_GATEWAY, /* a gateway passed without translation */
	TRACE_D_SERVICE, /* delivered to an AWS service behind an endpoint */
	TRACE_D_OUTSIDE, /* a host outside the snapshot */
	TRACE_D_RIB,     /* a TGW route table, VGW, DX gateway or site router: rib_route, n_ecmp */
	TRACE_D_LB,      /* a load balancer node: lb_listener, lb_rule, lb_tg, lb_target, xlate_* */
};

#define TRACE_DIRS(X)                   \
	X(TRACE_DIR_NONE, NULL)         \
	X(TRACE_DIR_INGRESS, "ingress") \
	X(TRACE_DIR_EGRESS, "egress")

enum trace_dir {
	TRACE_DIRS(VS_NAMES_ENUM)
};

struct trace_hop {
	uint32_t seq;
	struct trace_comp comp;
	const char *action; /* allowed denied forwarded translated delivered dropped sent reached
			     * skipped (a filter that does not apply: trace_hop.c) */
	enum trace_detail kind;
	enum trace_dir dir;
	bool stateful; /* a reply passed by connection tracking */
	const struct model_sg *sg;
	const struct model_sg_rule *sg_rule;
	const struct model_nacl *nacl;
	const struct model_nacl_entry *nacl_entry;
	const struct model_subnet *subnet;
	const struct model_rtb *rtb;
	const struct model_route *route;
	struct net_prefix route_pfx;
	struct route_loser lost[TRACE_MAX_LOST];
	uint32_t n_lost, n_lost_total;
	bool xlate_src; /* source (SNAT) or destination (DNAT) translated */
	struct net_addr xlate_from, xlate_to;
	uint16_t xport_from, xport_to;
	const char *peer_vpc_id;
	const struct rib *rib;             /* TRACE_D_RIB: the table looked up */
	const struct rib_route *rib_route; /* TRACE_D_RIB: the route taken (NULL: none) */
	uint32_t n_ecmp;                   /* TRACE_D_RIB: equal-cost routes it was chosen among */
	uint32_t mtu;                      /* MTU of this hop's link, 0 when it sets none */
	const char *note;                  /* static text, or NULL */
	/* TRACE_D_LB: what the load balancer decided (each NULL when it did
	 * not get that far); the new connection to the target in xlate_*
	 * (xlate_from: the load balancer address the client used) */
	const struct model_lb_listener *lb_listener;
	const struct model_lb_rule *lb_rule;     /* ALB: the rule that took the request */
	const struct model_lb_action *lb_action; /* ALB: its deciding action */
	const struct model_tg *lb_tg;
	const struct model_tg_target *lb_target;
	const char *lb_target_health; /* "healthy", ..., "not reported" */
	uint32_t lb_n_targets;        /* targets the node could pick among */
	bool lb_client_ip;            /* the target sees the client's address */
	struct acl_pkt pkt;           /* the packet as it leaves this hop */
};

struct trace_expl {
	const char *code;
	struct trace_comp comp;
	enum trace_dir dir;
	bool info; /* informational (AVAILABILITY_ZONE_CROSSED, ...): does not block */
	char msg[TRACE_MSG_LEN];
};

struct trace_path {
	bool reachable;
	bool evaluated; /* false: not traced (the forward path never arrived) */
	struct trace_hop hops[TRACE_MAX_HOPS];
	uint32_t n_hops;
	struct trace_expl expl[TRACE_MAX_EXPL];
	uint32_t n_expl;
	bool truncated;             /* hops or explanations did not fit */
	uint32_t mtu;               /* path MTU: the smallest link MTU on the path (0 = none set) */
	struct trace_comp mtu_comp; /* the component that sets it */
	bool mtu_strict; /* it drops a larger packet: no fragmentation, no path MTU discovery */
};

struct trace_result {
	bool reachable;      /* forward AND return delivered */
	struct acl_pkt flow; /* the packet as the source sends it */
	char src_text[TRACE_TEXT_LEN], dst_text[TRACE_TEXT_LEN];
	const char *from, *to; /* as asked */
	uint32_t size;         /* packet size checked against each path's MTU */
	struct trace_path fwd, ret;
};

/* 0, VS_EINVAL or VS_ENOMEM. */
int trace_ctx_build(const struct model *m, struct trace_ctx **out);
/* The same, with options for the effective routes (links taken down, the
 * DX prefix quota); @ro may be NULL. */
int trace_ctx_build_opts(const struct model *m, const struct rib_opts *ro, struct trace_ctx **out);
void trace_ctx_free(struct trace_ctx *c); /* NULL is a no-op */

/* When @to names a load balancer (its DNS name, name or ARN): its nodes'
 * count, and the zone of each of the first @max in @zones (may be NULL);
 * node k + 1 is trace_query.lb_node k + 1.  0 when @to is not one. */
uint32_t trace_lb_nodes(const struct trace_ctx *c, const char *to, const char **zones,
			uint32_t max);
const struct model *trace_ctx_model(const struct trace_ctx *c);

/*
 * Trace @q into @r (overwritten).  Returns 0 when the trace ran (reachable
 * or not: see r->reachable); VS_ENOTFOUND when from/to names nothing,
 * VS_EINVAL for a flow that cannot be formed (mixed address families, ports
 * out of range, neither end in the snapshot); then @err (may be NULL)
 * receives a message.
 */
int trace_run(const struct trace_ctx *c, const struct trace_query *q, struct trace_result *r,
	      char *err, size_t errlen);

/* Protocol name for output (net_proto_text()): "tcp", "gre", ..., else the number. */
const char *trace_proto_text(uint8_t proto, char buf[8]);
/* Parse a protocol as net_proto_parse() does ("tcp", "gre", a number
 * 0-255), except "all"/"-1": a flow has one protocol.  -1 if invalid. */
int trace_proto_parse(const char *s);

/* Renderers (trace_jsonw.c, the one JSON writer; trace_json.c; trace_text.c). */
struct cJSON;
/* The document of trace_result_json_write() as a cJSON tree (the caller
 * deletes it), or NULL when out of memory. */
struct cJSON *trace_result_json(const struct trace_result *r);
/*
 * The trace JSON document (DESIGN.md "Trace JSON"), compact, streamed into
 * @buf without allocating; canonical (cJSON parses and reprints it byte for
 * byte), no trailing newline.  Like snprintf: writes at most @cap bytes including
 * the terminating NUL (none when @cap is 0) and returns the length the
 * whole document needs; a return >= @cap means it was cut short and the
 * caller retries with a buffer of at least return + 1 bytes.  Thread-safe
 * (reads @r only).
 */
size_t trace_result_json_write(const struct trace_result *r, char *buf, size_t cap);
void trace_result_text(const struct trace_result *r, FILE *f);
/* What decided hop @h (the rule, route, translation, ...), as trace_result_text()
 * prints it after the action, without a newline: for the diagram's labels. */
void trace_hop_detail_text(const struct trace_hop *h, FILE *f);
const char *trace_dir_name(enum trace_dir d); /* "ingress", "egress", or NULL */

#endif
