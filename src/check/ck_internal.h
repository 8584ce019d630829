/*
 * DOC: checker internals shared by the rule families
 *
 * check_model() runs one function per family; each appends findings to the
 * diag list and returns 0, or VS_ENOMEM when the list cannot grow (then
 * check_model() stops).  The families:
 *   ck_addr   VPC and subnet CIDRs, and what lives in subnets (ENIs,
 *             instances, NAT gateways): InvalidVpc.Range, CidrLimitExceeded,
 *             InvalidSubnet.Range, InvalidSubnet.Conflict
 *   ck_route  VPC route tables: RouteAlreadyExists, InvalidParameterValue,
 *             RouteNotSupported, dangling targets, BLACKHOLE_ROUTE
 *   ck_sg     security groups and network ACLs
 *   ck_gw     gateways, peering, endpoints, TGW, VPN, Direct Connect, sites
 *   ck_loop   routing loops between middlebox appliances (ROUTING_LOOP)
 *   ck_elb    load balancers: zones, forward target groups
 *   ck_dns    Route 53 design findings
 *
 * A reference is dangling when its resolved pointer is NULL *and* the id is
 * not in the model's index either (the second look keeps the checker right
 * whatever the resolver chose to resolve).
 */
#ifndef VPCSIM_CHECK_CK_INTERNAL_H
#define VPCSIM_CHECK_CK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vpcsim/check.h"
#include "vpcsim/diag.h"
#include "vpcsim/model.h"
#include "vpcsim/vpc_route.h"

int ck_addr(const struct model *m, const struct check_opts *o, struct diag_list *d);
int ck_route(const struct model *m, const struct check_opts *o, struct diag_list *d);
int ck_sg(const struct model *m, const struct check_opts *o, struct diag_list *d);
int ck_gw(const struct model *m, const struct check_opts *o, struct diag_list *d);
int ck_loop(const struct model *m, const struct check_opts *o, struct diag_list *d);
int ck_elb(const struct model *m, const struct check_opts *o, struct diag_list *d);
int ck_dns(const struct model *m, const struct check_opts *o, struct diag_list *d);

/*
 * One finding on resource @on: its id and its file, no line or column
 * (a model object keeps the file it came from, not where in it).  @fmt is the message, in AWS's shape where AWS has one.
 * Returns diag_add()'s 0 or VS_ENOMEM.
 */
