/*
 * DOC: loader field readers
 *
 * Small, forgiving accessors over cJSON values used by every per-service
 * reader.  None of them fails hard: a wrong JSON type or a bad value becomes
 * a finding naming the current file and the resource, and the field is
 * treated as absent (or given its default).  Strings returned are copies in
 * the model arena, because the cJSON document is freed after each file.
 * JSON null is treated as absent everywhere (the AWS CLI prints null for
 * some unset fields).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* Longest string we quote back in a message, so a 10 MB value cannot bloat
 * the findings. */
#define LD_QUOTE_MAX 200

static const char *ld_type_name(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "null";
}

/* The member @key of object @o, or NULL when @o is not an object, the key is
 * absent, or its value is null. */
static const cJSON *ld_get(const cJSON *o, const char *key)
{
	if (!cJSON_IsObject(o) || !key)
		return NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v || cJSON_IsNull(v))
		return NULL;
	return v;
}

static void ld_vreport(struct ld_ctx *c, enum diag_severity sev, const char *code, const char *res,
		       const char *fmt, va_list ap)
{
	if (!c->diag)
		return;
	/* An out-of-memory here cannot be reported anywhere better; the load
	 * itself fails at its next allocation. */
	(void)diag_vadd(c->diag, sev, code, res, c->file, 0, 0, fmt, ap);
}

void ld_error(struct ld_ctx *c, const char *code, const char *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld_vreport(c, DIAG_ERROR, code, res, fmt, ap);
	va_end(ap);
}

void ld_warn(struct ld_ctx *c, const char *code, const char *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ld_vreport(c, DIAG_WARNING, code, res, fmt, ap);
	va_end(ap);
}

void ld_warn_in(struct ld_ctx *c, const char *file, const char *code, const char *res,
		const char *fmt, ...)
{
	const char *cur = c->file;
	c->file = file;
	va_list ap;
	va_start(ap, fmt);
	ld_vreport(c, DIAG_WARNING, code, res, fmt, ap);
	va_end(ap);
	c->file = cur;
}

static void ld_wrong_type(struct ld_ctx *c, const char *key, const char *want, const cJSON *v,
			  const char *res)
{
	ld_error(c, "SnapshotFormat", res, "field %s must be %s, not %s", key, want,
		 ld_type_name(v));
}

bool ld_has(const cJSON *o, const char *key)
{
	return ld_get(o, key) != NULL;
}

bool ld_elem_obj(struct ld_ctx *c, const cJSON *e, const char *key, const char *res)
{
	if (cJSON_IsObject(e))
		return true;
	ld_error(c, "SnapshotFormat", res, "elements of %s must be objects", key);
	return false;
}

const char *ld_elem_id(struct ld_ctx *c, const cJSON *e, const char *key, const char *id_key)
{
	return ld_elem_obj(c, e, key, NULL) ? ld_str_req(c, e, id_key, NULL) : NULL;
}

uint32_t ld_len(const cJSON *a)
{
	int n = cJSON_GetArraySize(a);
	return n > 0 ? (uint32_t)n : 0;
}

void *ld_alloc_for(struct ld_ctx *c, const cJSON *a, size_t size, uint32_t *n)
{
	*n = ld_len(a);
	return *n ? arena_calloc(c->arena, *n, size) : NULL;
}

const char *ld_str(struct ld_ctx *c, const cJSON *o, const char *key, const char *res)
{
	const cJSON *v = ld_get(o, key);
	if (!v)
		return NULL;
	if (!cJSON_IsString(v) || !v->valuestring) {
		ld_wrong_type(c, key, "a string", v, res);
		return NULL;
	}
	return arena_strdup(c->arena, v->valuestring);
}

const char *ld_str_req(struct ld_ctx *c, const cJSON *o, const char *key, const char *res)
{
	const cJSON *v = ld_get(o, key);
	if (!v) {
		ld_error(c, "SnapshotFormat", res, "required field %s is missing", key);
		return NULL;
	}
	const char *s = ld_str(c, o, key, res);
	if (s && !*s) {
		ld_error(c, "SnapshotFormat", res, "required field %s is empty", key);
		return NULL;
	}
	return s;
}

