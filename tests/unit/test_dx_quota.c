/*
 * DOC: unit tests of the Direct Connect prefix quota (src/route/dx_quota.c)
 *
 * Direct Connect User Guide, limits.html: 100 routes per BGP session on a
 * private or transit virtual interface (per address family), 1,000 on a
 * public one.  A prefix a site announces twice is one route of the
 * session (RFC 4271 3.1: a later announcement replaces the earlier).
 * Models are built by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "route/dx_quota.h"
#include "vpcsim/error.h"

struct fx {
	struct model m;
	struct model_vif vifs[2];
	struct model_site site;
	struct model_site_adv adv[8];
};

static void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->vifs[0].obj.kind = f->vifs[1].obj.kind = MODEL_VIF;
	f->vifs[0].obj.id = "dxvif-private";
	f->vifs[1].obj.id = "dxvif-public";
	f->vifs[0].type = VIF_PRIVATE;
	f->vifs[1].type = VIF_PUBLIC;
	f->m.vifs = f->vifs;
	f->m.n_vifs = 2;
	f->site.adv = f->adv;
	f->m.sites = &f->site;
	f->m.n_sites = 1;
}

static void adv(struct fx *f, const char *pfx, struct model_vif *via)
{
	struct model_site_adv *a = &f->adv[f->site.n_adv++];
	assert_int_equal(net_prefix_parse(pfx, &a->prefix.pfx), 0);
	a->via = via ? &via->obj : NULL;
}

static void test_distinct_prefixes_per_family_are_counted(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	adv(&f, "192.168.0.0/24", &f.vifs[0]);
	adv(&f, "192.168.0.0/24", &f.vifs[0]); /* announced twice: one route */
	adv(&f, "192.168.0.7/24", &f.vifs[0]); /* the same prefix with host bits */
	adv(&f, "192.168.1.0/24", &f.vifs[0]);
	adv(&f, "2001:db8::/48", &f.vifs[0]);
	adv(&f, "192.168.0.0/25", &f.vifs[0]); /* a longer prefix is another route */
	adv(&f, "203.0.113.0/24", &f.vifs[1]);
	adv(&f, "198.51.100.0/24", NULL); /* over no VIF of the model: counts nowhere */
	struct route_dx_count cnt[2];
	assert_int_equal(route_dx_prefix_counts(&f.m, cnt), 0);
	assert_int_equal(cnt[0].v4, 3);
	assert_int_equal(cnt[0].v6, 1);
	assert_int_equal(cnt[1].v4, 1);
	assert_int_equal(cnt[1].v6, 0);
}

static void test_quota_is_100_private_1000_public_or_the_raised_one(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	assert_int_equal(route_dx_prefix_limit(&f.vifs[0], 0), ROUTE_DX_PREFIX_LIMIT);
	assert_int_equal(ROUTE_DX_PREFIX_LIMIT, 100);
	assert_int_equal(route_dx_prefix_limit(&f.vifs[0], 250), 250);
	assert_int_equal(route_dx_prefix_limit(&f.vifs[1], 250), ROUTE_DX_PUBLIC_PREFIX_LIMIT);
	assert_int_equal(ROUTE_DX_PUBLIC_PREFIX_LIMIT, 1000);
}

static void test_no_vif_no_count_and_bad_arguments(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f);
	f.m.n_vifs = 0;
	assert_int_equal(route_dx_prefix_counts(&f.m, NULL), 0);
	f.m.n_vifs = 2;
	assert_int_equal(route_dx_prefix_counts(&f.m, NULL), VS_EINVAL);
	assert_int_equal(route_dx_prefix_counts(NULL, NULL), VS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distinct_prefixes_per_family_are_counted),
		cmocka_unit_test(test_quota_is_100_private_1000_public_or_the_raised_one),
		cmocka_unit_test(test_no_vif_no_count_and_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
