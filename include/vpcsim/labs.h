/*
 * DOC: learning labs -- one AWS networking fact as a snapshot, a question,
 * the vpcsim commands that answer it and the answer AWS documents
 *
 * A lab is a directory NAME/ holding snapshot.json and lab.json:
 *
 *   {"area": "Gateways", "question": "plain words",
 *    "commands": [["trace", "snapshot.json", "--from", "i-1", "--to", "internet"]],
 *    "expect": {...} (one command) or [{...}, ...] (one per command),
 *    "explanation": ["line one", "line two"],
 *    "doc": "https://docs.aws.amazon.com/...",
 *    "changed": "what today's AWS does differently from the study notes" (optional),
 *    "break_it": {"change": {"describe": "...", "patch": [RFC 6902 operations]}
 *                        or {"describe": "...", "file": "other-snapshot.json"},
 *                 "expect": the answer after the change, same shape as expect}}
 *
 * Each command's second word is "snapshot.json" (the lab's snapshot, or the
 * changed one for break_it), or "snapshot" for a directory of files
 * (several Regions or accounts; the patch then says which file: "in").  An expectation is compared with the JSON the
 * command prints with --json, parsed back: the engine's answer at the time
 * of the check against what AWS's documentation says, never a stored copy
 * of an earlier answer.  labs_expect_check() documents the keys per command.
 *
 * This module reads and validates labs, applies the break_it patch and
 * compares; running the commands is the CLI's (cli/cmd_labs.c), so that a
 * lab runs exactly what `vpcsim <command>` runs.  Not thread-safe per lab;
 * distinct labs are independent.
 */
#ifndef VPCSIM_LABS_H
#define VPCSIM_LABS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* The commands a lab may run (those that answer with --json). */
#define LABS_COMMANDS "check, show, trace, routes, resolve"

struct lab {
	char name[128];  /* the directory's name */
	char dir[1024];  /* the lab's directory */
	char file[1040]; /* its lab.json */
	cJSON *doc;      /* lab.json, owned; every pointer below is into it */
	const char *area, *question, *doc_url, *changed;
	const char *explanation[2];
	const char *snapshot;   /* "snapshot.json" or "snapshot" (a directory) */
	const cJSON *commands;  /* array of argv arrays */
	const cJSON *expect;    /* object or array */
	const cJSON *change;    /* break_it.change */
	const cJSON *break_exp; /* break_it.expect */
};

/*
 * Read and validate @dir/@name/lab.json into *lab.  0, or VS_EPARSE (a
 * malformed lab: @err says "FILE:LINE: field 'F': what is wrong"), VS_ENOENT
 * / VS_EIO (cannot read; @err says so) or VS_ENOMEM.  *lab must be released
 * with labs_free() after 0.
 */
int labs_read(const char *dir, const char *name, struct lab *lab, char *err, size_t errlen);
void labs_free(struct lab *lab);

/* The expectation of command @i (of @n) in @exp (lab->expect or
 * lab->break_exp): the object itself for one command, else item @i. */
const cJSON *labs_expect_of(const cJSON *exp, int i);

/*
 * Whether @answer (the command's --json output, parsed; NULL when it was
 * not JSON) and @status (its exit status) meet @exp, for @command ("trace",
 * "routes", "resolve", "check", "show").  False with @why saying the first
 * difference ("reachable: got false, AWS documents true").
 */
bool labs_expect_check(const char *command, const cJSON *exp, const cJSON *answer, int status,
		       char *why, size_t len);

/*
 * Apply RFC 6902 operations @patch (add, remove, replace, with RFC 6901
 * pointers) to @doc in place.  0, or VS_EPARSE with @err naming the
 * operation and the pointer that does not apply.
 */
int labs_patch(cJSON *doc, const cJSON *patch, char *err, size_t len);

#endif
