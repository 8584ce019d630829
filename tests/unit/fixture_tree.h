/*
 * DOC: temporary snapshot trees for the loader's unit tests
 *
 * A test builds a directory under $TMPDIR (else /tmp) with the files,
 * folders and links a user could hand the loader, loads it, and removes
 * it.  Every step asserts that it worked: a tree that could not be built
 * fails the test instead of testing something else.  Strings returned are
 * malloc'd and the caller's.  Include after <cmocka.h>; link fixture_tree.c.
 *
 * struct fixture_snap holds what one test built and loaded: passed to
 * cmocka as the test's setup and teardown, fixture_snap_setup() and
 * fixture_snap_teardown() free the model and the findings and remove the
 * tree also when an assertion fails half-way through the test.
 */
#ifndef VPCSIM_TESTS_FIXTURE_TREE_H
#define VPCSIM_TESTS_FIXTURE_TREE_H

#include <stddef.h>

#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

/* A new empty directory (mkdtemp), its path. */
char *fixture_temp_dir(void);

/* "@dir/@rel". */
char *fixture_path(const char *dir, const char *rel);

/* Write the @len bytes at @text to @dir/@rel, making the folders of @rel
 * that are missing. */
void fixture_write(const char *dir, const char *rel, const char *text, size_t len);

/* fixture_write() of the string @text. */
void fixture_write_str(const char *dir, const char *rel, const char *text);

/* Remove the tree @dir without following its symlinks, then free @dir. */
void fixture_rm_rf(char *dir);

struct fixture_snap {
	char *dir;           /* fixture_snap_dir()'s tree, or NULL */
	struct model *m;     /* the last load's model, NULL when it failed */
	struct diag_list *d; /* the last load's findings */
	int rc;              /* the last load's status */
};

/* cmocka setup and teardown: *state is a struct fixture_snap. */
int fixture_snap_setup(void **state);
int fixture_snap_teardown(void **state);

/* The test's temporary directory, made at the first call. */
const char *fixture_snap_dir(void **state);

/* load_snapshot() of @path, or of the test's directory when @path is NULL,
 * in place of the test's earlier load; its status is left in ->rc. */
const struct fixture_snap *fixture_snap_load(void **state, const char *path);

/* load_snapshot_buffer() of the @len bytes at @json, named @file in
 * findings, with @opts (NULL: the defaults), likewise. */
const struct fixture_snap *fixture_snap_load_buffer(void **state, const char *file,
						    const char *json, size_t len,
						    const struct load_opts *opts);

/* @f, whose load must have succeeded (findings allowed): its findings are
 * printed when it did not, and the test fails. */
const struct fixture_snap *fixture_snap_ok(const struct fixture_snap *f);

/* @f, whose load must have failed with @rc and built no model. */
const struct fixture_snap *fixture_snap_fails(const struct fixture_snap *f, int rc);

#endif
