/*
 * DOC: serve -- the web console's request-target parser (vpcsim/serve.h)
 *
 * RFC 9112 3.2.1 origin-form: absolute-path [ "?" query ].  The path is
 * matched against the console's routes; the query is split on '&' into
 * key=value pairs (application/x-www-form-urlencoded, as a browser's form
 * and URLSearchParams write it), each decoded into fixed-size buffers.
 * Which parameters each route takes is one table.
 */
#include <string.h>

#include "vpcsim/error.h"
#include "vpcsim/serve.h"

struct sr_route {
	const char *path; /* exact, or a prefix ending in '/' followed by the ID */
	bool with_id;     /* the rest of the path is the ID */
	bool id_optional; /* the bare path (without '/') too */
	enum serve_route route;
	const char *params[6]; /* the parameters it takes, NULL-ended */
};

static const struct sr_route sr_routes[] = {
	{"/", false, false, SERVE_PAGE, {"from", "to", "proto", "port", "select", NULL}},
	{"/api/trace", false, false, SERVE_API_TRACE, {"from", "to", "proto", "port", NULL}},
	{"/api/routes/", true, false, SERVE_API_ROUTES, {"all", NULL}},
	{"/api/check", false, false, SERVE_API_CHECK, {NULL}},
	{"/api/show/", true, true, SERVE_API_SHOW, {NULL}},
	{"/api/graph.svg",
	 false,
	 false,
	 SERVE_API_GRAPH,
	 {"focus", "from", "to", "proto", "port", NULL}},
	{"/api/graph.json",
	 false,
	 false,
	 SERVE_API_GRAPH_JSON,
	 {"focus", "from", "to", "proto", "port", NULL}},
};

#define SR_N_ROUTES (sizeof(sr_routes) / sizeof(sr_routes[0]))

static void sr_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen) {
		size_t n = strlen(msg);
		if (n >= errlen)
			n = errlen - 1;
		memcpy(err, msg, n);
		err[n] = '\0';
	}
}

static int sr_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int serve_decode(const char *s, size_t n, bool plus, char *out, size_t cap)
{
	size_t o = 0;
	if (!cap)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n) /* two hex digits must follow */
				return -1;
			int h = sr_hex(s[i + 1]), l = h < 0 ? -1 : sr_hex(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = (unsigned char)(h << 4 | l);
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		if (c < 0x20 || c == 0x7f)
			return -1;
		if (o + 1 >= cap)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return (int)o;
}

static bool sr_takes(const struct sr_route *r, const char *key)
{
	for (size_t i = 0; r->params[i]; i++)
		if (!strcmp(r->params[i], key))
			return true;
	return false;
}

/* The query @q (@n bytes) into @out's parameters, as @r takes them. */
static int sr_query(const struct sr_route *r, const char *q, size_t n, struct serve_request *out,
		    char *err, size_t errlen)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && q[j] != '&')
			j++;
		if (j > i) {
			const char *eq = memchr(q + i, '=', j - i);
			size_t kl = eq ? (size_t)(eq - (q + i)) : j - i;
			char key[SERVE_MAX_KEY];
			if (out->n_params == SERVE_MAX_PARAMS) {
				sr_err(err, errlen, "too many query parameters");
				return VS_EINVAL;
			}
			struct serve_param *p = &out->params[out->n_params];
			if (serve_decode(q + i, kl, true, key, sizeof(key)) <= 0) {
				sr_err(err, errlen,
				       "a query parameter name is malformed or too long");
				return VS_EINVAL;
			}
			if (!sr_takes(r, key)) {
				sr_err(err, errlen, "a query parameter this path does not take");
				return VS_EINVAL;
			}
			if (serve_request_param(out, key)) {
				sr_err(err, errlen, "a query parameter given twice");
				return VS_EINVAL;
			}
			const char *v = eq ? eq + 1 : q + j;
			int vl = serve_decode(v, (size_t)(q + j - v), true, p->value,
					      sizeof(p->value));
			if (vl < 0) {
				sr_err(err, errlen,
				       "a query parameter value is malformed (a bad %-escape, a "
				       "control character) or too long");
				return VS_EINVAL;
			}
			/* the API takes what the CLI takes: no empty value (`trace
			 * --port ''` is refused); the page's own links may carry one */
			if (!vl && !strncmp(r->path, "/api/", 5)) {
				sr_err(err, errlen, "a query parameter without a value");
				return VS_EINVAL;
			}
			memcpy(p->key, key, sizeof(key));
			out->n_params++;
		}
		i = j + 1;
	}
	return 0;
}

int serve_request_parse(const char *method, const char *target, size_t len,
			struct serve_request *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (!method || !target) {
		sr_err(err, errlen, "no request");
		return VS_EINVAL;
	}
	if (!strcmp(method, "HEAD"))
		out->head = true;
	else if (strcmp(method, "GET")) {
		sr_err(err, errlen, "only GET and HEAD are served");
		return VS_EUNSUPPORTED;
	}
	if (len > SERVE_MAX_TARGET) {
		sr_err(err, errlen, "request-target too long");
		return VS_EINVAL;
	}
	if (!len || target[0] != '/' || memchr(target, '\0', len)) {
		sr_err(err, errlen, "the request-target is not a path (origin-form)");
		return VS_EINVAL;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)target[i] <= 0x20 || (unsigned char)target[i] >= 0x7f ||
		    target[i] == '#') {
			sr_err(err, errlen, "the request-target holds a byte URIs do not");
			return VS_EINVAL;
		}
	const char *qm = memchr(target, '?', len);
	size_t plen = qm ? (size_t)(qm - target) : len;
	const struct sr_route *r = NULL;
	for (size_t i = 0; i < SR_N_ROUTES && !r; i++) {
		const struct sr_route *c = &sr_routes[i];
		size_t cl = strlen(c->path);
		if (!c->with_id) {
			if (plen == cl && !memcmp(target, c->path, cl))
				r = c;
		} else if (plen > cl && !memcmp(target, c->path, cl)) {
			/* the ID: the rest of the path, '/' included (ARNs) */
			if (serve_decode(target + cl, plen - cl, false, out->id, sizeof(out->id)) <=
			    0) {
				sr_err(err, errlen,
				       "the resource ID in the path is malformed or too long");
				return VS_EINVAL;
			}
			r = c;
		} else if (c->id_optional &&
			   ((plen == cl - 1 && !memcmp(target, c->path, cl - 1)) ||
			    (plen == cl && !memcmp(target, c->path, cl)))) {
			r = c; /* no ID */
		}
	}
	if (!r) {
		sr_err(err, errlen, "no such page or API endpoint");
		return VS_ENOTFOUND;
	}
	out->route = r->route;
	return qm ? sr_query(r, qm + 1, len - plen - 1, out, err, errlen) : 0;
}

const char *serve_request_param(const struct serve_request *r, const char *key)
{
	for (uint32_t i = 0; i < r->n_params; i++)
		if (!strcmp(r->params[i].key, key))
			return r->params[i].value;
	return NULL;
}
