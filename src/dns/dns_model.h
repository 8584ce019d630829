/*
 * DOC: the DNS layer fed from the model (private to libvpcsim)
 *
 * The model keeps Route 53's fields as the snapshot wrote them (model.h:
 * struct model_zone, model_rrset, model_rslvr_rule ...); this module turns
 * them into the engine's input types (zone.h, resolve.h) and holds what
 * vpcsim/dns.h's dns_sim and dns_reply are.  The loader uses
 * dns_model_check_zone() to report what Route 53 would refuse; the
 * renderer (src/report/resolve.c) reads struct dns_reply.
 */
#ifndef VPCSIM_DNS_MODEL_H
#define VPCSIM_DNS_MODEL_H

#include <stddef.h>

#include "dns/resolve.h"
#include "vpcsim/dns.h"
#include "vpcsim/model.h"

struct arena;

/*
 * @z as the engine's input, arrays and strings from @a; each rrset's user
 * pointer is its struct model_rrset.  0 or VS_ENOMEM.
 */
int dns_model_zone_in(const struct model_zone *z, struct arena *a, struct dns_zone_in *out);

/*
 * Build @z alone: 0 when Route 53 would take it; VS_EPARSE for a record set
 * it refuses, VS_EINVAL for a name that does not parse (@err says which);
 * VS_ENOMEM.
 */
int dns_model_check_zone(const struct model_zone *z, char *err, size_t errlen);

#define DNS_MAX_FWD_PATHS 16

/* A query from an on-premises site: its resolver sends it to a Route 53
 * Resolver inbound endpoint (resolver-forwarding-inbound-queries.html),
 * whose security groups decide whether it arrives. */
struct dns_inbound {
	const char *site_id;     /* NULL: the query is not from a site */
	const char *host_id;     /* the site host asking, NULL: the site's first address */
	char src[48];            /* the address the query comes from */
	const char *endpoint_id; /* the endpoint that takes it, NULL: none reachable */
	struct dns_fwd_path paths[DNS_MAX_FWD_PATHS]; /* site -> each endpoint address */
	uint32_t n_paths;
	char ips[DNS_MAX_FWD_PATHS][48]; /* the paths' targets */
};

struct dns_reply {
	const struct dns_sim *sim;
	char name[1024];    /* the query name as text (trailing dot) */
	char type_text[16]; /* "A", "TYPE123" */
	const char *from;   /* as given, or "internet" */
	const char *vpc_id; /* the VPC whose resolver answered, NULL: the internet */
	struct dns_query q;
	struct dns_result r;
	struct dns_fwd_path paths[DNS_MAX_FWD_PATHS];
	uint32_t n_paths;
	struct dns_inbound in; /* from a site (site_id set) */
	char loc[64];          /* the client's location given (q.client_geo points here) */
};

/* The VPC whose resolver a query from @from meets (*vpc NULL: the
 * internet); VS_ENOTFOUND with @err when @from names nothing (dns.h).  For
 * a site ("site:SITE[@ENDPOINT]", "site:HOST"), the inbound endpoint it
 * reaches goes into @in (may be NULL: only checked), traced when @s has a
 * tracer; *vpc is that endpoint's VPC (the first candidate's when none is
 * reachable, in->endpoint_id NULL). */
int dns_sim_where(const struct dns_sim *s, const char *from, const char **vpc,
		  struct dns_inbound *in, char *err, size_t errlen);
/* The query @qn / @qt asked from @from (whose resolver is @vpc's, or the
 * internet's): the one place that says what a query carries (client hash,
 * health table, the host's DHCP-given servers), for dns_sim_ask() and the
 * wire server alike. */
void dns_sim_query(const struct dns_sim *s, const char *from, const char *vpc,
		   const struct dns_inbound *in, const struct dns_name *qn, uint16_t qt,
		   struct dns_query *q);
/*
 * Resolver forwards from an outbound endpoint's addresses to a rule's
 * targets (resolver-forwarding-outbound-queries.html): each address and
 * target ("ip" or "ip:port") traced over UDP to port 53 or the target's
 * port with @t, into @out (at most @max); returns how many.  One path with
 * a note when the endpoint is not in @m; none without a tracer.  For
 * resolve, the wire server and check alike.
 */
struct trace_ctx;
uint32_t dns_forward_paths(const struct model *m, const struct trace_ctx *t,
			   const char *endpoint_id, const char *const *targets, uint32_t n_targets,
			   struct dns_fwd_path *out, uint32_t max);
/* The traced paths of @r's forwarded query into r->paths (a tracer set;
 * nothing otherwise). */
void dns_sim_forward_paths(const struct dns_sim *s, struct dns_reply *r);
/* The weighted / multivalue pick of a client (stable per client). */
uint64_t dns_sim_client_hash(const char *s);
/* The model and view of @s, for the wire server (dns_serve.c). */
const struct model *dns_sim_model(const struct dns_sim *s);
const struct dns_view *dns_sim_view(const struct dns_sim *s);

/* The zones left out (invalid), for the renderer's notes. */
const struct model_zone *dns_sim_skipped(const struct dns_sim *s, size_t i);

#endif
