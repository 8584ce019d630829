/*
 * DOC: diagnostics (findings)
 *
 * Findings are kept in a vector; their strings live in the list's arena.
 *
 * Messages are formatted here, and every string argument (a %s) longer
 * than DIAG_CUT bytes is cut: its first DIAG_CUT bytes (not splitting a
 * UTF-8 character), "..." and its length.  So a 10 MB id quoted by any
 * finding, the loader's or the checker's, costs a few hundred bytes, and the
 * callers need not think of it.  The resource id is cut the same way.
 */
#include "vpcsim/diag.h"

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/names.h"
#include "base/vec.h"
#include "vpcsim/error.h"

/* Longest string argument quoted whole in a message (bytes). */
#define DIAG_CUT 256 /* an ARN (ELB rule ARNs run to ~150 bytes) stays whole */

struct diag_item {
	struct diag d;
	size_t seq;
};

struct diag_list {
	struct arena *arena;
	struct vec items; /* struct diag_item */
};

struct diag_list *diag_list_new(void)
{
	struct diag_list *l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->arena = arena_new();
	if (!l->arena) {
		free(l);
		return NULL;
	}
	vec_init(&l->items, sizeof(struct diag_item));
	return l;
}

void diag_list_free(struct diag_list *l)
{
	if (!l)
		return;
	vec_release(&l->items);
	arena_free(l->arena);
	free(l);
}

/* Output being built: @cap bytes at @p, always NUL-terminated. */
struct diag_buf {
	char *p;
	size_t n, cap;
};

static void diag_put(struct diag_buf *b, const char *s, size_t n)
{
	if (b->n + 1 >= b->cap)
		return;
	if (n > b->cap - 1 - b->n) {
		n = b->cap - 1 - b->n;
		/* a full message ends on a character boundary too */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		b->cap = b->n + n + 1; /* and nothing after it */
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void diag_pad(struct diag_buf *b, size_t n)
{
	while (n--)
		diag_put(b, " ", 1);
}

/* A string argument: cut when long, padded to @width (left-aligned when
 * @left) otherwise. */
static void diag_put_str(struct diag_buf *b, const char *s, int prec, int width, bool left)
{
	if (!s)
		s = "(null)";
	size_t len = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
	if (len > DIAG_CUT) {
		size_t k = DIAG_CUT;
		while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--; /* s[k] starts a character: cut before it */
		char tail[48];
		int t = snprintf(tail, sizeof(tail), "...(%zu bytes)", len);
		diag_put(b, s, k);
		diag_put(b, tail, (size_t)t);
		return;
	}
	size_t pad = width > 0 && (size_t)width > len ? (size_t)width - len : 0;
	if (!left)
		diag_pad(b, pad);
	diag_put(b, s, len);
	if (left)
		diag_pad(b, pad);
}

/* vsnprintf, but through diag_put_str() for every %s. */
static void diag_format(char *out, size_t cap, const char *fmt, va_list ap)
{
	struct diag_buf b = {out, 0, cap};
	out[0] = '\0';
	const char *f = fmt;
	while (*f) {
		if (*f != '%') {
			const char *q = strchr(f, '%');
			size_t n = q ? (size_t)(q - f) : strlen(f);
			diag_put(&b, f, n);
			f += n;
			continue;
		}
		const char *st = f++;
		if (*f == '%') {
			diag_put(&b, "%", 1);
			f++;
			continue;
		}
		/* Rebuild the conversion with any '*' replaced by its value, then
		 * let snprintf format the one argument. */
		char spec[48];
		size_t sn = 0;
		spec[sn++] = '%';
		bool left = false;
		while (*f && strchr("-+ #0", *f)) {
			left |= *f == '-';
			if (sn < 8)
				spec[sn++] = *f;
			f++;
		}
		int width = -1, prec = -1;
		if (*f == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			f++;
		} else if (isdigit((unsigned char)*f)) {
			width = 0;
			while (isdigit((unsigned char)*f))
				width = width < 100000 ? width * 10 + (*f++ - '0') : (f++, width);
		}
		if (*f == '.') {
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			} else {
				while (isdigit((unsigned char)*f))
					prec = prec < 100000 ? prec * 10 + (*f++ - '0') :
							       (f++, prec);
			}
		}
		if (width >= 0)
			sn += (size_t)snprintf(spec + sn, sizeof(spec) - sn, "%d", width);
		if (prec >= 0)
			sn += (size_t)snprintf(spec + sn, sizeof(spec) - sn, ".%d", prec);
		char len[3] = {0};
		size_t ln = 0;
		while (*f && strchr("hlzjtL", *f) && ln < 2)
			len[ln++] = *f++;
		char conv = *f;
		if (!conv)
			break; /* a lone '%' at the end: dropped */
		f++;
		memcpy(spec + sn, len, ln);
		sn += ln;
		spec[sn++] = conv;
		spec[sn] = '\0';
		char tmp[512];
		int t = 0;
		bool l1 = ln == 1 && len[0] == 'l', l2 = ln == 2 && len[0] == 'l';
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		switch (conv) {
		case 's':
			diag_put_str(&b, va_arg(ap, const char *), prec, width, left);
			continue;
		case 'd':
		case 'i':
			if (l2)
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, long long));
			else if (l1)
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, long));
			else if (len[0] == 'z' || len[0] == 't')
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, ptrdiff_t));
			else if (len[0] == 'j')
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, intmax_t));
			else
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, int));
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			if (l2)
				t = snprintf(tmp, sizeof(tmp), spec,
					     va_arg(ap, unsigned long long));
			else if (l1)
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, unsigned long));
			else if (len[0] == 'z' || len[0] == 't')
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, size_t));
			else if (len[0] == 'j')
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, uintmax_t));
			else
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, unsigned));
			break;
		case 'c':
			t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, int));
			break;
		case 'p':
			t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, void *));
			break;
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
		case 'a':
		case 'A':
			if (len[0] == 'L')
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, long double));
			else
				t = snprintf(tmp, sizeof(tmp), spec, va_arg(ap, double));
			break;
		default:
			/* %n or unknown: the format attribute rejects them at
			 * compile time; print the spec, consume nothing. */
			diag_put(&b, st, (size_t)(f - st));
			continue;
		}
