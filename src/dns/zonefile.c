/*
 * DOC: the master-file reader (zonefile.h)
 *
 * One pass over the bytes: a tokenizer that gathers one record (the tokens
 * of a line, or of several between parentheses) into a fixed buffer, then
 * the record read from its tokens.  Every write into the buffers is
 * checked against their size; a record longer than DNS_ZF_LINE_MAX is an
 * error, not a cut.
 */
#include "dns/zonefile.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns/zone.h"
#include "vpcsim/error.h"

#define ZF_MAX_TOKENS 256
#define ZF_NAME_MAX   1024 /* a name in text, escapes included */

struct zf {
	const char *p, *end;
	uint32_t line;
	char origin[ZF_NAME_MAX];
	bool have_ttl, have_last_ttl, have_owner;
	uint32_t ttl, last_ttl;
	char owner[ZF_NAME_MAX];
	char *err;
	size_t errlen;
	uint32_t *err_line;
	/* the record being read */
	char buf[DNS_ZF_LINE_MAX];
	size_t used;
	char *tok[ZF_MAX_TOKENS];
	uint32_t n_tok;
	bool blank_owner;
	uint32_t rec_line;
};

static int zf_fail(struct zf *z, const char *fmt, const char *arg)
{
	if (z->err && z->errlen)
		snprintf(z->err, z->errlen, fmt, arg ? arg : "");
	if (z->err_line)
		*z->err_line = z->rec_line ? z->rec_line : z->line;
	return VS_EPARSE;
}

/* Append @c to the token being built; false when the record is too long. */
static bool zf_put(struct zf *z, char c)
{
	if (z->used + 1 >= sizeof(z->buf))
		return false;
	z->buf[z->used++] = c;
	return true;
}

static bool zf_start_token(struct zf *z)
{
	if (z->n_tok == ZF_MAX_TOKENS)
		return false;
	z->tok[z->n_tok++] = z->buf + z->used;
	return true;
}

static bool zf_end_token(struct zf *z)
{
	return zf_put(z, '\0');
}

/* Gather the next record's tokens; false at the end of the text (*rc 0)
 * or on an error (*rc set). */
static bool zf_gather(struct zf *z, int *rc)
{
	*rc = 0;
	for (;;) {
		z->used = 0;
		z->n_tok = 0;
		z->rec_line = z->line;
		if (z->p >= z->end)
			return false;
		z->blank_owner = *z->p == ' ' || *z->p == '\t';
		int depth = 0;
		while (z->p < z->end) {
			char c = *z->p;
			if (c == '\n') {
				z->p++;
				z->line++;
				if (depth == 0)
					break;
				continue;
			}
			if (c == ' ' || c == '\t' || c == '\r') {
				z->p++;
				continue;
			}
			if (c == ';') {
				while (z->p < z->end && *z->p != '\n')
					z->p++;
				continue;
			}
			if (c == '(' || c == ')') {
				depth += c == '(' ? 1 : -1;
				z->p++;
				if (depth < 0) {
					*rc = zf_fail(z, "')' without '('%s", NULL);
					return false;
				}
				continue;
			}
			if (!zf_start_token(z)) {
				*rc = zf_fail(z, "more than 256 fields in one record%s", NULL);
				return false;
			}
			bool quoted = c == '"';
			bool ok = true;
			if (quoted)
				ok = zf_put(z, *z->p++);
			while (ok && z->p < z->end) {
				c = *z->p;
				if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
						c == ';' || c == '(' || c == ')'))
					break;
				if (c == '\n')
					z->line++;
				if (c == '\\' && z->p + 1 < z->end) {
					ok = zf_put(z, c) && zf_put(z, z->p[1]);
					z->p += 2;
					continue;
				}
				ok = zf_put(z, c);
				z->p++;
				if (quoted && c == '"')
					break;
			}
			if (ok && quoted && (z->used < 2 || z->buf[z->used - 1] != '"')) {
				*rc = zf_fail(z, "a quoted string is not closed%s", NULL);
				return false;
			}
			if (!ok || !zf_end_token(z)) {
				*rc = zf_fail(z, "a record longer than 4096 bytes%s", NULL);
				return false;
			}
		}
		if (depth > 0) {
			*rc = zf_fail(z, "'(' not closed by the end of the file%s", NULL);
			return false;
		}
		if (z->n_tok)
			return true;
	}
}

/* @name made absolute against the origin into @out. */
static int zf_absolute(struct zf *z, const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);
	if (!strcmp(name, "@")) {
		if (!z->origin[0])
			return zf_fail(z, "'@' with no $ORIGIN%s", NULL);
		snprintf(out, cap, "%s", z->origin);
		return 0;
	}
	if (n && name[n - 1] == '.' && (n < 2 || name[n - 2] != '\\')) {
		if (n >= cap)
			return zf_fail(z, "name too long: %.64s", name);
		memcpy(out, name, n + 1);
		return 0;
	}
	if (!z->origin[0])
		return zf_fail(z, "relative name %.64s with no $ORIGIN", name);
	int w = snprintf(out, cap, "%s.%s", name, strcmp(z->origin, ".") ? z->origin : "");
	if (w < 0 || (size_t)w >= cap)
		return zf_fail(z, "name too long: %.64s", name);
	return 0;
}

/* A TTL: seconds, or BIND's units (1w2d3h4m5s). */
static bool zf_ttl(const char *s, uint32_t *out)
{
	uint64_t total = 0, v = 0;
	bool digits = false;
	if (!*s || *s < '0' || *s > '9')
		return false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			v = v * 10 + (uint64_t)(*s - '0');
			digits = true;
			if (v > 0x7fffffff)
				return false;
			continue;
		}
		static const char units[] = "smhdw";
		static const uint32_t mult[] = {1, 60, 3600, 86400, 604800};
		const char *u = strchr(units, *s | 0x20);
		if (!u || !digits)
			return false;
		total += v * mult[u - units];
		v = 0;
		digits = false;
	}
	total += v;
	if (total > 0x7fffffff)
		return false;
	*out = (uint32_t)total;
	return true;
}

