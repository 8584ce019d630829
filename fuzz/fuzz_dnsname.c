/*
 * DOC: fuzz harness of DNS name text parsing (src/dns/name.c)
 *
 * One input = one name as text (a query name or a record's name as a user
 * or a snapshot writes it), in both escape dialects (RFC 1035 decimal
 * "\DDD" and Route 53's octal).  A name that parses must print back to text
 * that parses to the same name (the printer's escapes are the parser's),
 * stay within 127 labels (255 octets by its type), and compare equal to itself.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/name.h"
#include "fuzz.h"

static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	for (unsigned flags = 0; flags <= DNS_NAME_OCTAL; flags += DNS_NAME_OCTAL) {
		struct dns_name n, back;
		if (dns_name_from_text(&n, text, size, flags) != 0)
			continue;
		fuzz_require(n.len >= 1 && n.labels <= DNS_NAME_MAXLABEL);
		char buf[1100];
		size_t len = dns_name_to_text(&n, buf, sizeof(buf), flags);
		fuzz_require(len < sizeof(buf));
		fuzz_require(dns_name_parse(&back, buf, flags) == 0);
		fuzz_require(dns_name_equal(&n, &back) && dns_name_cmp(&n, &back) == 0);
		fuzz_require(dns_name_is_subdomain(&n, &n));
		struct dns_name w;
		if (dns_name_wildcard_of(&n, &w) == 0)
			fuzz_require(dns_name_is_wildcard(&w));
	}
	free(text);
	return 0;
}
