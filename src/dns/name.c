/*
 * DOC: domain names (name.h): RFC 1035 2.3.4 limits, 3.1 wire form, 5.1 text
 * escapes; RFC 4343 case folding; RFC 4034 6.1 canonical order; RFC 4592
 * wildcard owner names.
 *
 * The text parser writes each label into the wire buffer as it reads it and
 * checks every length before the octet is stored, so no input can write past
 * the 255 octets of struct dns_name.  Comparisons walk label offsets kept in
 * a stack array of DNS_NAME_MAXLABEL entries.
 */
#include "dns/name.h"

#include <string.h>

#include "vpcsim/error.h"

static uint8_t fold(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
}

void dns_name_root(struct dns_name *out)
{
	out->len = 1;
	out->labels = 0;
	out->wire[0] = 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int dns_name_from_text(struct dns_name *out, const char *text, size_t n, unsigned flags)
{
	if (!out)
		return VS_EINVAL;
	dns_name_root(out);
	if (!text)
		return VS_EINVAL;
	if (n == 0)
		return VS_EPARSE;
	if (n == 1 && text[0] == '.')
		return 0; /* the root */

	const unsigned base = (flags & DNS_NAME_OCTAL) ? 8 : 10;
	uint8_t buf[DNS_NAME_MAXLEN];
	size_t used = 0; /* octets of buf[] written, length bytes included */
	unsigned labels = 0;
	size_t i = 0;
	int err = 0;

	/*
	 * Every octet written (length byte or label octet) is checked to leave
	 * room for the root label's zero: at most 254 before it, 255 in all.
	 */
	while (i < n) {
		if (used >= DNS_NAME_MAXLEN - 1) {
			err = VS_ERANGE;
			goto fail;
		}
		size_t lab = used;
		size_t lablen = 0;
		buf[used++] = 0;
		while (i < n && text[i] != '.') {
			uint8_t octet;
			if (text[i] != '\\') {
				octet = (uint8_t)text[i++];
			} else if (n - i < 2) {
				err = VS_EPARSE; /* a lone backslash at the end */
				goto fail;
			} else if (!is_digit(text[i + 1])) {
				octet = (uint8_t)text[i + 1]; /* "\X": X itself */
				i += 2;
			} else {
				if (n - i < 4) {
					err = VS_EPARSE; /* "\DDD" needs three digits */
					goto fail;
				}
				unsigned v = 0;
				for (size_t k = 1; k <= 3; k++) {
					char d = text[i + k];
					if (!is_digit(d) || (unsigned)(d - '0') >= base) {
						err = VS_EPARSE;
						goto fail;
					}
					v = v * base + (unsigned)(d - '0');
				}
				if (v > 255) {
					err = VS_EPARSE;
					goto fail;
				}
				octet = (uint8_t)v;
				i += 4;
			}
			if (lablen == DNS_LABEL_MAXLEN || used >= DNS_NAME_MAXLEN - 1) {
				err = VS_ERANGE;
				goto fail;
			}
			buf[used++] = fold(octet);
			lablen++;
		}
		if (lablen == 0) {
			err = VS_EPARSE; /* "a..b", ".a" */
			goto fail;
		}
		buf[lab] = (uint8_t)lablen;
		labels++;
		if (i < n)
			i++; /* the dot; a trailing one ends the loop */
	}
	buf[used++] = 0;
	memcpy(out->wire, buf, used);
	out->len = (uint8_t)used;
	out->labels = (uint8_t)labels;
	return 0;
fail:
	dns_name_root(out);
	return err;
}

int dns_name_parse(struct dns_name *out, const char *text, unsigned flags)
{
	if (!text) {
		if (out)
			dns_name_root(out);
		return VS_EINVAL;
	}
	return dns_name_from_text(out, text, strlen(text), flags);
}

/* Characters RFC 1035 5.1 master files give a meaning of their own. */
static bool special(uint8_t c)
{
	return c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' ||
	       c == '$';
}

static void put(char *buf, size_t size, size_t *pos, char c)
{
	if (*pos + 1 < size)
		buf[*pos] = c;
	(*pos)++;
}

size_t dns_name_to_text(const struct dns_name *n, char *buf, size_t size, unsigned flags)
{
	size_t pos = 0;
	if (!n || n->labels == 0) {
		put(buf, size, &pos, '.');
	} else {
		size_t off = 0;
		while (off < n->len && n->wire[off] != 0) {
			uint8_t l = n->wire[off++];
			for (uint8_t k = 0; k < l && off < n->len; k++, off++) {
				uint8_t c = n->wire[off];
				bool plain;
				if (flags & DNS_NAME_OCTAL)
					plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
						c == '-' || c == '_';
				else
					plain = c > 0x20 && c < 0x7f && !special(c);
				if (plain) {
					put(buf, size, &pos, (char)c);
				} else if (!(flags & DNS_NAME_OCTAL) && c > 0x20 && c < 0x7f) {
					put(buf, size, &pos, '\\');
					put(buf, size, &pos, (char)c);
				} else {
					unsigned b = (flags & DNS_NAME_OCTAL) ? 8 : 10;
					put(buf, size, &pos, '\\');
					put(buf, size, &pos, (char)('0' + c / (b * b)));
					put(buf, size, &pos, (char)('0' + (c / b) % b));
					put(buf, size, &pos, (char)('0' + c % b));
				}
			}
			put(buf, size, &pos, '.');
		}
	}
	if (size > 0)
		buf[pos < size ? pos : size - 1] = '\0';
	return pos;
}

bool dns_name_equal(const struct dns_name *a, const struct dns_name *b)
{
	return a->len == b->len && memcmp(a->wire, b->wire, a->len) == 0;
}

/* Offsets of the length bytes of @n's labels, left to right; returns the count. */
static unsigned offsets(const struct dns_name *n, uint8_t off[DNS_NAME_MAXLABEL])
{
	unsigned k = 0;
	size_t p = 0;
	while (p < n->len && n->wire[p] != 0 && k < DNS_NAME_MAXLABEL) {
		off[k++] = (uint8_t)p;
		p += 1u + n->wire[p];
	}
	return k;
}

int dns_name_cmp(const struct dns_name *a, const struct dns_name *b)
{
	uint8_t oa[DNS_NAME_MAXLABEL], ob[DNS_NAME_MAXLABEL];
	unsigned na = offsets(a, oa), nb = offsets(b, ob);
	unsigned i = na, j = nb;
	while (i > 0 && j > 0) {
		i--;
		j--;
		const uint8_t *la = a->wire + oa[i], *lb = b->wire + ob[j];
		unsigned lena = la[0], lenb = lb[0];
		unsigned m = lena < lenb ? lena : lenb;
		int c = memcmp(la + 1, lb + 1, m);
		if (c != 0)
			return c < 0 ? -1 : 1;
		if (lena != lenb)
			return lena < lenb ? -1 : 1;
	}
	if (na == nb)
		return 0;
	return na < nb ? -1 : 1;
}

/* Offset in @n's wire form where its last @k labels start. */
static size_t suffix_offset(const struct dns_name *n, unsigned k)
{
	unsigned skip = n->labels - k;
	size_t p = 0;
	while (skip-- > 0)
		p += 1u + n->wire[p];
	return p;
}

bool dns_name_is_subdomain(const struct dns_name *n, const struct dns_name *parent)
{
	if (n->labels < parent->labels)
		return false;
	size_t p = suffix_offset(n, parent->labels);
	return (size_t)n->len - p == parent->len &&
	       memcmp(n->wire + p, parent->wire, parent->len) == 0;
}

bool dns_name_is_below(const struct dns_name *n, const struct dns_name *parent)
{
	return n->labels > parent->labels && dns_name_is_subdomain(n, parent);
}

int dns_name_strip(const struct dns_name *n, unsigned k, struct dns_name *out)
{
	if (k > n->labels)
		return VS_ERANGE;
	size_t p = suffix_offset(n, n->labels - k);
	struct dns_name t;
	t.len = (uint8_t)(n->len - p);
	t.labels = (uint8_t)(n->labels - k);
	memcpy(t.wire, n->wire + p, t.len);
	*out = t;
	return 0;
}

int dns_name_wildcard_of(const struct dns_name *n, struct dns_name *out)
{
	if ((size_t)n->len + 2 > DNS_NAME_MAXLEN)
		return VS_ERANGE;
	struct dns_name t;
	t.wire[0] = 1;
	t.wire[1] = '*';
	memcpy(t.wire + 2, n->wire, n->len);
	t.len = (uint8_t)(n->len + 2);
	t.labels = (uint8_t)(n->labels + 1);
	*out = t;
	return 0;
}

bool dns_name_is_wildcard(const struct dns_name *n)
{
	return n->labels > 0 && n->wire[0] == 1 && n->wire[1] == '*';
}