static bool zf_is_class(const char *s)
{
	return !strcasecmp(s, "IN") || !strcasecmp(s, "CH") || !strcasecmp(s, "HS") ||
	       !strcasecmp(s, "CS") || !strcasecmp(s, "ANY");
}

/* Which data fields of @type are names (made absolute): a bit per field. */
static unsigned zf_name_fields(uint16_t type)
{
	switch (type) {
	case DNS_T_CNAME:
	case DNS_T_NS:
	case DNS_T_PTR:
		return 1u << 0;
	case DNS_T_MX:
		return 1u << 1;
	case DNS_T_SRV:
		return 1u << 3;
	case DNS_T_SOA:
		return 1u << 0 | 1u << 1;
	default:
		return 0;
	}
}

static int zf_directive(struct zf *z)
{
	const char *d = z->tok[0];
	if (!strcasecmp(d, "$ORIGIN")) {
		if (z->n_tok != 2)
			return zf_fail(z, "$ORIGIN takes one name%s", NULL);
		char abs[ZF_NAME_MAX];
		int rc = zf_absolute(z, z->tok[1], abs, sizeof(abs));
		if (!rc)
			snprintf(z->origin, sizeof(z->origin), "%s", abs);
		return rc;
	}
	if (!strcasecmp(d, "$TTL")) {
		if (z->n_tok != 2 || !zf_ttl(z->tok[1], &z->ttl))
			return zf_fail(z, "$TTL takes one TTL%s", NULL);
		z->have_ttl = true;
		return 0;
	}
	return zf_fail(z, "%.32s is not supported (Route 53 imports one file and expands nothing)",
		       d);
}

static int zf_record(struct zf *z, dns_zf_record_fn cb, void *ctx)
{
	if (!z->blank_owner && z->tok[0][0] == '$')
		return zf_directive(z);
	uint32_t i = 0;
	char owner[ZF_NAME_MAX];
	if (z->blank_owner) {
		if (!z->have_owner)
			return zf_fail(z, "a record without an owner, and none before it%s", NULL);
		snprintf(owner, sizeof(owner), "%s", z->owner);
	} else {
		int rc = zf_absolute(z, z->tok[i++], owner, sizeof(owner));
		if (rc)
			return rc;
		snprintf(z->owner, sizeof(z->owner), "%s", owner);
		z->have_owner = true;
	}
	bool have_ttl = false;
	uint32_t ttl = 0;
	for (int k = 0; k < 2 && i < z->n_tok; k++) {
		if (!have_ttl && zf_ttl(z->tok[i], &ttl)) {
			have_ttl = true;
			i++;
		} else if (zf_is_class(z->tok[i])) {
			if (strcasecmp(z->tok[i], "IN") != 0)
				return zf_fail(z, "class %.8s: Route 53 serves class IN only",
					       z->tok[i]);
			i++;
		}
	}
	if (i >= z->n_tok)
		return zf_fail(z, "a record without a type%s", NULL);
	uint16_t type = dns_type_parse(z->tok[i]);
	if (!type)
		return zf_fail(z, "%.32s is not a record type Route 53 takes", z->tok[i]);
	i++;
	if (!have_ttl) {
		if (z->have_ttl)
			ttl = z->ttl;
		else if (z->have_last_ttl)
			ttl = z->last_ttl;
		else
			return zf_fail(z, "no TTL: give one or a $TTL%s", NULL);
	}
	z->last_ttl = ttl;
	z->have_last_ttl = true;
	if (i >= z->n_tok)
		return zf_fail(z, "a record without data%s", NULL);
	char data[DNS_ZF_LINE_MAX];
	size_t off = 0;
	unsigned names = zf_name_fields(type);
	for (uint32_t f = 0; i < z->n_tok; i++, f++) {
		char abs[ZF_NAME_MAX];
		const char *v = z->tok[i];
		if (f < 32 && (names >> f & 1u)) {
			int rc = zf_absolute(z, v, abs, sizeof(abs));
			if (rc)
				return rc;
			v = abs;
		}
		int w = snprintf(data + off, sizeof(data) - off, "%s%s", off ? " " : "", v);
		if (w < 0 || (size_t)w >= sizeof(data) - off)
			return zf_fail(z, "a record longer than 4096 bytes%s", NULL);
		off += (size_t)w;
	}
	struct dns_zf_record r = {owner, type, ttl, data, z->rec_line};
	return cb(ctx, &r);
}

int dns_zonefile_parse(const char *text, size_t len, const char *origin, dns_zf_record_fn cb,
		       void *ctx, char *err, size_t errlen, uint32_t *err_line)
{
	if ((!text && len) || !cb)
		return VS_EINVAL;
	struct zf *z = &(struct zf){0};
	z->p = text;
	z->end = text + len;
	z->line = 1;
	z->err = err;
	z->errlen = errlen;
	z->err_line = err_line;
	if (err_line)
		*err_line = 0;
	if (origin && *origin) {
		size_t n = strlen(origin);
		if (n + 2 > sizeof(z->origin))
			return zf_fail(z, "origin too long%s", NULL);
		snprintf(z->origin, sizeof(z->origin), "%s%s", origin,
			 origin[n - 1] == '.' ? "" : ".");
	}
	int rc;
	while (zf_gather(z, &rc)) {
		rc = zf_record(z, cb, ctx);
		if (rc)
			return rc;
	}
	return rc;
}
