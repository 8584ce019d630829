/*
 * DOC: what the scenario drivers (scenario_check, scenario_trace,
 * scenario_dns) share: reading a scenario's files and finding its snapshot.
 */
#ifndef VPCSIM_TESTS_SCENARIO_UTIL_H
#define VPCSIM_TESTS_SCENARIO_UTIL_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
