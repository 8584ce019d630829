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

#include "vpcsim/names.h"

static inline const char *names_lookup(const char *const *names, size_t n, unsigned v,
				       const char *fallback)
{
	return v < n && names[v] ? names[v] : fallback;
}

/* names_lookup() on a table whose length the compiler knows. */
#define NAMES_LOOKUP(table, v, fallback) \
	names_lookup((table), sizeof(table) / sizeof((table)[0]), (unsigned)(v), (fallback))

/*
 * The name table's entry for one X(VALUE, "name") (X(VALUE, number,
 * "name")) of an X-macro list (vpcsim/names.h).
 */
#define NAMES_ENTRY(value, name)         [value] = (name),
#define NAMES_ENTRY_AT(value, num, name) [value] = (name),

/*
 * const char *fn(type v), the name X-macro @list gives @v, or @fallback:
 * the name function of an enum declared from @list, written once.  The _AT
 * form takes a list of X(VALUE, number, "name").
 */
#define NAMES_DEFINE(fn, type, list, fallback) NAMES_DEFINE_(fn, type, list, NAMES_ENTRY, fallback)
#define NAMES_DEFINE_AT(fn, type, list, fallback) \
	NAMES_DEFINE_(fn, type, list, NAMES_ENTRY_AT, fallback)
#define NAMES_DEFINE_(fn, type, list, entry, fallback)            \
	const char *fn(type v)                                    \
	{                                                         \
		static const char *const names[] = {list(entry)}; \
		return NAMES_LOOKUP(names, v, fallback);          \
	}

#endif
