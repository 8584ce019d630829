/*
 * DOC: what lab.c and expect.c share
 */
#ifndef VPCSIM_LABS_INTERNAL_H
#define VPCSIM_LABS_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* @cmd is one of LABS_COMMANDS. */
bool labs_command_known(const char *cmd);

/*
 * Whether @exp is a valid expectation for @cmd: an object of the keys its
 * matcher knows, each of the right type, at least one of them a check.
 * False with the offending key in @key (empty when the object itself is
 * wrong) and what is wrong in @why.
 */
bool labs_expect_valid(const char *cmd, const cJSON *exp, char *key, size_t keylen, char *why,
		       size_t len);

#endif
