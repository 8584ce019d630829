/*
 * DOC: domain names -- text form, wire form, comparison
 *
 * A name is held in its uncompressed wire form (RFC 1035 3.1: length-prefixed
 * labels ending with the zero-length root label), lowercased, so that equality
 * and ordering are byte comparisons.  Case folding is ASCII only (RFC 4343);
 * Route 53 stores letters as lowercase too, whatever case or escape they were
 * given in (Route 53 Developer Guide, DomainNameFormat.html).
 *
 * Limits (RFC 1035 2.3.4, and Route 53's own): a label is at most 63 octets,
 * a name at most 255 octets in wire form -- 253 characters of text without the
 * trailing dot.  Longer input is refused, never truncated.
 *
 * Text form: labels separated by dots, the trailing dot optional (Route 53
 * treats "www.example.com" and "www.example.com." as the same fully qualified
 * name).  Escapes per RFC 1035 5.1: "\X" is the character X itself (so "\."
 * is a dot inside a label) and "\DDD" a decimal octet value.  Route 53's API
 * prints escapes as three *octal* digits instead ("\052" for '*'): parse
 * and print such names with DNS_NAME_OCTAL.
 *
 * Every function here works on caller-owned storage and never allocates;
 * a struct dns_name may be copied with '='.  Thread-safe.
 */
#ifndef VPCSIM_DNS_NAME_H
#define VPCSIM_DNS_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_LABEL_MAXLEN  63
#define DNS_NAME_MAXLEN   255 /* octets of wire form, the root label included */
#define DNS_NAME_MAXLABEL 127 /* labels in a name of 255 octets, root excluded */

/* Escape convention of a text name. */
#define DNS_NAME_OCTAL 0x1u /* "\OOO" is octal (Route 53's API), not decimal */

struct dns_name {
	uint8_t len;    /* octets used in wire[], root label included: 1 for "." */
	uint8_t labels; /* labels, root excluded: 0 for "." */
	uint8_t wire[DNS_NAME_MAXLEN];
};

/*
 * Parse the @n characters of @text (need not be NUL-terminated).  Returns 0;
 * VS_EINVAL when an argument is NULL; VS_EPARSE for an empty name, an empty
 * label ("a..b", a leading dot), a bad or truncated escape, an escaped value
 * above 255; VS_ERANGE for a label over 63 octets or a name over 255.
 * On error *out is the root name.
 */
int dns_name_from_text(struct dns_name *out, const char *text, size_t n, unsigned flags);
/* The same for a NUL-terminated string. */
int dns_name_parse(struct dns_name *out, const char *text, unsigned flags);

/*
 * Write @n as text with its trailing dot ("." for the root), escaping '.',
 * '\\' and the characters zone files treat specially with "\X" and other
 * octets outside printable ASCII with "\DDD" (octal with DNS_NAME_OCTAL,
 * where everything outside [a-z0-9_-] is escaped, as Route 53 prints).
 * Like snprintf: writes at most @size bytes, NUL-terminated when @size > 0,
 * and returns the length the whole text needs (at most 1009: 4 per octet).
 */
size_t dns_name_to_text(const struct dns_name *n, char *buf, size_t size, unsigned flags);

/* The root name ".". */
void dns_name_root(struct dns_name *out);

bool dns_name_equal(const struct dns_name *a, const struct dns_name *b);
/*
 * Canonical DNS order (RFC 4034 6.1): label by label from the rightmost,
 * each label as an octet string (already lowercase), a shorter prefix first.
 * A name sorts before all names below it, and those follow it in one run.
 */
int dns_name_cmp(const struct dns_name *a, const struct dns_name *b);
/* @n is @parent or a name below it ("at or below"). */
bool dns_name_is_subdomain(const struct dns_name *n, const struct dns_name *parent);
/* @n is strictly below @parent. */
bool dns_name_is_below(const struct dns_name *n, const struct dns_name *parent);
static inline unsigned dns_name_label_count(const struct dns_name *n)
{
	return n->labels;
}

/* @n without its @k leftmost labels (k <= labels); VS_ERANGE when k is larger. */
int dns_name_strip(const struct dns_name *n, unsigned k, struct dns_name *out);
/* "*." + @n (RFC 4592 2.1.1 source of synthesis); VS_ERANGE if too long. */
int dns_name_wildcard_of(const struct dns_name *n, struct dns_name *out);
/* The leftmost label is the single octet '*' (RFC 4592 2.1.1). */
bool dns_name_is_wildcard(const struct dns_name *n);

#endif
