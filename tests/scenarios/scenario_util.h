/*
 * DOC: what the scenario drivers (scenario_check, scenario_trace,
 * scenario_dns) share: finding the scenarios of a directory, reading a
 * scenario's files and finding its snapshot; for the trace and DNS drivers
 * also their command line and a scenario's list loaded with its snapshot
 * and a tracer.
 */
#ifndef VPCSIM_TESTS_SCENARIO_UTIL_H
#define VPCSIM_TESTS_SCENARIO_UTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct diag_list;
struct model;
struct trace_ctx;

/* The whole file, NUL-terminated (the caller frees it); NULL when it cannot
 * be read. */
char *scenario_read_file(const char *path);

/*
 * Scenario @name's snapshot in @dir into @path: the path snapshot.path
 * names (relative to the scenario's directory, e.g. an example in place),
 * else a snapshot/ directory (several regions or accounts), else
 * snapshot.json.  False when snapshot.path exists but names nothing.
 */
bool scenario_snapshot_path(const char *dir, const char *name, char *path, size_t len);

/*
 * Scenario @name's @file (queries.json, flows.json), which must be a JSON
 * array (the caller frees it with cJSON_Delete), and the path of its
 * snapshot in @snap as scenario_snapshot_path() finds it.  NULL when either
 * fails, after a "FAIL name: ..." line on stdout.
 */
cJSON *scenario_read_list(const char *dir, const char *name, const char *file, char *snap,
			  size_t len);

/* The line of item @i (titled @title) of scenario @name on stdout: "ok   name
 * #i title", or "FAIL name #i title: why" when not @ok. */
void scenario_print_item(const char *name, int i, const char *title, bool ok, const char *why);

/* One scenario of a directory: the number of its checks that failed. */
typedef int (*scenario_run_fn)(const char *dir, const char *name, void *arg);

/*
 * Run @run(dir, name, @arg) on every subdirectory of @dir that holds a file
 * @file, in name order, or on @only alone when it is not NULL; the names
 * that start with '.' are skipped.  Returns the sum of what @run returned,
 * and the number of scenarios run in *n_run; -1 when @dir cannot be read
 * (errno says why).
 */
int scenario_each(const char *dir, const char *only, const char *file, scenario_run_fn run,
		  void *arg, int *n_run);

/*
 * The command line DIR [NAME] of driver @prog: scenario_each(DIR, NAME,
 * @file, @run, @arg, @n_run).  -1 after a usage or "cannot read DIR" line on
 * stderr (the driver exits 2), else the sum of what @run returned.
 */
int scenario_main(int argc, char **argv, const char *prog, const char *file, scenario_run_fn run,
		  void *arg, int *n_run);

/* A scenario's list of checks with its snapshot loaded and traced. */
struct scenario {
	cJSON *list;              /* its @file, a JSON array */
	char snap[4096];          /* the path of its snapshot */
	struct diag_list *diag;   /* what loading it found */
	struct model *m;          /* the snapshot */
	struct trace_ctx *tracer; /* over @m */
};

/*
 * Scenario @name's @file (scenario_read_list()) into @s, its snapshot
 * loaded and a tracer built over it.  False after a "FAIL name: ..." line
 * on stdout (with the load's findings); either way the caller calls
 * scenario_close(@s).
 */
bool scenario_open(struct scenario *s, const char *dir, const char *name, const char *file);
void scenario_close(struct scenario *s);

#endif
