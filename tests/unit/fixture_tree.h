/*
 * DOC: temporary snapshot trees for the loader's unit tests
 *
 * A test builds a directory under $TMPDIR (else /tmp) with the files,
 * folders and links a user could hand the loader, loads it, and removes
 * it.  Every step asserts that it worked: a tree that could not be built
 * fails the test instead of testing something else.  Strings returned are
 * malloc'd and the caller's.  Include after <cmocka.h>; link fixture_tree.c.
 */
#ifndef VPCSIM_TESTS_FIXTURE_TREE_H
#define VPCSIM_TESTS_FIXTURE_TREE_H

#include <stddef.h>

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

#endif
