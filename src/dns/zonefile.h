/*
 * DOC: RFC 1035 master files (zone files), as Route 53 imports them
 *
 * The text form of a zone (RFC 1035 5.1; $TTL of RFC 2308 4): one record
 * per line, fields separated by blanks, ";" starting a comment, "(" ")"
 * letting a record run over several lines, quoted character-strings with
 * backslash escapes; a blank owner repeats the previous one, "@" is the
 * origin, a name without a trailing dot is relative to it; the TTL and the
 * class (IN only) in either order before the type; $ORIGIN and $TTL
 * directives.  $INCLUDE and $GENERATE are refused: Route 53's import takes
 * one file and expands nothing.  TTLs may carry BIND's units (1h30m, 2d).
 *
 * dns_zonefile_parse() calls @cb once per record with the owner as an
 * absolute name in text and the data as Route 53 writes a value
 * (ResourceRecords[].Value): fields joined by one blank, the names inside
 * CNAME, NS, PTR, MX, SRV and SOA data made absolute, TXT strings as
 * written.  It never reads past @len, keeps nothing, and is thread-safe.
 */
#ifndef VPCSIM_DNS_ZONEFILE_H
#define VPCSIM_DNS_ZONEFILE_H

#include <stddef.h>
#include <stdint.h>

#define DNS_ZF_LINE_MAX 4096 /* one record, parentheses joined */

struct dns_zf_record {
	const char *owner; /* "www.example.com." */
	uint16_t type;
	uint32_t ttl;
	const char *data; /* "10 mail.example.com." */
	uint32_t line;    /* where the record starts */
};

/* A record; a non-zero return stops the parse and is returned. */
typedef int (*dns_zf_record_fn)(void *ctx, const struct dns_zf_record *r);

/*
 * Parse the @len bytes at @text with @origin ("example.com." or without
 * the dot; NULL: the file must say $ORIGIN before its first relative
 * name).  Returns 0; VS_EPARSE with @err (may be NULL; @errlen bytes) and
 * *err_line for text that is not a master file Route 53 takes; or what
 * @cb returned.
 */
int dns_zonefile_parse(const char *text, size_t len, const char *origin, dns_zf_record_fn cb,
		       void *ctx, char *err, size_t errlen, uint32_t *err_line);

#endif
