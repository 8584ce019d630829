/*
 * DOC: fuzz harness of the web console's request parsing (src/serve/request.c)
 *
 * One input = one request line's method and request-target as a browser,
 * or anything else on the machine, could send them to `vpcsim serve`:
 * "METHOD TARGET" (no space: GET and the whole input).  Whatever comes,
 * the parser answers one of its four statuses, and what it accepts is
 * bounded and printable: every parameter a key the route takes, once, a
 * value without control characters that fits; percent-decoding what was
 * re-encoded gives the value back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vpcsim/error.h"
#include "vpcsim/serve.h"

static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

static void fuzz_printable(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	fuzz_require(n < cap);
	for (size_t i = 0; i < n; i++)
		fuzz_require((unsigned char)s[i] >= 0x20 && s[i] != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char method[16] = "GET";
	const char *target = (const char *)data;
	size_t len = size;
	const char *sp = memchr(data, ' ', size < sizeof(method) ? size : sizeof(method));
	if (sp) {
		memcpy(method, data, (size_t)(sp - target));
		method[sp - target] = '\0';
		target = sp + 1;
		len = size - (size_t)(sp - (const char *)data) - 1;
	}
	struct serve_request *r = malloc(sizeof(*r));
	if (!r)
		return 0;
	char err[256];
	int rc = serve_request_parse(method, target, len, r, err, sizeof(err));
	fuzz_require(rc == 0 || rc == VS_EINVAL || rc == VS_ENOTFOUND || rc == VS_EUNSUPPORTED);
	if (rc) {
		fuzz_printable(err, sizeof(err));
		free(r);
		return 0;
	}
	fuzz_require(r->route <= SERVE_API_GRAPH_JSON);
	fuzz_require(r->n_params <= SERVE_MAX_PARAMS);
	fuzz_printable(r->id, sizeof(r->id));
	for (uint32_t i = 0; i < r->n_params; i++) {
		const struct serve_param *p = &r->params[i];
		fuzz_printable(p->key, sizeof(p->key));
		fuzz_printable(p->value, sizeof(p->value));
		fuzz_require(p->key[0] != '\0');
		/* once: the first with this key is this one */
		fuzz_require(serve_request_param(r, p->key) == p->value);
		/* re-encoded, it decodes back to itself */
		char enc[3 * SERVE_MAX_VALUE], back[SERVE_MAX_VALUE];
		size_t n = 0;
		for (const char *c = p->value; *c; c++)
			n += (size_t)snprintf(enc + n, sizeof(enc) - n, "%%%02X",
					      (unsigned char)*c);
		int bl = serve_decode(enc, n, true, back, sizeof(back));
		fuzz_require(bl >= 0 && (size_t)bl == strlen(p->value) && !strcmp(back, p->value));
	}
	free(r);
	return 0;
}
