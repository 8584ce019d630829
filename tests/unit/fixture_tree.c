/*
 * DOC: temporary snapshot trees for the loader's unit tests (fixture_tree.h)
 */
#define _XOPEN_SOURCE 700 /* nftw() */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_tree.h"
#include "vpcsim/report.h"

char *fixture_temp_dir(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof(tmpl), "%s/vpcsim-test-XXXXXX", t && *t ? t : "/tmp");
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	d = strdup(d);
	assert_non_null(d);
	return d;
}

char *fixture_path(const char *dir, const char *rel)
{
	size_t l = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(l);
	assert_non_null(p);
	snprintf(p, l, "%s/%s", dir, rel);
	return p;
}

void fixture_write(const char *dir, const char *rel, const char *text, size_t len)
{
	char *p = fixture_path(dir, rel);
	/* the folders of @rel; those that exist already make mkdir() fail, and
	 * a missing one makes fopen() fail below */
	for (char *s = p + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0700);
		*s = '/';
	}
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(p);
}

void fixture_write_str(const char *dir, const char *rel, const char *text)
{
	fixture_write(dir, rel, text, strlen(text));
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void fixture_rm_rf(char *dir)
{
	assert_int_equal(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(dir);
}

int fixture_snap_setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture_snap));
	return *state ? 0 : -1;
}

/* What the test's last load left, before the next one or at the end. */
static void unload(struct fixture_snap *f)
{
	model_free(f->m);
	diag_list_free(f->d);
	f->m = NULL;
	f->d = NULL;
}

int fixture_snap_teardown(void **state)
{
	struct fixture_snap *f = *state;
	unload(f);
	if (f->dir)
		fixture_rm_rf(f->dir);
	free(f);
	return 0;
}

const char *fixture_snap_dir(void **state)
{
	struct fixture_snap *f = *state;
	if (!f->dir)
		f->dir = fixture_temp_dir();
	return f->dir;
}

/* The fixture, emptied for a new load. */
static struct fixture_snap *reload(void **state)
{
	struct fixture_snap *f = *state;
	unload(f);
	f->d = diag_list_new();
	assert_non_null(f->d);
	return f;
}

const struct fixture_snap *fixture_snap_load(void **state, const char *path)
{
	struct fixture_snap *f = reload(state);
	f->rc = load_snapshot(path ? path : fixture_snap_dir(state), NULL, f->d, &f->m);
	return f;
}

const struct fixture_snap *fixture_snap_load_buffer(void **state, const char *file,
						    const char *json, size_t len,
						    const struct load_opts *opts)
{
	struct fixture_snap *f = reload(state);
	f->rc = load_snapshot_buffer(file, json, len, opts, f->d, &f->m);
	return f;
}

const struct fixture_snap *fixture_snap_ok(const struct fixture_snap *f)
{
	if (f->rc)
		report_diag_print(stderr, f->d);
	assert_int_equal(f->rc, 0);
	assert_non_null(f->m);
	return f;
}

const struct fixture_snap *fixture_snap_fails(const struct fixture_snap *f, int rc)
{
	assert_int_equal(f->rc, rc);
	assert_null(f->m);
	return f;
}
