/*
 * DOC: addresses and prefixes written as text in the unit tests
 *
 * A() and P() parse the text a test writes an address or a prefix in; text
 * that does not parse is a mistake in the test, so it fails the test with
 * the text quoted instead of going on with a zero value.  Include after
 * <cmocka.h>.
 */
#ifndef VPCSIM_TESTS_NET_FIXTURE_H
#define VPCSIM_TESTS_NET_FIXTURE_H

#include "vpcsim/net.h"

static inline struct net_addr A(const char *s) {
	struct net_addr a;
	if (net_addr_parse(s, &a) != 0)
		fail_msg("address %s should parse", s);
	return a;
}

static inline struct net_prefix
P(const char *s) {
	struct net_prefix p;
	if (net_prefix_parse(s, &p) != 0)
		fail_msg("prefix %s should parse", s);
	return p;
}

#endif
