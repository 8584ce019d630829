/*
 * DOC: dns -- what a DNS query returns from a place in the network, and why
 *
 * The public face of the Route 53 / Route 53 Resolver layer (src/dns/): a
 * resolver view compiled once from a model, then any number of queries.
 *
 *   dns_sim_build(m)  the hosted zones (those the loader found valid; see
 *                     load.h's InvalidChangeBatch findings), their record
 *                     sets, the Resolver rules and their associations, the
 *                     VPCs' DNS attributes, the health checks' status.
 *   dns_sim_ask()     one query, from an instance, ENI or VPC (that VPC's
 *                     Amazon DNS server, Route 53 Resolver) or "internet"
 *                     (public hosted zones only).
 *   report_resolve()  the answer like dig (header, ANSWER SECTION) followed
 *                     by every decision, or its JSON document:
 *                     {"query": {"name", "type"}, "from": {"id", "vpc"},
 *                      "rcode", "outcome", "answers": [{"name", "type",
 *                      "ttl", "data"}], "steps": [{"kind", "chosen",
 *                      "reason", ...ids}]}.
 *
 * Ownership: the sim points into the model, which must outlive it; a reply
 * is the caller's (dns_reply_free).  Thread-safety: a built sim is
 * read-only; any number of threads may ask at once.
 */
#ifndef VPCSIM_DNS_H
#define VPCSIM_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vpcsim/model.h"

struct dns_sim;
struct dns_reply;

/*
 * Build the resolver view of @m.  Returns 0 and sets *out; VS_EINVAL for a
 * NULL argument or a configuration Route 53 refuses as a whole (two rules
 * of one domain associated with one VPC, two private zones of one name
 * associated with one VPC): @err says which; VS_ENOMEM.
 */
int dns_sim_build(const struct model *m, struct dns_sim **out, char *err, size_t errlen);
void dns_sim_free(struct dns_sim *s); /* NULL is a no-op */

/*
 * Let @s check where forwarded queries go with the trace context @t (built
 * from the same model; NULL: no check): for a query a FORWARD rule sends
 * out, a trace over UDP from each address of the rule's outbound endpoint
 * to each target (port 53 or the target's own), reported with the reply
 * (dns_reply_paths(), report_resolve()).  @t must outlive @s.
 */
struct trace_ctx;
void dns_sim_set_tracer(struct dns_sim *s, const struct trace_ctx *t);

/* One path of a forwarded query: from an outbound endpoint address to a
 * target, and whether the trace reached it (code: its first explanation
 * when not; note: why it could not be traced). */
struct dns_fwd_path {
	const char *endpoint_id;
	char from[48];      /* the endpoint's address */
	const char *eni_id; /* its interface, NULL when not in the snapshot */
	const char *target; /* "ip" or "ip:port" as the rule has it */
	bool traced;
	bool reachable;
	const char *code;
	const char *note;
};
/* The paths checked for @r (none when not forwarded or no tracer). */
const struct dns_fwd_path *dns_reply_paths(const struct dns_reply *r, uint32_t *n);

/* Hosted zones left out because they hold what Route 53 refuses. */
size_t dns_sim_n_skipped(const struct dns_sim *s);

/*
 * Ask @name (text, "\DDD" decimal escapes as dig takes them; the trailing
 * dot optional) of type @type ("A", "AAAA", "TXT", "TYPE99"...; NULL: A)
 * from @from: an instance, ENI or VPC id, "site:SITE[@ENDPOINT]" or
 * "site:HOST" (a site of the model asking through the Resolver inbound
 * endpoint it reaches, traced with the tracer when one is set), or
 * "internet" (NULL: internet).
 * Returns 0 and sets *out; VS_EPARSE for a name that is not a domain name,
 * VS_EINVAL for an unknown type, VS_ENOTFOUND for a @from that names no
 * instance, ENI or VPC of the model (or one without a VPC); @err says
 * which.  VS_ENOMEM.
 */
int dns_sim_ask(const struct dns_sim *s, const char *name, const char *type, const char *from,
		struct dns_reply **out, char *err, size_t errlen);

/* What Route 53 may know of the client beyond its place, for the routing
 * policies that need it: @ip its address (or EDNS client subnet) for
 * IP-based routing, @region an AWS Region for latency routing, @location
 * "CONTINENT" (AF, AN, AS, EU, NA, OC, SA), "COUNTRY" (ISO 3166 alpha-2) or
 * "COUNTRY/SUBDIVISION" ("US/WA") for geolocation.  Each may be NULL. */
struct dns_client {
	const char *ip, *region, *location;
};
/* dns_sim_ask() with @client (NULL: none known); VS_EINVAL with @err for
 * an @ip or @location that does not parse. */
