/*
 * DOC: report -- text output with every quoted string escaped
 *
 * See report.h for the escapes.  report_textf() walks the format: the text
 * between conversions and every non-string conversion go to stdio as they
 * are; a %s argument is escaped into a buffer (on the stack, or the heap for
 * a long one) and printed through the same conversion spec, so width and
 * precision keep their meaning.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/utf8.h"
#include "vpcsim/report.h"

/* Characters that move the cursor, reorder text or break lines. */
static bool rt_unsafe_cp(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * The escape of the character at @s into @out (at least 7 bytes, not
 * NUL-terminated): its length in *olen; returns the input bytes used.
 */
static size_t rt_escape_one(const unsigned char *s, char *out, size_t *olen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = s[0];
	if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
		out[0] = '\\';
		out[1] = c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
		*olen = 2;
		return 1;
	}
	if (c < 0x20 || c == 0x7f) {
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[c >> 4];
		out[3] = hex[c & 15];
		*olen = 4;
		return 1;
	}
	uint32_t cp;
	size_t n = utf8_decode(s, 4, &cp); /* NUL-terminated: a NUL stops it */
	if (n == 0) {                      /* not UTF-8: the byte */
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[c >> 4];
		out[3] = hex[c & 15];
		*olen = 4;
		return 1;
	}
	if (rt_unsafe_cp(cp)) {
		out[0] = '\\';
		out[1] = 'u';
		for (int i = 0; i < 4; i++)
			out[2 + i] = hex[(cp >> (12 - 4 * i)) & 15];
		*olen = 6;
		return n;
	}
	memcpy(out, s, n);
	*olen = n;
	return n;
}

/* True when @s needs no escape at all (the common case: ids, CIDRs). */
static bool rt_clean(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\' || *p >= 0x80)
			return false;
	return true;
}

char *report_text_esc(const char *s, char *buf, size_t len)
{
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		char e[8];
		size_t elen;
		size_t used = rt_escape_one(p, e, &elen);
		if (k + elen >= len)
			break;
		memcpy(buf + k, e, elen);
		k += elen;
		p += used;
	}
	buf[k] = '\0';
	return buf;
}

void report_text_put(const char *s, FILE *f)
{
	if (!s)
		return;
	if (rt_clean(s)) {
		fputs(s, f);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		char e[8];
		size_t elen;
		p += rt_escape_one(p, e, &elen);
		fwrite(e, 1, elen, f);
	}
}

/* Print @s through the conversion @spec ("%-44s"), escaped. */
static void rt_put_str(FILE *f, const char *spec, const char *s, const int *star, int n_star)
{
	if (!s)
		s = "(null)";
	char small[512], *buf = small;
	if (!rt_clean(s)) {
		size_t need = strlen(s) * 6 + 1; /* the longest escape is 6 bytes */
		if (need > sizeof(small)) {
			buf = malloc(need);
			if (!buf) /* out of memory: print nothing rather than raw */
				return;
		}
		s = report_text_esc(s, buf, need > sizeof(small) ? need : sizeof(small));
	}
	if (n_star == 2)
		fprintf(f, spec, star[0], star[1], s);
	else if (n_star == 1)
		fprintf(f, spec, star[0], s);
	else
		fprintf(f, spec, s);
	if (buf != small)
		free(buf);
}

void report_textf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			fputs(p, f);
			break;
		}
		if (pct > p)
			fwrite(p, 1, (size_t)(pct - p), f);
		/* one conversion: % flags width .precision length conversion */
		const char *q = pct + 1;
		int star[2] = {0, 0}, n_star = 0; /* '*' width and precision, in order */
		q += strspn(q, "-+ #0'");
		if (*q == '*') {
			star[n_star++] = va_arg(ap, int);
			q++;
		} else {
			q += strspn(q, "0123456789");
		}
		if (*q == '.') {
			q++;
			if (*q == '*') {
				star[n_star++] = va_arg(ap, int);
				q++;
			} else {
				q += strspn(q, "0123456789");
			}
		}
		const char *lenmod = q;
		q += strspn(q, "hlzjt");
		size_t nlen = (size_t)(q - lenmod);
		char conv = *q;
		char spec[64];
		size_t slen = (size_t)(q - pct) + 1;
		if (!conv || slen >= sizeof(spec))
			abort(); /* a format we wrote is malformed */
		memcpy(spec, pct, slen);
		spec[slen] = '\0';
		p = q + 1;
		bool l1 = nlen == 1 && lenmod[0] == 'l', ll = nlen == 2 && lenmod[0] == 'l',
		     z = nlen == 1 && lenmod[0] == 'z', j = nlen == 1 && lenmod[0] == 'j',
		     t = nlen == 1 && lenmod[0] == 't';
#define RT_EMIT(T)                                              \
	do {                                                    \
		T v_ = va_arg(ap, T);                           \
		if (n_star == 2)                                \
			fprintf(f, spec, star[0], star[1], v_); \
		else if (n_star == 1)                           \
			fprintf(f, spec, star[0], v_);          \
		else                                            \
			fprintf(f, spec, v_);                   \
	} while (0)
/* An integer conversion: the length modifier picks the type va_arg reads
 * (a type cannot be chosen at run time, hence a macro). */
#define RT_EMIT_INT(LL, L, Z, J, T, NONE) \
	do {                              \
		if (ll)                   \
			RT_EMIT(LL);      \
		else if (l1)              \
			RT_EMIT(L);       \
		else if (z)               \
			RT_EMIT(Z);       \
		else if (j)               \
			RT_EMIT(J);       \
		else if (t)               \
			RT_EMIT(T);       \
		else                      \
			RT_EMIT(NONE);    \
	} while (0)
		switch (conv) {
		case '%':
			fputc('%', f);
			break;
		case 's':
			rt_put_str(f, spec, va_arg(ap, const char *), star, n_star);
			break;
		case 'c': {
			char s[2] = {(char)va_arg(ap, int), '\0'};
			spec[slen - 1] = 's';
			rt_put_str(f, spec, s, star, n_star);
			break;
		}
		case 'd':
		case 'i':
			/* hh, h and none are promoted to int */
			RT_EMIT_INT(long long, long, ssize_t, intmax_t, ptrdiff_t, int);
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			RT_EMIT_INT(unsigned long long, unsigned long, size_t, uintmax_t, ptrdiff_t,
				    unsigned int);
			break;
		case 'e':
		case 'E':
		case 'f':
		case 'F':
		case 'g':
		case 'G':
			RT_EMIT(double);
			break;
		case 'p':
			RT_EMIT(void *);
			break;
		default:
			abort(); /* a conversion report_textf does not know */
		}
#undef RT_EMIT_INT
#undef RT_EMIT
	}
	va_end(ap);
}