bool ld_bool(struct ld_ctx *c, const cJSON *o, const char *key, bool dflt, const char *res)
{
	const cJSON *v = ld_get(o, key);
	if (!v)
		return dflt;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	/* Some collectors write booleans as strings. */
	if (cJSON_IsString(v) && v->valuestring) {
		if (strcasecmp(v->valuestring, "true") == 0)
			return true;
		if (strcasecmp(v->valuestring, "false") == 0)
			return false;
	}
	ld_wrong_type(c, key, "a boolean", v, res);
	return dflt;
}

/* Parse a whole string as a decimal integer (optional sign, surrounding
 * blanks allowed).  False if anything else is in it or it overflows. */
static bool ld_parse_i64(const char *s, int64_t *out)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s)
		return false;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return false;
	*out = v;
	return true;
}

int64_t ld_int(struct ld_ctx *c, const cJSON *o, const char *key, int64_t min, int64_t max,
	       int64_t dflt, const char *res)
{
	const cJSON *v = ld_get(o, key);
	if (!v)
		return dflt;
	int64_t x;
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		/* Compare as doubles before converting: casting an out-of-range
		 * or NaN double to an integer is undefined behaviour. */
		if (!isfinite(d) || d != floor(d) || d < -9.2e18 || d > 9.2e18) {
			ld_error(c, "InvalidParameterValue", res,
				 "Value (%g) for parameter %s is invalid. Expected an integer.", d,
				 key);
			return dflt;
		}
		x = (int64_t)d;
	} else if (cJSON_IsString(v) && v->valuestring) {
		if (!ld_parse_i64(v->valuestring, &x)) {
			ld_error(c, "InvalidParameterValue", res,
				 "Value (%.*s) for parameter %s is invalid. Expected an integer.",
				 LD_QUOTE_MAX, v->valuestring, key);
			return dflt;
		}
	} else {
		ld_wrong_type(c, key, "a number", v, res);
		return dflt;
	}
	if (x < min || x > max) {
		ld_error(c, "InvalidParameterValue", res,
			 "Value (%lld) for parameter %s is invalid. It must be between %lld and "
			 "%lld.",
			 (long long)x, key, (long long)min, (long long)max);
		return dflt;
	}
	return x;
}

/* The member @key when @is_type (cJSON_IsArray, cJSON_IsObject) says it is
 * of the type named @want in the finding when it is not; else NULL. */
static const cJSON *ld_typed(struct ld_ctx *c, const cJSON *o, const char *key,
			     cJSON_bool (*is_type)(const cJSON *const), const char *want,
			     const char *res)
{
	const cJSON *v = ld_get(o, key);
	if (!v)
		return NULL;
	if (!is_type(v)) {
		ld_wrong_type(c, key, want, v, res);
		return NULL;
	}
	return v;
}

const cJSON *ld_arr(struct ld_ctx *c, const cJSON *o, const char *key, const char *res)
{
	return ld_typed(c, o, key, cJSON_IsArray, "an array", res);
}

const cJSON *ld_obj(struct ld_ctx *c, const cJSON *o, const char *key, const char *res)
{
	return ld_typed(c, o, key, cJSON_IsObject, "an object", res);
}

