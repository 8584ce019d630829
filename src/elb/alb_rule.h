/*
 * DOC: Application Load Balancer listener rules -- which rule takes a request
 *
 * An ALB listener evaluates its rules in priority order, lowest number
 * first, the default rule last; the first rule whose conditions all match
 * the request decides (ELB User Guide, listener-rules.html and
 * rule-condition-types.html).  Within one condition the values are
 * alternatives (any one matching is enough); the conditions of a rule must
 * all match.  The condition types, as AWS compares them:
 *
 *  - host-header: the Host header's host name (a ":port" suffix is not
 *    part of it), case-insensitive, wildcards * (0 or more characters) and
 *    ? (exactly one);
 *  - path-pattern: the URL's path (the query string is not part of it),
 *    case-sensitive, wildcards * and ?;
 *  - http-header: the header named (name case-insensitive, no wildcards);
 *    its value compared case-insensitively with wildcards; a header that
 *    appears several times matches when any of its values does; the Host
 *    header cannot be named (host-header is for that);
 *  - http-request-method: exact, case-sensitive ("GET" is not "get");
 *  - query-string: key/value pairs, each with an optional key; both
 *    compared case-insensitively with wildcards against the request's
 *    parameters after percent-decoding; a pair without a key matches any
 *    parameter whose value matches;
 *  - source-ip: the client's address (the connection's source, not
 *    X-Forwarded-For) inside one of the CIDRs.
 * host-header, path-pattern and http-header also take regular expressions
 * (RegexValues), compiled with POSIX extended syntax at build time (host
 * and header case-insensitive, path case-sensitive); a regex matches when
 * it matches anywhere in the string unless anchored.
 *
 * alb_rules_build() is the builder (sorts by priority, compiles regexes);
 * alb_rules_match() the per-request classifier, which never allocates and
 * is thread-safe on a built set.  The set points into the caller's rules,
 * which must outlive it.
 */
#ifndef VPCSIM_ELB_ALB_RULE_H
#define VPCSIM_ELB_ALB_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcsim/names.h"
#include "vpcsim/net.h"

#define ALB_COND_TYPES(X)                         \
	X(ALB_COND_HOST, "host-header")           \
	X(ALB_COND_PATH, "path-pattern")          \
	X(ALB_COND_HEADER, "http-header")         \
	X(ALB_COND_METHOD, "http-request-method") \
	X(ALB_COND_QUERY, "query-string")         \
	X(ALB_COND_SOURCE_IP, "source-ip")

enum alb_cond_type {
	ALB_COND_TYPES(VS_NAMES_ENUM)
};

/* A query-string pair of a condition or of a request; key may be NULL. */
struct alb_kv {
	const char *key;
	const char *value;
};

struct alb_cond {
	enum alb_cond_type type;
	const char *header_name;   /* ALB_COND_HEADER */
	const char *const *values; /* host, path, header, method */
	uint32_t n_values;
	const char *const *regexes; /* host, path, header (RegexValues) */
	uint32_t n_regexes;
	const struct alb_kv *pairs; /* ALB_COND_QUERY */
	uint32_t n_pairs;
	const struct net_prefix *cidrs; /* ALB_COND_SOURCE_IP */
	uint32_t n_cidrs;
};

#define ALB_PRIORITY_DEFAULT UINT32_MAX /* the listener's default rule */

struct alb_rule {
	uint32_t priority; /* 1-50000, or ALB_PRIORITY_DEFAULT */
	const struct alb_cond *conds;
	uint32_t n_conds;
	const void *user; /* the caller's rule (actions), returned as is */
};

/* One HTTP request as the ALB sees it. */
struct alb_request {
	const char *host;             /* Host header, may carry ":port"; NULL = absent */
	const char *path;             /* "/a/b"; a "?query" suffix is split off */
	const char *query;            /* "a=1&b=2" without '?', or NULL (then taken from path) */
	const char *method;           /* "GET", ... */
	const struct alb_kv *headers; /* name/value, names in any case */
	uint32_t n_headers;
	struct net_addr src; /* the client's address */
};

struct alb_ruleset;

/*
 * Build a set from @n rules (@rules is not copied and must outlive the
 * set).  Returns 0 and sets *out; VS_EINVAL when an argument is NULL, two
 * rules share a priority, a condition's type is unknown, or a regex does
 * not compile (then @err, if not NULL, names the rule and the pattern);
 * VS_ENOMEM.
 */
int alb_rules_build(const struct alb_rule *rules, uint32_t n, struct alb_ruleset **out, char *err,
		    size_t errlen);
void alb_rules_free(struct alb_ruleset *s); /* NULL is a no-op */

/* Why a rule did not take the request: its first condition that failed. */
struct alb_miss {
	const struct alb_rule *rule;
	uint32_t cond; /* index into rule->conds */
};

struct alb_match {
	const struct alb_rule *rule; /* the rule that takes it; NULL: none */
	uint32_t n_missed;           /* rules tried before it (all: more than written) */
};

/*
 * The rule that takes @req.  @missed (may be NULL) receives up to
 * @max_missed of the rules tried before it, in evaluation order, each with
 * the condition that failed.  Returns the matching rule or NULL (a set with
 * no default rule, where nothing matched).
 */
const struct alb_rule *alb_rules_match(const struct alb_ruleset *s, const struct alb_request *req,
				       struct alb_match *out, struct alb_miss *missed,
				       uint32_t max_missed);

/* One condition against @req (the regexes of the set's compiled form are
 * not used: @c's plain values only).  For tests and explanations. */
bool alb_cond_matches_plain(const struct alb_cond *c, const struct alb_request *req);

/* Wildcard match of @pat (* and ?) against @s; @icase: ASCII case-insensitive. */
bool alb_glob(const char *pat, const char *s, bool icase);

/* "host-header", "path-pattern", "http-header", "http-request-method",
 * "query-string", "source-ip"; the Field names of describe-rules. */
const char *alb_cond_type_name(enum alb_cond_type t);
/* The type of a describe-rules "Field", or -1. */
int alb_cond_type_parse(const char *field);

#endif
