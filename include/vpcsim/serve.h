/*
 * DOC: serve -- what the web console (vpcsim serve) reads from a browser
 *
 * serve_request_parse() reads one HTTP request's method and request-target
 * as they arrived on the wire (RFC 9112 3.2: origin-form, a path and an
 * optional query) into the console's route and its parameters: the page
 * "/", and the JSON API under /api/ that answers with the documents of the
 * CLI's --json:
 *
 *   /api/trace?from=..&to=..[&proto=..][&port=..]   vpcsim trace --json
 *   /api/routes/ID[?all=1]                            vpcsim routes --json
 *   /api/check                                        vpcsim check --json
 *   /api/show[/ID]                                    vpcsim show --json
 *   /api/graph.svg[?focus=..][&from=..&to=..&proto=..&port=..]   vpcsim graph
 *   /api/graph.json[?focus=..][&from=..&to=..&proto=..&port=..]  vpcsim graph --format json
 *
 * Percent-escapes are decoded (RFC 3986 2.1) and '+' in a query is a
 * space (application/x-www-form-urlencoded); a parameter each route does
 * not take, one given twice, an escape that is not two hex digits, a
 * decoded NUL or control character, and anything longer than the bounds
 * below are refused, so what reaches the model's look-ups is a short
 * printable string.  Everything is bounded: no allocation, no recursion.
 *
 * Thread-safety: pure functions of their arguments.
 */
#ifndef VPCSIM_SERVE_H
#define VPCSIM_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SERVE_MAX_TARGET 4096 /* bytes of a request-target */
#define SERVE_MAX_PARAMS 8
#define SERVE_MAX_KEY    16
#define SERVE_MAX_VALUE  512 /* decoded bytes of a value or an ID, NUL included */

enum serve_route {
	SERVE_PAGE = 0,       /* "/": the console */
	SERVE_API_TRACE,      /* "/api/trace" */
	SERVE_API_ROUTES,     /* "/api/routes/ID" */
	SERVE_API_CHECK,      /* "/api/check" */
	SERVE_API_SHOW,       /* "/api/show" or "/api/show/ID" */
	SERVE_API_GRAPH,      /* "/api/graph.svg" */
	SERVE_API_GRAPH_JSON, /* "/api/graph.json" */
};

struct serve_param {
	char key[SERVE_MAX_KEY];
	char value[SERVE_MAX_VALUE];
};

struct serve_request {
	enum serve_route route;
	bool head;                /* HEAD: the headers of GET's answer only */
	char id[SERVE_MAX_VALUE]; /* routes/show: the ID, decoded ("" for none) */
	struct serve_param params[SERVE_MAX_PARAMS];
	uint32_t n_params;
};

/*
 * @method and the @len bytes of @target into *out.  Returns 0; VS_EINVAL
 * for a request that is malformed or names wrong parameters (400);
 * VS_ENOTFOUND for a path the console does not serve (404);
 * VS_EUNSUPPORTED for a method other than GET and HEAD (405).  On an
 * error @err (may be NULL) receives a message for the JSON error document.
 */
int serve_request_parse(const char *method, const char *target, size_t len,
			struct serve_request *out, char *err, size_t errlen);

/* The decoded value of parameter @key of @r, or NULL when not given. */
const char *serve_request_param(const struct serve_request *r, const char *key);

/*
 * Percent-decode the @n bytes at @s into @out (@cap bytes, NUL-terminated),
 * '+' as a space when @plus.  Returns the decoded length, or -1 for a bad
 * escape, a decoded NUL or other control character, or a result that does
 * not fit.
 */
int serve_decode(const char *s, size_t n, bool plus, char *out, size_t cap);

/* The console page (HTML with its CSS and script inline), and its length. */
const char *serve_console_page(size_t *len);

#endif
