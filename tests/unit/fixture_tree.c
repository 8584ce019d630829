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
