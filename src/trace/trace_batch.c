/*
 * DOC: trace --batch input (vpcsim/trace_batch.h): a bounded line reader
 * over read(2) and the JSON of one query per line.
 */
#include "vpcsim/trace_batch.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vpcsim/error.h"

struct trace_batch_reader {
	int fd;
	size_t pos, end;
	int err; /* errno of a failed read, 0 */
	unsigned long lineno;
	char block[65536];
	char line[TRACE_BATCH_MAX_LINE + 1];
};

int trace_batch_reader_new(int fd, struct trace_batch_reader **out)
{
	if (!out || fd < 0)
		return VS_EINVAL;
	struct trace_batch_reader *r = malloc(sizeof(*r));
	if (!r)
		return VS_ENOMEM;
	r->fd = fd;
	r->pos = r->end = 0;
	r->err = 0;
	r->lineno = 0;
	*out = r;
	return 0;
}

void trace_batch_reader_free(struct trace_batch_reader *r)
{
	free(r);
}

int trace_batch_reader_errno(const struct trace_batch_reader *r)
{
	return r ? r->err : EINVAL;
}

/* One raw line into r->line; false at the end of input or on error. */
static bool read_line(struct trace_batch_reader *r, size_t *len, bool *too_long)
{
	size_t n = 0, seen = 0;
	bool any = false;
	*too_long = false;
	for (;;) {
		if (r->pos == r->end) {
			ssize_t got = read(r->fd, r->block, sizeof(r->block));
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				r->err = errno;
				return false;
			}
			if (got == 0)
				break; /* end of input: the last line may lack its newline */
			r->pos = 0;
			r->end = (size_t)got;
		}
		any = true;
		const char *start = r->block + r->pos;
		size_t avail = r->end - r->pos;
		const char *nl = memchr(start, '\n', avail);
		size_t take = nl ? (size_t)(nl - start) : avail;
		if ((seen += take) > TRACE_BATCH_MAX_SKIP) {
			r->err = EFBIG;
			return false;
		}
		if (!*too_long && n + take <= TRACE_BATCH_MAX_LINE) {
			memcpy(r->line + n, start, take);
			n += take;
		} else {
			*too_long = true;
		}
		r->pos += take + (nl ? 1 : 0);
		if (nl)
			break;
	}
	if (*too_long)
		n = 0;
	r->line[n] = '\0';
	*len = n;
	return any;
}

bool trace_batch_next(struct trace_batch_reader *r, struct trace_batch_line *out)
{
	size_t len;
	bool too_long;
	if (!r || !out)
		return false;
	while (read_line(r, &len, &too_long)) {
		char *line = r->line;
		r->lineno++;
		while (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		size_t skip = strspn(line, " \t");
		if (!too_long && skip == len)
			continue; /* blank */
		*out = (struct trace_batch_line){line, len, too_long, r->lineno};
		return true;
	}
	return false;
}

/* A decimal 0..max with no sign; false otherwise. */
static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	if (!s || !*s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* An integer member in [0, max], or -1 when absent; false when malformed. */
static bool json_int(const cJSON *req, const char *key, int max, int *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, key);
	*out = -1;
	if (!v || cJSON_IsNull(v))
		return true;
	if (cJSON_IsString(v)) {
		unsigned long u;
		if (!parse_uint(v->valuestring, (unsigned long)max, &u))
			return false;
		*out = (int)u;
		return true;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > max ||
	    v->valuedouble != (double)(int)v->valuedouble)
		return false;
	*out = (int)v->valuedouble;
	return true;
}

static const char *query_of(const cJSON *req, struct trace_query *q)
{
	static const char bad_proto[] = "\"proto\" must be a protocol name (tcp, udp, icmp, "
					"icmpv6, gre, esp, ah, sctp) "
					"or 0-255";
	if (!cJSON_IsObject(req))
		return "a batch line must be a JSON object";
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(req, "from");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(req, "to");
	if (!cJSON_IsString(f) || !cJSON_IsString(t))
		return "\"from\" and \"to\" must be strings";
	q->from = f->valuestring;
	q->to = t->valuestring;
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(req, "proto");
	q->proto = -1;
	if (cJSON_IsString(p)) {
		q->proto = trace_proto_parse(p->valuestring);
		if (q->proto < 0)
			return bad_proto;
	} else if (p && !cJSON_IsNull(p) && !json_int(req, "proto", 255, &q->proto)) {
		return bad_proto;
	}
	if (!json_int(req, "port", 65535, &q->port))
		return "\"port\" must be an integer 0-65535";
	if (!json_int(req, "src_port", 65535, &q->src_port))
		return "\"src_port\" must be an integer 0-65535";
	if (!json_int(req, "size", 65535, &q->size) || (q->size >= 0 && q->size < 68))
		return "\"size\" must be a packet size 68-65535";
	/* the HTTP request an ALB's rules see */
	static const char *const http[] = {"host", "path", "method"};
	const char **to[] = {&q->http_host, &q->http_path, &q->http_method};
	for (size_t i = 0; i < sizeof(http) / sizeof(http[0]); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, http[i]);
		if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
			return "\"host\", \"path\" and \"method\" must be strings";
		*to[i] = cJSON_IsString(v) ? v->valuestring : NULL;
	}
	return NULL;
}

const char *trace_batch_parse(const char *line, size_t len, struct trace_query *q, cJSON **req)
{
	const char *end = NULL;
	*req = NULL;
	if (!line || !q)
		return "no line";
	cJSON *o = cJSON_ParseWithLengthOpts(line, len, &end, false);
	if (!o)
		return "not valid JSON";
	for (const char *p = end; p && p < line + len; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r') {
			cJSON_Delete(o);
			return "unexpected bytes after the JSON object";
		}
	*req = o;
	memset(q, 0, sizeof(*q));
	return query_of(o, q);
}
