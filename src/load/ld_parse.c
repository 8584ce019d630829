/*
 * DOC: the snapshot's JSON parser (RFC 8259), building cJSON trees in an arena
 *
 * The readers walk cJSON trees (cJSON_GetObjectItemCaseSensitive,
 * cJSON_ArrayForEach); this parser builds those trees itself instead of
 * calling cJSON_Parse, because a snapshot's parse must:
 *  - allocate from one arena per document, dropped whole after the file is
 *    read (freeing millions of nodes one by one cost more than the parse),
 *    without touching the process's cJSON hooks (cJSON_InitHooks is global
 *    and has no getter, so it cannot be saved and restored);
 *  - say what is wrong and where, as line:column (1-based, in bytes) of
 *    the offending byte: syntax, invalid UTF-8 (RFC 8259 section 8.1; the
 *    model's strings go to --json output, which must stay valid), a \u0000
 *    escape (it would silently cut the C string), a raw control character in
 *    a string (section 7), nesting deeper than LD_JSON_MAX_DEPTH, and out of
 *    memory told apart from all of these;
 *  - report duplicate keys in one object (section 4 leaves their meaning to
 *    the implementation): the first value is kept, later ones are dropped
 *    from the tree, so a reader sees one value whichever way it looks.
 *
 * Linear in the input: each byte is looked at a bounded number of times, and
 * the duplicate-key check compares a new key with the earlier keys of its
 * object while they are few, then switches that object to a hash map.
 * Numbers are strict JSON: integers of up to 15 digits are converted
 * exactly here, others by strtod() on a copy (the radix character of the C
 * locale's LC_NUMERIC is substituted, as cJSON does).
 */
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "load/load_internal.h"
#include "vpcsim/error.h"

/* Keys of one object compared linearly before a hash map takes over. */
#define LD_JSON_LINEAR_KEYS 32
/* Duplicate keys recorded per document; more are only counted. */
#define LD_JSON_MAX_DUPS 64

struct jp_key {
	const char *s;
	size_t len;
	uint32_t h; /* a cheap hash, compared first */
	unsigned line, col;
};

struct jp {
	const unsigned char *p, *end, *line_start;
	unsigned line;
	unsigned depth;
	struct arena *a;
	size_t used, limit; /* node and string bytes; limit 0 = none */
	struct ld_json_doc *doc;
	struct vec keys; /* struct jp_key: the open objects' keys, innermost last */
	bool failed;
};

static unsigned jp_col(const struct jp *j, const unsigned char *at)
{
	size_t c = (size_t)(at - j->line_start) + 1;
	return c > UINT32_MAX ? UINT32_MAX : (unsigned)c;
}

/* Record the first failure (syntax at @at, or VS_ENOMEM). */
static void *jp_fail_at(struct jp *j, const unsigned char *at, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void *jp_fail_at(struct jp *j, const unsigned char *at, int rc, const char *fmt, ...)
{
	if (j->failed)
		return NULL;
	j->failed = true;
	j->doc->rc = rc;
	j->doc->line = j->line;
	j->doc->col = jp_col(j, at);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->doc->what, sizeof(j->doc->what), fmt, ap);
	va_end(ap);
	return NULL;
}

static void *jp_nomem(struct jp *j)
{
	return jp_fail_at(j, j->p, VS_ENOMEM, "out of memory");
}

static void *jp_unexpected(struct jp *j, const char *expected)
{
	if (j->p >= j->end)
		return jp_fail_at(j, j->p, VS_EPARSE, "unexpected end of input%s%s",
				  expected ? ", expected " : "", expected ? expected : "");
	unsigned char ch = *j->p;
	if (ch >= 0x20 && ch < 0x7f)
		return jp_fail_at(j, j->p, VS_EPARSE, "unexpected '%c'%s%s", ch,
				  expected ? ", expected " : "", expected ? expected : "");
	return jp_fail_at(j, j->p, VS_EPARSE, "unexpected byte 0x%02x%s%s", ch,
			  expected ? ", expected " : "", expected ? expected : "");
}

static void *jp_alloc(struct jp *j, size_t n)
{
	if (j->limit && (n > j->limit || j->used > j->limit - n))
		return jp_nomem(j);
	void *p = arena_alloc(j->a, n);
	if (!p)
		return jp_nomem(j);
	j->used += n;
	return p;
}