const char **ld_str_list(struct ld_ctx *c, const cJSON *o, const char *key, const char *subkey,
			 uint32_t *n, const char *res)
{
	*n = 0;
	const cJSON *a = ld_arr(c, o, key, res);
	if (!a)
		return NULL;
	/* Count first so the arena array is exactly sized (cJSON arrays are
	 * linked lists: one pass to count, one to fill). */
	uint32_t cnt = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, a)
	{
		if (cnt == UINT32_MAX)
			break;
		cnt++;
	}
	if (!cnt)
		return NULL;
	const char **out = arena_calloc(c->arena, cnt, sizeof(*out));
	if (!out)
		return NULL;
	uint32_t k = 0;
	cJSON_ArrayForEach(e, a)
	{
		if (k == cnt)
			break;
		const cJSON *s = e;
		if (subkey && cJSON_IsObject(e)) {
			s = ld_get(e, subkey);
			if (!s)
				continue; /* e.g. a group pair without GroupId */
		}
		if (!cJSON_IsString(s) || !s->valuestring) {
			ld_error(c, "SnapshotFormat", res, "elements of %s must be %s", key,
				 subkey ? "objects with a string field" : "strings");
			continue;
		}
		const char *dup = arena_strdup(c->arena, s->valuestring);
		if (!dup)
			return NULL;
		out[k++] = dup;
	}
	*n = k;
	return k ? out : NULL;
}

bool ld_cidr(struct ld_ctx *c, const char *text, struct model_cidr *out, const char *param,
	     const char *res)
{
	memset(out, 0, sizeof(*out));
	if (!text)
		return false;
	out->text = arena_strdup(c->arena, text);
	if (net_prefix_parse(text, &out->pfx) == 0)
		return true;
	memset(&out->pfx, 0, sizeof(out->pfx));
	ld_error(c, "InvalidParameterValue", res,
		 "Value (%.*s) for parameter %s is invalid. This is not a valid CIDR block.",
		 LD_QUOTE_MAX, text, param);
	return false;
}

int ld_cidr_pair(struct ld_ctx *c, const cJSON *x, const char *cidr_key, struct model_cidr *cidr,
		 const char *str_key, const char **str, const char *res)
{
	const char *t = ld_str_req(c, x, cidr_key, res);
	*str = ld_str_req(c, x, str_key, res);
	return t && *str && ld_cidr(c, t, cidr, cidr_key, res) ? 0 : 1;
}

bool ld_addr(struct ld_ctx *c, const char *text, struct net_addr *out, const char *param,
	     const char *res)
{
	memset(out, 0, sizeof(*out));
	if (!text)
		return false;
	if (net_addr_parse(text, out) == 0)
		return true;
	memset(out, 0, sizeof(*out));
	ld_error(c, "InvalidParameterValue", res,
		 "Value (%.*s) for parameter %s is invalid. This is not a valid IP address.",
		 LD_QUOTE_MAX, text, param);
	return false;
}

const char *ld_name_tag(struct ld_ctx *c, const cJSON *o)
{
	const cJSON *tags = ld_get(o, "Tags");
	if (!tags)
		tags = ld_get(o, "TagSet");
	if (!cJSON_IsArray(tags))
		return NULL;
	const cJSON *t;
	cJSON_ArrayForEach(t, tags)
	{
		const cJSON *k = ld_get(t, "Key");
		if (!cJSON_IsString(k) || !k->valuestring || strcmp(k->valuestring, "Name") != 0)
			continue;
		const cJSON *v = ld_get(t, "Value");
		if (cJSON_IsString(v) && v->valuestring)
			return arena_strdup(c->arena, v->valuestring);
		return NULL;
	}
	return NULL;
}

const char *ld_region_of_az(struct ld_ctx *c, const char *az)
{
	/* An AZ name is the region plus a letter ("us-east-1a"); Local Zones
	 * and Wavelength Zones add suffixes after the region's number
	 * ("us-west-2-lax-1a", "us-east-1-wl1-bos-wlz-1").  So the region is
	 * everything up to the digits of the first dash-separated token that
	 * starts with a digit, with at least two tokens before it.  AZ ids
	 * ("use1-az1") have no such token and give NULL. */
	if (!az)
		return NULL;
	unsigned tokens = 0;
	const char *p = az;
	while (*p) {
		if (isdigit((unsigned char)*p)) {
			if (tokens < 2)
				return NULL;
			const char *q = p;
			while (isdigit((unsigned char)*q))
				q++;
			return arena_strndup(c->arena, az, (size_t)(q - az));
		}
		const char *dash = strchr(p, '-');
		if (!dash || dash == p)
			return NULL;
		for (const char *s = p; s < dash; s++)
			if (!isalpha((unsigned char)*s))
				return NULL;
		tokens++;
		p = dash + 1;
	}
	return NULL;
}