#pragma GCC diagnostic pop
		if (t > 0)
			diag_put(&b, tmp, (size_t)t < sizeof(tmp) ? (size_t)t : sizeof(tmp) - 1);
	}
}

/* @s, or a copy cut like a long %s argument, in @a. */
static const char *diag_cut_dup(struct arena *a, const char *s)
{
	if (!s || strlen(s) <= DIAG_CUT)
		return arena_strdup(a, s);
	char buf[DIAG_CUT + 48];
	struct diag_buf b = {buf, 0, sizeof(buf)};
	diag_put_str(&b, s, -1, -1, false);
	return arena_strdup(a, buf);
}

int diag_vadd(struct diag_list *l, enum diag_severity sev, const char *code, const char *resource,
	      const char *file, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	char buf[1024];
	va_list aq;
	va_copy(aq, ap);
	diag_format(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	struct diag d = {
		.severity = sev,
		.code = arena_strdup(l->arena, code ? code : "Unknown"),
		.resource = diag_cut_dup(l->arena, resource),
		.file = arena_strdup(l->arena, file),
		.line = line,
		.col = col,
		.message = arena_strdup(l->arena, buf),
	};
	if (!d.code || !d.message || (resource && !d.resource) || (file && !d.file))
		return VS_ENOMEM;
	struct diag_item *it = vec_push(&l->items);
	if (!it)
		return VS_ENOMEM;
	it->d = d;
	it->seq = l->items.n - 1;
	return 0;
}

int diag_add(struct diag_list *l, enum diag_severity sev, const char *code, const char *resource,
	     const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = diag_vadd(l, sev, code, resource, file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

size_t diag_count(const struct diag_list *l)
{
	return l->items.n;
}

size_t diag_count_severity(const struct diag_list *l, enum diag_severity sev)
{
	size_t n = 0;
	for (uint32_t i = 0; i < l->items.n; i++)
		n += VEC_AT(&l->items, struct diag_item, i)->d.severity == sev;
	return n;
}

const struct diag *diag_get(const struct diag_list *l, size_t i)
{
	return i < l->items.n ? &VEC_AT(&l->items, struct diag_item, i)->d : NULL;
}

bool diag_has_code(const struct diag_list *l, const char *code)
{
	for (uint32_t i = 0; i < l->items.n; i++)
		if (strcmp(VEC_AT(&l->items, struct diag_item, i)->d.code, code) == 0)
			return true;
	return false;
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int diag_item_cmp(const void *pa, const void *pb)
{
	const struct diag_item *a = pa, *b = pb;
	int c = strcmp_null(a->d.file, b->d.file);
	if (c)
		return c;
	if (a->d.line != b->d.line)
		return a->d.line < b->d.line ? -1 : 1;
	if (a->d.col != b->d.col)
		return a->d.col < b->d.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(struct diag_list *l)
{
	if (l->items.n > 1)
		qsort(l->items.items, l->items.n, sizeof(struct diag_item), diag_item_cmp);
}

NAMES_DEFINE(diag_severity_name, enum diag_severity, DIAG_SEVERITIES, "unknown")
