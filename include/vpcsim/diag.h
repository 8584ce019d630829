/*
 * DOC: diagnostics (findings)
 *
 * A growable list of findings shared by the loader and the checker.  Each
 * finding has a severity, a code (AWS's error code where AWS would reject the
 * same input, e.g. "InvalidSubnet.Conflict", else one of vpcsim's own codes in
 * the same style), the resource it is about, where it came from (file, and
 * line/column when known) and a message.  Strings are copied into the list's
 * own memory.  Not thread-safe; one list per load/check.
 *
 * Long values are cut where messages are formatted: each %s argument and
 * the resource id longer than 256 bytes (more than any ARN) keeps its first 256 bytes (never half
 * a UTF-8 character) followed by "...(N bytes)", so quoting a 10 MB value
 * from hostile input costs a hundred bytes.  Callers pass values whole.
 */
#ifndef VPCSIM_DIAG_H
#define VPCSIM_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "vpcsim/names.h"

#define DIAG_SEVERITIES(X)                                      \
	/* AWS would reject this, or the file cannot be read */ \
	X(DIAG_ERROR, "error")                                  \
	/* accepted, but a design fault or a skipped input */   \
	X(DIAG_WARNING, "warning")                              \
	/* informational */                                     \
	X(DIAG_NOTE, "note")

enum diag_severity {
	DIAG_SEVERITIES(VS_NAMES_ENUM)
};

struct diag {
	enum diag_severity severity;
	const char *code;     /* never NULL */
	const char *resource; /* resource id, or NULL */
	const char *file;     /* or NULL */
	unsigned line, col;   /* 0 when unknown */
	const char *message;  /* never NULL */
};

struct diag_list;

struct diag_list *diag_list_new(void);
void diag_list_free(struct diag_list *l); /* NULL is a no-op */

/* Append a finding; the strings are copied.  Returns VS_ENOMEM on failure
 * (the list stays valid and keeps what it had). */
int diag_add(struct diag_list *l, enum diag_severity sev, const char *code, const char *resource,
	     const char *file, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
int diag_vadd(struct diag_list *l, enum diag_severity sev, const char *code, const char *resource,
	      const char *file, unsigned line, unsigned col, const char *fmt, va_list ap);

size_t diag_count(const struct diag_list *l);
size_t diag_count_severity(const struct diag_list *l, enum diag_severity sev);
const struct diag *diag_get(const struct diag_list *l, size_t i);
/* True when some finding has this code (tests use it). */
bool diag_has_code(const struct diag_list *l, const char *code);

/* Stable order for output: by file, line, then insertion. */
void diag_sort(struct diag_list *l);

const char *diag_severity_name(enum diag_severity sev);

#endif
