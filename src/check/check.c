/*
 * DOC: snapshot validation -- the driver
 *
 * Runs each rule family in turn (addressing, route tables, security groups
 * and network ACLs, gateways and hybrid connectivity).  The families are
 * independent pure functions of the model; see ck_internal.h.
 */
#include "vpcsim/check.h"

#include <stdarg.h>
#include <stdlib.h>

#include "check/ck_internal.h"
#include "vpcsim/error.h"

int ck_report(struct diag_list *d, enum diag_severity sev, const char *code,
	      const struct model_obj *on, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = diag_vadd(d, sev, code, on->id, on->file, 0, 0, fmt, ap);
	va_end(ap);
	return rc;
}

int ck_each(const struct model *m, enum model_kind kind, ck_obj_fn fn, struct diag_list *d)
{
	uint32_t n = model_count(m, kind);
	int rc;

	for (uint32_t i = 0; i < n; i++)
		if ((rc = fn(m, model_get(m, kind, i), d)) < 0)
			return rc;
	return 0;
}

int ck_sorted_pairs(const void *owner, uint32_t n, size_t size, ck_key_fn key,
		    int (*cmp)(const void *, const void *), ck_pair_fn pair, struct diag_list *d)
{
	char *k;
	size_t nk = 0;
	int rc = 0;

	if (n < 2)
		return 0;
	if ((k = calloc(n, size)) == NULL)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		if (key(owner, i, k + nk * size))
			nk++;
	qsort(k, nk, size, cmp);
	for (size_t i = 1; i < nk && rc == 0; i++)
		rc = pair(owner, k + (i - 1) * size, k + i * size, d);
	free(k);
	return rc;
}

void check_opts_default(struct check_opts *o)
{
	/* https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html */
	o->sg_rules_per_direction = 60;
	o->sg_groups_per_interface = 5;
	o->vpc_cidrs_per_vpc = 5;
	/* https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html */
	o->dx_prefixes_per_session = 100;
}

int check_model(const struct model *m, const struct check_opts *opts, struct diag_list *diag)
{
	static int (*const families[])(const struct model *, const struct check_opts *,
				       struct diag_list *) = {ck_addr, ck_route, ck_sg, ck_gw,
							      ck_loop, ck_elb,   ck_dns};
	struct check_opts dflt;
	int rc;

	if (m == NULL || diag == NULL)
		return VS_EINVAL;
	if (opts == NULL) {
		check_opts_default(&dflt);
		opts = &dflt;
	}
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if ((rc = families[i](m, opts, diag)) < 0)
			return rc;
	return 0;
}