/* Eight bytes at @p (unaligned), for the word-at-a-time scans. */
static uint64_t jp_load8(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

#define JP_ONES  0x0101010101010101ull
#define JP_HIGHS 0x8080808080808080ull

/* Nonzero when some byte of @w is below @n (n <= 128; Hacker's Delight). */
static uint64_t jp_has_less(uint64_t w, unsigned n)
{
	return (w - JP_ONES * n) & ~w & JP_HIGHS;
}

/* Nonzero when some byte of @w equals @b. */
static uint64_t jp_has_byte(uint64_t w, unsigned char b)
{
	return jp_has_less(w ^ (JP_ONES * b), 1);
}

static void jp_ws(struct jp *j)
{
	const unsigned char *p = j->p, *end = j->end;
	while (p < end) {
		unsigned char ch = *p;
		if (ch == ' ') {
			/* pretty-printed input: runs of indentation */
			p++;
			while (end - p >= 8 && jp_load8(p) == JP_ONES * ' ')
				p += 8;
		} else if (ch == '\t' || ch == '\r') {
			p++;
		} else if (ch == '\n') {
			p++;
			j->line++;
			j->line_start = p;
		} else {
			break;
		}
	}
	j->p = p;
}

static int jp_hex4(const unsigned char *p, const unsigned char *end, unsigned *out)
{
	if (end - p < 4)
		return -1;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char ch = p[i];
		unsigned d;
		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			d = ch - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t jp_put_utf8(unsigned char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The string at j->p (its opening quote), decoded into the arena; *@len is
 * its length.  Escapes only shrink, so the raw length bounds the copy. */
static char *jp_string(struct jp *j, size_t *len)
{
	const unsigned char *open = j->p, *p = open + 1, *end = j->end;
	/* Find the closing quote: a '"' after an even run of backslashes. */
	const unsigned char *q = p;
	for (;;) {
		q = memchr(q, '"', (size_t)(end - q));
		if (!q) {
			/* a raw newline or control byte before the end says more */
			for (const unsigned char *s = p; s < end; s++)
				if (*s < 0x20)
					return jp_fail_at(j, s, VS_EPARSE,
							  "control character 0x%02x in a string "
							  "(unterminated string?)",
							  *s);
			return jp_fail_at(j, open, VS_EPARSE, "unterminated string");
		}
		size_t bs = 0;
		while (q - bs > p && q[-1 - (ptrdiff_t)bs] == '\\')
			bs++;
		if (!(bs & 1))
			break;
		q++;
	}
	unsigned char *out = jp_alloc(j, (size_t)(q - p) + 1);
	if (!out)
		return NULL;
	unsigned char *o = out;
	while (p < q) {
		/* a run of printable ASCII without a backslash, 8 bytes at a time */
		const unsigned char *r = p;
		while (q - r >= 8) {
			uint64_t w = jp_load8(r);
			if ((w & JP_HIGHS) | jp_has_less(w, 0x20) | jp_has_byte(w, '\\'))
				break;
			r += 8;
		}
		if (r > p) {
			memcpy(o, p, (size_t)(r - p));
			o += r - p;
			p = r;
			continue;
		}
		unsigned char ch = *p;
		if (ch >= 0x20 && ch < 0x80 && ch != '\\') {
			*o++ = ch;
			p++;
			continue;
		}
		if (ch < 0x20)
			return jp_fail_at(j, p, VS_EPARSE,
					  "control character 0x%02x in a string (must be escaped)",
					  ch);
		if (ch >= 0x80) {
			size_t n = utf8_decode(p, (size_t)(q - p), NULL);
			if (!n)
				return jp_fail_at(j, p, VS_EPARSE, "invalid UTF-8 (byte 0x%02x)",
						  ch);
			memcpy(o, p, n);
			o += n;
			p += n;
			continue;
		}
		/* a backslash; the closing quote is not escaped, so p + 1 < q */
		const unsigned char *esc = p;
		unsigned char e = p[1];
		p += 2;
		switch (e) {
		case '"':
			*o++ = '"';
			continue;
		case '\\':
			*o++ = '\\';
			continue;
		case '/':
			*o++ = '/';
			continue;
		case 'b':
			*o++ = '\b';
			continue;
		case 'f':
			*o++ = '\f';
			continue;
		case 'n':
			*o++ = '\n';
			continue;
		case 'r':
			*o++ = '\r';
			continue;
		case 't':
			*o++ = '\t';
			continue;
		case 'u':
			break;
		default:
			return jp_fail_at(j, esc, VS_EPARSE, "invalid escape in a string");
		}
		unsigned cp;
		if (jp_hex4(p, q, &cp))
			return jp_fail_at(j, esc, VS_EPARSE, "invalid \\u escape (4 hex digits)");
		p += 4;
		if (cp == 0)
			return jp_fail_at(j, esc, VS_EPARSE,
					  "\\u0000 in a string is not accepted (it would cut the "
					  "string short)");
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return jp_fail_at(j, esc, VS_EPARSE,
					  "invalid \\u escape: unpaired low surrogate");
		if (cp >= 0xd800 && cp <= 0xdbff) {
			unsigned lo;
			if (q - p < 6 || p[0] != '\\' || p[1] != 'u' || jp_hex4(p + 2, q, &lo) ||
			    lo < 0xdc00 || lo > 0xdfff)
				return jp_fail_at(j, esc, VS_EPARSE,
						  "invalid \\u escape: unpaired high surrogate");
			p += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		o += jp_put_utf8(o, cp);
	}
	*o = '\0';
	*len = (size_t)(o - out);
	j->p = q + 1;
	return (char *)out;
}

static bool jp_digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* The end of the digits at @p, at least one; NULL when there is none (the
 * failure, @what expected, recorded at @p). */
static const unsigned char *jp_digits(struct jp *j, const unsigned char *p, const char *what)
{
	if (!jp_digit(p, j->end)) {
		j->p = p;
		return jp_unexpected(j, what);
	}
	while (jp_digit(p, j->end))
		p++;
	return p;
}

static cJSON *jp_number(struct jp *j, cJSON *n)
{
	const unsigned char *st = j->p, *p = st, *end = j->end;
	bool simple = true;
	if (*p == '-')
		p++;
	/* RFC 8259 section 6: no leading zeros */
	if (p < end && *p == '0')
		p++;
	else if (!(p = jp_digits(j, p, "a digit")))
		return NULL;
	if (p < end && *p == '.') {
		simple = false;
		if (!(p = jp_digits(j, p + 1, "a digit after '.'")))
			return NULL;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		simple = false;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!(p = jp_digits(j, p, "a digit in the exponent")))
			return NULL;
	}
	size_t len = (size_t)(p - st);
	double d;
	if (simple && len - (*st == '-') <= 15) {
		int64_t v = 0;
		for (const unsigned char *s = st + (*st == '-'); s < p; s++)
			v = v * 10 + (*s - '0');
		d = (double)(*st == '-' ? -v : v);
	} else {
		char small[64];
		char *buf = len < sizeof(small) ? small : malloc(len + 1);
		if (!buf)
			return jp_nomem(j);
		memcpy(buf, st, len);
		buf[len] = '\0';
		const char *radix = localeconv()->decimal_point;
		if (radix && radix[0] && radix[0] != '.' && !radix[1])
			for (size_t i = 0; i < len; i++)
				if (buf[i] == '.')
					buf[i] = radix[0];
		d = strtod(buf, NULL);
		if (buf != small)
			free(buf);
	}
	n->type = cJSON_Number;
	n->valuedouble = d;
	/* what cJSON stores: the value saturated to int */
	n->valueint = d >= (double)INT32_MAX ? INT32_MAX :
		      d <= (double)INT32_MIN ? INT32_MIN :
					       (int)d;
	j->p = p;
	return n;
}

static cJSON *jp_value(struct jp *j);

static bool jp_lit(struct jp *j, const char *lit, size_t n)
{
	if ((size_t)(j->end - j->p) >= n && memcmp(j->p, lit, n) == 0) {
		j->p += n;
		return true;
	}
	/* point at the first byte that differs */
	const unsigned char *p = j->p;
	for (size_t i = 0; p < j->end && i < n && *p == (unsigned char)lit[i]; i++)
		p++;
	j->p = p;
	jp_unexpected(j, NULL);
	return false;
}

static void jp_dup(struct jp *j, const struct jp_key *first, const struct jp_key *dup)
{
	struct ld_json_doc *d = j->doc;
	d->n_dups_total++;
	if (d->n_dups >= LD_JSON_MAX_DUPS)
		return;
	struct ld_json_dup *x = vec_push(&d->dups);
	if (!x)
		return; /* a warning lost to memory; the parse itself goes on */
	x->key = dup->s;
	x->line = dup->line;
	x->col = dup->col;
	x->first_line = first->line;
	x->first_col = first->col;
	d->n_dups++;
}

/* Is the last key pushed (of the object whose keys start at @base) a
 * repeat?  The index + 1 of the first one, or 0 (also on failure: see
 * j->failed).  Switches the object to @*h once it has more than
 * LD_JSON_LINEAR_KEYS keys, so a huge object stays linear. */
static uint32_t jp_key_seen(struct jp *j, uint32_t base, struct hmap **h)
{
	uint32_t idx = j->keys.n - 1;
	const struct jp_key *k = VEC_AT(&j->keys, struct jp_key, idx);
	if (!*h && idx - base < LD_JSON_LINEAR_KEYS) {
		for (uint32_t i = base; i < idx; i++) {
			const struct jp_key *o = VEC_AT(&j->keys, struct jp_key, i);
			if (o->h == k->h && o->len == k->len && memcmp(o->s, k->s, k->len) == 0)
				return i + 1;
		}
		return 0;
	}
	if (!*h) {
		if (!(*h = hmap_new(2 * LD_JSON_LINEAR_KEYS))) {
			jp_nomem(j);
			return 0;
		}
		for (uint32_t i = base; i < idx; i++) {
			const struct jp_key *o = VEC_AT(&j->keys, struct jp_key, i);
			if (hmap_put(*h, o->s, o->len, (void *)(uintptr_t)(i + 1), NULL)) {
				jp_nomem(j);
				return 0;
			}
		}
	}
	uintptr_t at = (uintptr_t)hmap_get(*h, k->s, k->len);
	if (at)
		return (uint32_t)at;
	if (hmap_put(*h, k->s, k->len, (void *)(uintptr_t)(idx + 1), NULL))
		jp_nomem(j);
	return 0;
}

/* Append @v to the children of @parent, whose last child is *@last. */
static void jp_link(cJSON *parent, cJSON **last, cJSON *v)
{
	if (!*last) {
		parent->child = v;
	} else {
		(*last)->next = v;
		v->prev = *last;
	}
	parent->child->prev = v; /* cJSON keeps the last child in the first's prev */
	*last = v;
}

/* Consume @ch when it is the next byte. */
static bool jp_eat(struct jp *j, char ch)
{
	if (j->p < j->end && *j->p == ch) {
		j->p++;
		return true;
	}
	return false;
}

/* After a member or element: 1 after a ',' (another follows), 0 after
 * @close (the container ends), -1 on anything else (the failure recorded). */
static int jp_next(struct jp *j, char close, const char *expected)
{
	jp_ws(j);
	if (jp_eat(j, ','))
		return 1;
	if (jp_eat(j, close))
		return 0;
	jp_unexpected(j, expected);
	return -1;
}

/* The start of container @v of @type at its opening bracket: true when
 * @close follows (an empty container, read whole). */
static bool jp_open(struct jp *j, cJSON *v, int type, char close)
{
	v->type = type;
	j->p++; /* '{' or '[' */
	jp_ws(j);
	return jp_eat(j, close);
}

static cJSON *jp_object(struct jp *j, cJSON *obj)
{
	if (jp_open(j, obj, cJSON_Object, '}'))
		return obj;
	uint32_t base = j->keys.n;
	struct hmap *h = NULL;
	cJSON *last = NULL;
	for (;;) {
		jp_ws(j);
		if (j->p >= j->end || *j->p != '"') {
			jp_unexpected(j, "a key in double quotes");
			break;
		}
		struct jp_key key = {.line = j->line, .col = jp_col(j, j->p)};
		char *ks = jp_string(j, &key.len);
		if (!ks)
			break;
		key.s = ks;
		key.h = (uint32_t)key.len;
		for (size_t i = 0; i < key.len; i++)
			key.h = key.h * 31 + (unsigned char)ks[i];
		struct jp_key *slot = vec_push(&j->keys);
		if (!slot) {
			jp_nomem(j);
			break;
		}
		*slot = key;
		uint32_t idx = j->keys.n - 1;
		uint32_t first = jp_key_seen(j, base, &h);
		if (j->failed)
			break;
		jp_ws(j);
		if (!jp_eat(j, ':')) {
			jp_unexpected(j, "':'");
			break;
		}
		cJSON *v = jp_value(j);
		if (!v)
			break;
		if (first) {
			/* the first value stays; this one is left out of the tree */
			jp_dup(j, VEC_AT(&j->keys, struct jp_key, first - 1),
			       VEC_AT(&j->keys, struct jp_key, idx));
		} else {
			v->string = ks;
			jp_link(obj, &last, v);
		}
		if (jp_next(j, '}', "',' or '}'") <= 0)
			break;
	}
	hmap_free(h);
	j->keys.n = base;
	return j->failed ? NULL : obj;
}

static cJSON *jp_array(struct jp *j, cJSON *arr)
{
	if (jp_open(j, arr, cJSON_Array, ']'))
		return arr;
	cJSON *last = NULL;
	for (;;) {
		cJSON *v = jp_value(j);
		if (!v)
			return NULL;
		jp_link(arr, &last, v);
		int more = jp_next(j, ']', "',' or ']'");
		if (more <= 0)
			return more ? NULL : arr;
	}
}

static cJSON *jp_value(struct jp *j)
{
	jp_ws(j);
	if (j->p >= j->end)
		return jp_unexpected(j, "a value");
	unsigned char ch = *j->p;
	cJSON *n = jp_alloc(j, sizeof(*n));
	if (!n)
		return NULL;
	switch (ch) {
	case '{':
	case '[': {
		if (j->depth >= LD_JSON_MAX_DEPTH)
			return jp_fail_at(j, j->p, VS_EPARSE,
					  "nesting deeper than %d levels of arrays and objects",
					  LD_JSON_MAX_DEPTH);
		j->depth++;
		cJSON *r = ch == '{' ? jp_object(j, n) : jp_array(j, n);
		j->depth--;
		return r;
	}
	case '"': {
		size_t len;
		char *s = jp_string(j, &len);
		if (!s)
			return NULL;
		n->type = cJSON_String;
		n->valuestring = s;
		return n;
	}
	case 't':
		n->type = cJSON_True;
		n->valueint = 1;
		return jp_lit(j, "true", 4) ? n : NULL;
	case 'f':
		n->type = cJSON_False;
		return jp_lit(j, "false", 5) ? n : NULL;
	case 'n':
		n->type = cJSON_NULL;
		return jp_lit(j, "null", 4) ? n : NULL;
	default:
		if (ch == '-' || (ch >= '0' && ch <= '9'))
			return jp_number(j, n);
		return jp_unexpected(j, "a value");
	}
}

int ld_json_parse(const char *buf, size_t len, size_t limit, struct ld_json_doc *doc)
{
	memset(doc, 0, sizeof(*doc));
	vec_init(&doc->dups, sizeof(struct ld_json_dup));
	struct jp j = {
		.p = (const unsigned char *)buf,
		.end = (const unsigned char *)buf + len,
		.line = 1,
		.limit = limit,
		.doc = doc,
	};
	j.line_start = j.p;
	vec_init(&j.keys, sizeof(struct jp_key));
	if (!(j.a = doc->arena = arena_new())) {
		doc->rc = VS_ENOMEM;
		snprintf(doc->what, sizeof(doc->what), "out of memory");
		return doc->rc;
	}
	/* A UTF-8 byte order mark is allowed and ignored (RFC 8259 section 8.1). */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		j.p += 3;
	cJSON *root = jp_value(&j);
	if (root) {
		jp_ws(&j);
		if (j.p < j.end)
			jp_unexpected(&j, "the end of the document");
		else
			doc->root = root;
	}
	vec_release(&j.keys);
	if (!doc->root && !doc->rc) { /* cannot happen: every NULL records why */
		doc->rc = VS_EPARSE;
		snprintf(doc->what, sizeof(doc->what), "invalid JSON");
	}
	return doc->rc;
}

void ld_json_doc_free(struct ld_json_doc *doc)
{
	if (!doc)
		return;
	arena_free(doc->arena);
	vec_release(&doc->dups);
	doc->arena = NULL;
	doc->root = NULL;
	doc->n_dups = 0;
}