int ck_report(struct diag_list *d, enum diag_severity sev, const char *code,
	      const struct model_obj *on, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * A rule family's checks of one object, for ck_each(): @obj is an object
 * of the kind walked (MODEL_AS() gives its type).  0 or VS_ENOMEM.
 */
typedef int (*ck_obj_fn)(const struct model *m, const struct model_obj *obj, struct diag_list *d);

/*
 * @fn on each object of @kind in snapshot order, the order its findings
 * are reported in.  The first VS_ENOMEM stops the walk and is returned;
 * otherwise 0.
 */
int ck_each(const struct model *m, enum model_kind kind, ck_obj_fn fn, struct diag_list *d);

/*
 * The duplicate finder of the checks that sort, O(n log n): @key writes
 * the sort key of element @i of @owner's @n into @k (@size bytes), or
 * returns false for an element that is not compared; the keys are sorted
 * by @cmp and @pair is called on each key and the one sorted just before
 * it, to report them when they clash.  Stops at the first @pair that
 * fails.  Returns 0, VS_ENOMEM, or what @pair returned when it failed.
 */
typedef bool (*ck_key_fn)(const void *owner, uint32_t i, void *k);
typedef int (*ck_pair_fn)(const void *owner, const void *prev, const void *k, struct diag_list *d);
int ck_sorted_pairs(const void *owner, uint32_t n, size_t size, ck_key_fn key,
		    int (*cmp)(const void *, const void *), ck_pair_fn pair, struct diag_list *d);

/* A set id: not NULL and not "". */
static inline bool ck_has_id(const char *id)
{
	return id != NULL && id[0] != '\0';
}

static inline bool ck_streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The object a reference names: @resolved when the loader resolved it,
 * else whatever the index holds under @id (NULL when nothing). */
static inline const struct model_obj *ck_lookup(const struct model *m, const void *resolved,
						const char *id)
{
	if (resolved != NULL)
		return (const struct model_obj *)resolved;
	if (!ck_has_id(id))
		return NULL;
	return model_find(m, id);
}

/* Same, but only an object of @kind counts. */
static inline const struct model_obj *ck_lookup_kind(const struct model *m, const void *resolved,
						     const char *id, enum model_kind kind)
{
	const struct model_obj *o = (const struct model_obj *)resolved;
	if (o != NULL)
		return o->kind == kind ? o : NULL;
	/* by kind: an id another kind also holds must not hide this one */
	return ck_has_id(id) ? model_find_kind(m, kind, id) : NULL;
}

/*
 * Report "@id" as missing when it is set and names nothing: error @code on
 * @owner with AWS's not-found shape "The @what ID '@id' does not exist".
 * Returns 0 or VS_ENOMEM.
 */
static inline int ck_ref(const struct model *m, struct diag_list *d, const struct model_obj *owner,
			 const void *resolved, const char *id, const char *code, const char *what)
{
	if (!ck_has_id(id) || ck_lookup(m, resolved, id) != NULL)
		return 0;
	return ck_report(d, DIAG_ERROR, code, owner, "The %s ID '%s' does not exist", what, id);
}

/*
 * A prefix list reference of @owner: the loader resolved it in @owner's
 * Region only (ld_find_pl: a prefix list applies only to the Region where
 * it was created, managed-prefix-lists.html), so unresolved means AWS
 * would not find it, even when a list of that id is in another Region of
 * the snapshot.  InvalidPrefixListID.NotFound; 0 or VS_ENOMEM.
 */
static inline int ck_pl_ref(const struct model *m, struct diag_list *d,
			    const struct model_obj *owner, const struct model_pl *pl,
			    const char *id)
{
	const struct model_obj *other;

	if (!ck_has_id(id) || pl != NULL)
		return 0;
	other = model_find_kind(m, MODEL_PL, id);
	if (other != NULL && other->region != NULL)
		return ck_report(d, DIAG_ERROR, "InvalidPrefixListID.NotFound", owner,
				 "The prefixList ID '%s' does not exist: it is in Region %s, and a "
				 "prefix list applies only to the Region where it was created.",
				 id, other->region);
	return ck_report(d, DIAG_ERROR, "InvalidPrefixListID.NotFound", owner,
			 "The prefixList ID '%s' does not exist", id);
}

/*
 * ck_ref() for each of the @n ids @ids of @owner, the loop every list of
 * references (a route table's subnets, an endpoint's groups...) runs:
 * @resolved holds the loader's objects in step with @ids, or is NULL when
 * it resolved none.  One finding per dangling id; 0 or VS_ENOMEM.
 */
static inline int ck_refs(const struct model *m, struct diag_list *d, const struct model_obj *owner,
			  void *const *resolved, const char *const *ids, uint32_t n,
			  const char *code, const char *what)
{
	int rc;

	for (uint32_t i = 0; i < n; i++)
		if ((rc = ck_ref(m, d, owner, resolved ? resolved[i] : NULL, ids[i], code, what)) <
		    0)
			return rc;
	return 0;
}

/* Is @acct one of the accounts the snapshot covers?  NULL counts as ours. */
static inline bool ck_account_known(const struct model *m, const char *acct)
{
	if (acct == NULL)
		return true;
	for (uint32_t i = 0; i < m->n_accounts; i++)
		if (strcmp(m->accounts[i], acct) == 0)
			return true;
	return false;
}

/* Is @region one of the regions the snapshot covers?  NULL counts as ours. */
static inline bool ck_region_known(const struct model *m, const char *region)
{
	if (region == NULL || m->n_regions == 0)
		return true;
	for (uint32_t i = 0; i < m->n_regions; i++)
		if (strcmp(m->regions[i], region) == 0)
			return true;
	return false;
}

/*
 * RouteAlreadyExists in VPC and transit gateway route tables alike: of the
 * @n routes of @table, @dst gives route @i's destination and prefix-list
 * id, or false for a route that is not compared (propagated, added by
 * vpcsim); a route with neither a CIDR nor a prefix list is skipped here.
 * Two routes have one destination when the canonical prefixes, or the
 * prefix-list ids, are equal.  @report is called for each route whose
 * destination an earlier one already has, in destination order.  Returns
 * 0, VS_ENOMEM, or what @report returned when it failed.
 */
typedef bool (*ck_route_dst_fn)(const void *table, uint32_t i, const struct model_cidr **dst,
				const char **pl);
typedef int (*ck_route_dup_fn)(const void *table, uint32_t i, struct diag_list *d);
int ck_dst_duplicates(const void *table, uint32_t n, ck_route_dst_fn dst, ck_route_dup_fn report,
		      struct diag_list *d);

#endif
