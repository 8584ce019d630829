/*
 * DOC: fuzz harness of the snapshot loader (and the checker behind it)
 *
 * One input = one JSON file given to load_snapshot_buffer().  When the load
 * succeeds the model is run through check_model() and every public lookup,
 * so the resolver's pointers and the indexes are exercised too.  The input
 * is copied into a buffer of exactly @size bytes, not NUL-terminated, so
 * AddressSanitizer catches a parser that reads past the length it was given.
 * Everything is freed: LeakSanitizer reports what is not.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vpcsim/check.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

/* A broken contract of the public API is a bug the fuzzer must report. */
static void fuzz_require(int cond)
{
	if (!cond)
		abort();
}

static void walk_model(const struct model *m)
{
	for (int k = 0; k < MODEL_KIND_COUNT; k++) {
		uint32_t n = model_count(m, (enum model_kind)k);
		for (uint32_t i = 0; i < n; i++) {
			const struct model_obj *o = model_get(m, (enum model_kind)k, i);
			fuzz_require(o != NULL && o->kind == (enum model_kind)k);
			/* an id as read finds some entity (a duplicate may find the other) */
			if (o->id && !o->synthetic)
				fuzz_require(model_find(m, o->id) != NULL);
		}
	}
	for (uint32_t i = 0; i < m->n_enis; i++) {
		const struct model_eni *e = &m->enis[i];
		for (uint32_t j = 0; j < e->n_ips; j++) {
			if (e->ips[j].priv.af != NET_AF_NONE)
				fuzz_require(model_eni_by_private_ip(m, &e->ips[j].priv) != NULL);
			if (e->ips[j].pub.af != NET_AF_NONE)
				(void)model_eni_by_public_ip(m, &e->ips[j].pub);
		}
	}
}

static void walk_diag(struct diag_list *diag)
{
	diag_sort(diag);
	size_t n = diag_count(diag);
	for (size_t i = 0; i < n; i++) {
		const struct diag *d = diag_get(diag, i);
		fuzz_require(d != NULL && d->code != NULL && d->message != NULL);
	}
	(void)diag_count_severity(diag, DIAG_ERROR);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);

	struct diag_list *diag = diag_list_new();
	if (!diag) {
		free(buf);
		return 0;
	}
	struct model *m = NULL;
	int rc = load_snapshot_buffer("fuzz.json", buf, size, NULL, diag, &m);
	if (rc == 0) {
		fuzz_require(m != NULL);
		walk_model(m);
		struct check_opts opts;
		check_opts_default(&opts);
		rc = check_model(m, &opts, diag);
		fuzz_require(rc == 0 || rc == VS_ENOMEM);
	} else {
		/* a failed load gives no model; a syntax error says where */
		fuzz_require(m == NULL);
		if (rc == VS_EPARSE)
			fuzz_require(diag_count(diag) > 0);
	}
	walk_diag(diag);
	model_free(m);
	diag_list_free(diag);
	free(buf);
	return 0;
}
