/*
 * DOC: how the unit tests load a snapshot held in a string
 *
 * One loader for every test file that builds a model from JSON text, so the
 * tests agree on what a failed load prints and asserts, and the look-ups
 * they make in what it loaded.  Include after <cmocka.h>.
 */
#ifndef VPCSIM_TESTS_FIXTURE_H
#define VPCSIM_TESTS_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/report.h"

/*
 * Load the @len bytes at @json, named @file in findings, into a model; the
 * findings go to a new list in *d (the caller frees both).  With @rc, the
 * load's status is stored there whatever it is.  Without, the load must
 * succeed: its findings are printed when it does not, and the test fails.
 */
static inline struct model *fixture_load(const char *file, const char *json, size_t len,
					 struct diag_list **d, int *rc)
{
	*d = diag_list_new();
	assert_non_null(*d);
	struct model *m = NULL;
	int r = load_snapshot_buffer(file, json, len, NULL, *d, &m);
	if (rc) {
		*rc = r;
		return m;
	}
	if (r)
		report_diag_print(stderr, *d);
	assert_int_equal(r, 0);
	assert_non_null(m);
	return m;
}

/* The object @id of the model, which must exist and be of @kind. */
static inline const void *fixture_find(const struct model *m, const char *id, enum model_kind kind)
{
	const struct model_obj *o = model_find(m, id);
	assert_non_null(o);
	assert_int_equal(o->kind, kind);
	return o;
}

/* How many findings of @d have the code @code. */
static inline size_t fixture_count_code(const struct diag_list *d, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < diag_count(d); i++)
		n += strcmp(diag_get(d, i)->code, code) == 0;
	return n;
}

/*
 * A model and its findings held around a test: fixture_model_setup() and
 * fixture_model_teardown() are a cmocka setup and teardown with a struct
 * fixture_model in *state, which the teardown frees whole, also after a
 * failed assertion.
 */
struct fixture_model {
	struct model *m;
	struct diag_list *d;
};

/* Free what @f holds; it holds nothing after. */
static inline void fixture_model_unload(struct fixture_model *f)
{
	model_free(f->m);
	diag_list_free(f->d);
	f->m = NULL;
	f->d = NULL;
}

/* fixture_load() of the string @json, named @file, into @f in place of
 * what it held: the load must succeed. */
static inline struct fixture_model *fixture_model_load(struct fixture_model *f, const char *file,
						       const char *json)
{
	fixture_model_unload(f);
	f->m = fixture_load(file, json, strlen(json), &f->d, NULL);
	return f;
}

static inline int fixture_model_setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture_model));
	return *state ? 0 : -1;
}

static inline int fixture_model_teardown(void **state)
{
	fixture_model_unload(*state);
	free(*state);
	return 0;
}

/* {"@key":[[[...]]]} with @depth brackets nested under @key, NUL-terminated
 * (malloc; the caller frees it); its length in *len. */
static inline char *fixture_nested(const char *key, size_t depth, size_t *len)
{
	size_t kl = strlen(key), n = 0;
	char *buf = malloc(2 * depth + kl + 8);
	assert_non_null(buf);
	buf[n++] = '{';
	buf[n++] = '"';
	memcpy(buf + n, key, kl);
	n += kl;
	buf[n++] = '"';
	buf[n++] = ':';
	memset(buf + n, '[', depth);
	n += depth;
	memset(buf + n, ']', depth);
	n += depth;
	buf[n++] = '}';
	buf[n] = '\0';
	*len = n;
	return buf;
}

#endif
