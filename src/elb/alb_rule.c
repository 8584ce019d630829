/*
 * DOC: ALB listener rules (alb_rule.h): priority order, condition matching
 *
 * Wildcards are matched with the linear-backtracking glob (one saved star:
 * O(len(pattern) * len(string)) at worst, both bounded: AWS allows 128
 * characters per value).  Strings the matcher must cut (the path before
 * '?', a host before ":port", a percent-decoded query parameter) are
 * copied into stack buffers of ALB_FIELD_MAX bytes, the ALB's own limit on
 * a request line (16 KB, load-balancer-limits.html); longer input is cut
 * there, as the ALB would refuse it.
 */
#include "elb/alb_rule.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/names.h"
#include "vpcsim/error.h"

#define ALB_FIELD_MAX 16384

struct alb_ruleset {
	const struct alb_rule **order; /* by priority, the default rule last */
	uint32_t n;
	regex_t *re; /* every compiled regex, rule by rule, condition by condition */
	uint32_t n_re;
	uint32_t *re_base; /* per (rule in order, condition): index of its first regex */
};

NAMES_DEFINE(alb_cond_type_name, enum alb_cond_type, ALB_COND_TYPES, "unknown")

int alb_cond_type_parse(const char *field)
{
	for (int t = ALB_COND_HOST; field && t <= ALB_COND_SOURCE_IP; t++)
		if (strcmp(field, alb_cond_type_name((enum alb_cond_type)t)) == 0)
			return t;
	return -1;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* @pat against the @n bytes of @s. */
static bool glob_n(const char *pat, const char *s, size_t n, bool icase, bool esc)
{
	const char *p = pat, *star = NULL;
	size_t i = 0, star_i = 0;

	while (i < n) {
		/* @esc: "\*", "\?" (and "\\") stand for the character itself */
		size_t lit =
			esc && p[0] == '\\' && (p[1] == '*' || p[1] == '?' || p[1] == '\\') ? 1 : 0;
		if (!lit && *p == '?') {
			p++;
			i++;
		} else if (!lit && *p == '*') {
			star = p++;
			star_i = i;
		} else if (p[lit] && (icase ? lower(p[lit]) == lower(s[i]) : p[lit] == s[i])) {
			p += 1 + lit;
			i++;
		} else if (star) {
			p = star + 1;
			i = ++star_i;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

bool alb_glob(const char *pat, const char *s, bool icase)
{
	return pat && s && glob_n(pat, s, strlen(s), icase, false);
}

/* A query-string key or value: API_QueryStringConditionConfig.html, "To
 * search for a literal '*' or '?' character in a query string, you must
 * escape these characters in Values using a '\' character." */
static bool qs_glob(const char *pat, const char *s)
{
	return pat && s && glob_n(pat, s, strlen(s), true, true);
}

/* Copy @n bytes of @s into @buf (ALB_FIELD_MAX), NUL-terminated. */
static const char *field_copy(char *buf, const char *s, size_t n)
{
	if (n >= ALB_FIELD_MAX)
		n = ALB_FIELD_MAX - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* The host name of a Host header: without ":port" ("[v6]:port" keeps the brackets). */
static size_t host_len(const char *h)
{
	size_t n = strlen(h);
	const char *end = h[0] == '[' ? strchr(h, ']') : NULL;
	const char *colon = strrchr(end ? end : h, ':');
	if (colon && (end || strchr(h, ':') == colon))
		n = (size_t)(colon - h);
	return n;
}

static size_t path_len(const char *p)
{
	const char *q = strchr(p, '?');
	return q ? (size_t)(q - p) : strlen(p);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode @n bytes of @s into @buf ('+' stays '+': RFC 3986). */
static const char *pct_decode(char *buf, const char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < ALB_FIELD_MAX; i++) {
		int h, l;
		if (s[i] == '%' && i + 2 < n && (h = hexval(s[i + 1])) >= 0 &&
		    (l = hexval(s[i + 2])) >= 0) {
			buf[o++] = (char)(h * 16 + l);
			i += 2;
		} else {
			buf[o++] = s[i];
		}
	}
	buf[o] = '\0';
	return buf;
}

/* Does any of @c's plain values, or of its compiled regexes @re (may be
 * NULL), match @s (@n bytes)? */
static bool values_match(const struct alb_cond *c, const regex_t *re, const char *s, size_t n,
			 bool icase)
{
	for (uint32_t i = 0; i < c->n_values; i++)
		if (c->values[i] && glob_n(c->values[i], s, n, icase, false))
			return true;
	if (!re || !c->n_regexes)
		return false;
	char buf[ALB_FIELD_MAX];
	const char *z = field_copy(buf, s, n);
	for (uint32_t i = 0; i < c->n_regexes; i++)
		if (regexec(&re[i], z, 0, NULL, 0) == 0)
			return true;
	return false;
}

static bool query_match(const struct alb_cond *c, const char *q)
{
	char kb[ALB_FIELD_MAX], vb[ALB_FIELD_MAX];
	if (!q)
		return false;
	for (const char *p = q; *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		const char *key = eq ? pct_decode(kb, p, (size_t)(eq - p)) : NULL;
		const char *val = eq ? pct_decode(vb, eq + 1, len - (size_t)(eq - p) - 1) :
				       pct_decode(vb, p, len);
		for (uint32_t i = 0; i < c->n_pairs; i++) {
			const struct alb_kv *kv = &c->pairs[i];
			if (kv->key && (!key || !qs_glob(kv->key, key)))
				continue;
			if (kv->value && qs_glob(kv->value, val))
				return true;
		}
		p += len + (amp ? 1 : 0);
	}
	return false;
}

static bool cond_match(const struct alb_cond *c, const regex_t *re, const struct alb_request *r)
{
	switch (c->type) {
	case ALB_COND_HOST:
		return r->host && values_match(c, re, r->host, host_len(r->host), true);
	case ALB_COND_PATH:
		return r->path && values_match(c, re, r->path, path_len(r->path), false);
	case ALB_COND_HEADER:
		if (!c->header_name)
			return false;
		for (uint32_t i = 0; i < r->n_headers; i++) {
			const struct alb_kv *h = &r->headers[i];
			if (h->key && h->value && strcasecmp(h->key, c->header_name) == 0 &&
			    values_match(c, re, h->value, strlen(h->value), true))
				return true;
		}
		return false;
	case ALB_COND_METHOD:
		for (uint32_t i = 0; r->method && i < c->n_values; i++)
			if (c->values[i] && strcmp(c->values[i], r->method) == 0)
				return true;
		return false;
	case ALB_COND_QUERY: {
		const char *q = r->query;
		if (!q && r->path && strchr(r->path, '?'))
			q = strchr(r->path, '?') + 1;
		return query_match(c, q);
	}
	case ALB_COND_SOURCE_IP:
		for (uint32_t i = 0; i < c->n_cidrs; i++)
			if (net_prefix_contains(&c->cidrs[i], &r->src))
				return true;
		return false;
	}
	return false;
}

bool alb_cond_matches_plain(const struct alb_cond *c, const struct alb_request *req)
{
	return c && req && cond_match(c, NULL, req);
}

static int rule_cmp(const void *a, const void *b)
{
	const struct alb_rule *x = *(const struct alb_rule *const *)a;
	const struct alb_rule *y = *(const struct alb_rule *const *)b;
	return x->priority < y->priority ? -1 : x->priority > y->priority;
}

void alb_rules_free(struct alb_ruleset *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; i < s->n_re; i++)
		regfree(&s->re[i]);
	free(s->re);
	free(s->re_base);
	free(s->order);
	free(s);
}

int alb_rules_build(const struct alb_rule *rules, uint32_t n, struct alb_ruleset **out, char *err,
		    size_t errlen)
{
	if (!out || (n && !rules))
		return VS_EINVAL;
	*out = NULL;
	struct alb_ruleset *s = calloc(1, sizeof(*s));
	if (!s)
		return VS_ENOMEM;
	size_t n_conds = 0, n_re = 0;
	for (uint32_t i = 0; i < n; i++) {
		n_conds += rules[i].n_conds;
		for (uint32_t k = 0; k < rules[i].n_conds; k++)
			n_re += rules[i].conds[k].n_regexes;
	}
	s->order = calloc(n ? n : 1, sizeof(*s->order));
	s->re_base = calloc(n_conds ? n_conds : 1, sizeof(*s->re_base));
	s->re = calloc(n_re ? n_re : 1, sizeof(*s->re));
	if (!s->order || !s->re_base || !s->re) {
		alb_rules_free(s);
		return VS_ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++)
		s->order[i] = &rules[i];
	s->n = n;
	qsort(s->order, n, sizeof(*s->order), rule_cmp);
	for (uint32_t i = 1; i < n; i++)
		if (s->order[i]->priority == s->order[i - 1]->priority) {
			if (err)
				snprintf(err, errlen, "two rules have priority %u",
					 (unsigned)s->order[i]->priority);
			alb_rules_free(s);
			return VS_EINVAL;
		}
	size_t ci = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct alb_rule *r = s->order[i];
		for (uint32_t k = 0; k < r->n_conds; k++, ci++) {
			const struct alb_cond *c = &r->conds[k];
			s->re_base[ci] = s->n_re;
			if ((unsigned)c->type > ALB_COND_SOURCE_IP) {
				if (err)
					snprintf(err, errlen, "rule %u: unknown condition type",
						 (unsigned)r->priority);
				alb_rules_free(s);
				return VS_EINVAL;
			}
			int flags = REG_EXTENDED | REG_NOSUB |
				    (c->type == ALB_COND_PATH ? 0 : REG_ICASE);
			for (uint32_t j = 0; j < c->n_regexes; j++) {
				if (!c->regexes[j] ||
				    regcomp(&s->re[s->n_re], c->regexes[j], flags) != 0) {
					if (err)
						snprintf(err, errlen,
							 "rule %u: %s regex '%.60s' does not "
							 "compile",
							 (unsigned)r->priority,
							 alb_cond_type_name(c->type),
							 c->regexes[j] ? c->regexes[j] : "(null)");
					alb_rules_free(s);
					return VS_EINVAL;
				}
				s->n_re++;
			}
		}
	}
	*out = s;
	return 0;
}

const struct alb_rule *alb_rules_match(const struct alb_ruleset *s, const struct alb_request *req,
				       struct alb_match *out, struct alb_miss *missed,
				       uint32_t max_missed)
{
	struct alb_match dummy;
	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	if (!s || !req)
		return NULL;
	size_t ci = 0;
	for (uint32_t i = 0; i < s->n; i++) {
		const struct alb_rule *r = s->order[i];
		uint32_t failed = r->n_conds;
		for (uint32_t k = 0; k < r->n_conds; k++) {
			const regex_t *re = r->conds[k].n_regexes ? &s->re[s->re_base[ci + k]] :
								    NULL;
			if (!cond_match(&r->conds[k], re, req)) {
				failed = k;
				break;
			}
		}
		ci += r->n_conds;
		if (failed == r->n_conds) {
			out->rule = r;
			return r;
		}
		if (missed && out->n_missed < max_missed)
			missed[out->n_missed] = (struct alb_miss){r, failed};
		out->n_missed++;
	}
	return NULL;
}
