/*
 * DOC: enum value -> name tables
 *
 * The modules name their enum values with a static table indexed by the
 * value (designated initializers where the values are sparse) and one
 * lookup, instead of a switch per enum.  names_lookup() is that lookup: the
 * table's entry for @v, or @fallback when @v is past the end of the table
 * or its entry was left NULL.  The tables are static and const, so it is
 * thread-safe; it never returns NULL unless @fallback is NULL.
 */
#ifndef VPCSIM_BASE_NAMES_H
#define VPCSIM_BASE_NAMES_H

#include <stddef.h>

static inline const char *names_lookup(const char *const *names, size_t n, unsigned v,
				       const char *fallback)
{
	return v < n && names[v] ? names[v] : fallback;
}

/* names_lookup() on a table whose length the compiler knows. */
#define NAMES_LOOKUP(table, v, fallback) \
	names_lookup((table), sizeof(table) / sizeof((table)[0]), (unsigned)(v), (fallback))

#endif
