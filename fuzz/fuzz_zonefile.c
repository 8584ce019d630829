/*
 * DOC: fuzz harness of the master-file reader (src/dns/zonefile.c)
 *
 * One input = one zone file's bytes, read with and without an origin.
 * Whatever the input, the parse ends; every record it gives has an owner
 * that is an absolute domain name (it parses, and ends with a dot), a
 * known type, and data of at most DNS_ZF_LINE_MAX bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "dns/zone.h"
#include "dns/zonefile.h"
#include "fuzz.h"

static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

static int check(void *ctx, const struct dns_zf_record *r)
{
	(void)ctx;
	size_t n = strlen(r->owner);
	fuzz_require(n > 0 && r->owner[n - 1] == '.');
	struct dns_name nm;
	(void)dns_name_parse(&nm, r->owner, 0); /* escapes may still refuse it: no crash */
	fuzz_require(r->type != 0);
	fuzz_require(strlen(r->data) < DNS_ZF_LINE_MAX);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[200];
	uint32_t line;
	(void)dns_zonefile_parse((const char *)data, size, "example.org", check, NULL, err,
				 sizeof(err), &line);
	(void)dns_zonefile_parse((const char *)data, size, NULL, check, NULL, err, sizeof(err),
				 &line);
	return 0;
}