void ld_obj_init(struct ld_ctx *c, struct model_obj *obj, enum model_kind kind, const char *id,
		 const char *owner, const char *az)
{
	obj->kind = kind;
	obj->id = id;
	obj->file = c->file;
	obj->synthetic = false;
	obj->region = c->region;
	if (!obj->region && az)
		obj->region = ld_region_of_az(c, az);
	if (!obj->region && c->opts && c->opts->default_region)
		obj->region = arena_strdup(c->arena, c->opts->default_region);
	obj->account = owner && *owner ? owner : c->account;
	if (!obj->account && c->opts && c->opts->default_account)
		obj->account = arena_strdup(c->arena, c->opts->default_account);
}

/* ld_push_obj() hands out the model struct through its header. */
#define LD_OBJ_FIRST(kind, name, arr, type) \
	_Static_assert(offsetof(type, obj) == 0, #type " starts with its struct model_obj");
MODEL_KINDS(LD_OBJ_FIRST)
#undef LD_OBJ_FIRST

struct vec *ld_kind_vec(struct ld_ctx *c, enum model_kind k)
{
#define KV(kind, name, arr, type) [kind] = &c->arr,
	struct vec *v[MODEL_KIND_COUNT] = {MODEL_KINDS(KV)};
#undef KV
	return v[k];
}

void *ld_push_obj(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		  const char *owner, const char *az)
{
	struct model_obj *obj = vec_push(v);
	if (obj)
		ld_obj_init(c, obj, kind, id, owner, az);
	return obj;
}

int ld_vec_add(struct vec *v, const void *item)
{
	void *p = vec_push(v);
	if (!p)
		return VS_ENOMEM;
	memcpy(p, item, v->elem);
	return 0;
}

void *ld_push_tagged(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		     const cJSON *e, const char *az)
{
	struct model_obj *obj = ld_push_obj(c, v, kind, id, ld_str(c, e, "OwnerId", id), az);
	if (obj)
		obj->name = ld_name_tag(c, e);
	return obj;
}

void *ld_push_named(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		    const cJSON *e, const char *owner)
{
	struct model_obj *obj = ld_push_obj(c, v, kind, id, owner, NULL);
	if (obj)
		obj->name = ld_str(c, e, "Name", id);
	return obj;
}

void *ld_push_live(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		   const cJSON *e, const char *state_key, const char *az, const char **state,
		   int *rc)
{
	*rc = 0;
	*state = ld_str(c, e, state_key, id);
	if (ld_state_gone(*state))
		return NULL;
	struct model_obj *obj = ld_push_tagged(c, v, kind, id, e, az);
	if (!obj)
		*rc = VS_ENOMEM;
	return obj;
}

bool ld_state_gone(const char *state)
{
	static const char *const gone[] = {"deleted", "deleting", "failed", "rejected", "expired"};
	if (!state)
		return false;
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		if (strcasecmp(state, gone[i]) == 0)
			return true;
	return false;
}

int ld_enum(struct ld_ctx *c, const char *value, const char *const *names, int n, const char *code,
	    const char *res, const char *what, const char *field)
{
	for (int i = 0; value && i < n; i++)
		if (!strcmp(value, names[i]))
			return i;
	char list[256] = "";
	size_t off = 0;
	for (int i = 0; i < n && off < sizeof(list); i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
					i == 0     ? "" :
					i == n - 1 ? " or " :
						     ", ",
					names[i]);
	ld_error(c, code, res, "%s: %s must be %s, not \"%.40s\"", what, field, list,
		 value ? value : "");
	return -1;
}

bool ld_proto(const char *s, int *out)
{
	/* AWS accepts a protocol name or its IANA number; "-1" means all
	 * (AuthorizeSecurityGroupIngress, IpPermission.IpProtocol): one table
	 * for the whole library (src/net/proto.c). */
	return net_proto_parse(s, out) == 0;
}