int dns_sim_ask_client(const struct dns_sim *s, const char *name, const char *type,
		       const char *from, const struct dns_client *client, struct dns_reply **out,
		       char *err, size_t errlen);
void dns_reply_free(struct dns_reply *r); /* NULL is a no-op */

/*
 * The DNS server's side of one message (`vpcsim dns`): answer the query in
 * the @len octets at @msg as the resolver of @from would (as for
 * dns_sim_ask(); the internet: Route 53's authoritative answers for the
 * public hosted zones), into @out (@cap octets; over UDP the reply is cut
 * to the client's EDNS size, or 512, and marked truncated).  A malformed
 * query gets FORMERR, an unsupported one NOTIMP or REFUSED (dns/wire.h);
 * what the snapshot cannot answer (forwarded to servers outside it, no
 * hosted zone holds the name) gets SERVFAIL with an extended DNS error
 * (RFC 8914) saying why.  Returns the reply's length; 0 when nothing is
 * to be sent (a response, a message shorter than a header, or no memory).
 * Thread-safe on a built sim.
 */
size_t dns_sim_answer_wire(const struct dns_sim *s, const char *from, const uint8_t *msg,
			   size_t len, bool udp, uint8_t *out, size_t cap);

/* What one answered message was, for a query log (report_dns_query_log()):
 * strings of the model or static, valid while the sim lives, or copied. */
#define DNS_INFO_MAX_ANSWERS 16
struct dns_query_info {
	bool parsed;     /* a question could be read */
	char qname[256]; /* as asked, trailing dot */
	char qtype[16];  /* "A", "TYPE99" */
	char rcode[16];  /* the reply's: "NOERROR", "NXDOMAIN", "FORMERR", ... */
	const char *vpc_id, *account, *region; /* the answering resolver's VPC, NULL: internet */
	const char *instance;                  /* --from an instance or interface, else NULL */
	const char *inbound_endpoint;          /* a site's query: the endpoint it entered */
	const char *fw_action, *fw_group, *fw_list; /* the deciding DNS Firewall rule */
	uint32_t n_answers;
	struct {
		char type[16];
		char data[256];
	} answers[DNS_INFO_MAX_ANSWERS];
};

/* dns_sim_answer_wire(), and @info (may be NULL) says what was answered. */
size_t dns_sim_answer_wire_info(const struct dns_sim *s, const char *from, const uint8_t *msg,
				size_t len, bool udp, uint8_t *out, size_t cap,
				struct dns_query_info *info);

/* One line of Route 53 Resolver's query log (resolver-query-logs-format.html:
 * version, account_id, region, vpc_id, query_timestamp, query_name,
 * query_type, query_class, rcode, answers, srcaddr, srcport, transport,
 * srcids, firewall_rule_action ...) for @info, asked from @srcaddr:@srcport
 * over @transport ("UDP", "TCP") at @when (seconds since the epoch). */
bool report_dns_query_log(FILE *f, const struct dns_query_info *info, const char *srcaddr,
			  unsigned srcport, const char *transport, double when);

/*
 * Where the query in @msg (@len octets) asked from @from goes when a
 * Resolver FORWARD rule sends it out: 1 and the target's address in @ip
 * (@iplen bytes; "ip" without the port) when the rule's outbound endpoint
 * reaches the target (with a tracer set: dns_sim_set_tracer(); without
 * one, the first target); 0 when the query is not forwarded; -1 when it is
 * but no target is reachable from the endpoint (@why, @whylen bytes, says
 * why).  For `vpcsim dns --forward`, which relays such queries to a real
 * server standing in for the target.
 */
int dns_sim_forward_target(const struct dns_sim *s, const char *from, const uint8_t *msg,
			   size_t len, char *ip, size_t iplen, char *why, size_t whylen);

/* Whether @from names a place dns_sim_ask() takes; else VS_ENOTFOUND and
 * @err says why. */
int dns_sim_check_from(const struct dns_sim *s, const char *from, char *err, size_t errlen);

/* NOERROR with at least one answer: `vpcsim resolve`'s exit 0. */
bool dns_reply_answered(const struct dns_reply *r);

/* The first address the reply answers with (an A record's, or with @v6 an
 * AAAA record's data, after any CNAME chain), or NULL. */
const char *dns_reply_address(const struct dns_reply *r, bool v6);

/* The rcode's name ("NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED"). */
const char *dns_reply_rcode(const struct dns_reply *r);

/*
 * The reply as text (dig's header and answer section, then the steps,
 * every string escaped as report.h says) or as its JSON document (see
 * DOC).  False when memory runs out; a failed write is left in ferror.
 */
bool report_resolve(FILE *f, const struct dns_reply *r, bool json);

#endif
