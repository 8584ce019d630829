/*
 * DOC: report -- what vpcsim prints for people
 *
 * Text output quotes what the snapshot and the user wrote: Name tags, ids,
 * descriptions, file names, command-line arguments.  None of it may reach a
 * terminal raw: an ESC sequence in a Name tag would recolour or rewrite the
 * screen, a newline would forge a report line ("result: reachable").  Every
 * text renderer (cli/, src/trace/trace_text.c) prints through the functions
 * below, which escape each string argument and leave the format alone:
 *
 *   \n \r \t, and \\ for a backslash (so an escape is never ambiguous);
 *   \xHH for the other C0 controls, DEL and bytes that are not UTF-8;
 *   \uHHHH for the C1 controls (U+0080-U+009F) and the characters that
 *   reorder or break lines (U+2028, U+2029, U+202A-U+202E, U+2066-U+2069).
 *
 * Printable ASCII and the rest of UTF-8 are copied as they are, so output
 * without such characters is unchanged.  JSON output does not come here
 * (its writers escape by JSON's rules).
 *
 * Thread-safety: no state; as safe as the FILE given.  Errors: a failed
 * write leaves the stream's error flag set (ferror), as stdio does; the
 * caller checks it once at the end (cli's main()).
 */
#ifndef VPCSIM_REPORT_H
#define VPCSIM_REPORT_H

#include <stddef.h>
#include <stdio.h>

/*
 * fprintf() whose %s arguments are escaped first (then padded or cut as
 * the conversion says: "%-44s" pads the escaped text).  Supported: the
 * flags, field width and precision ('*' too) of printf, the length
 * modifiers hh h l ll z j t, and the conversions d i u o x X c s e f g E G
 * p %.  %c of a control character is escaped like a string.  An
 * unsupported conversion is a broken internal invariant: abort().
 */
void report_textf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* fputs() of @s escaped; NULL prints nothing. */
void report_text_put(const char *s, FILE *f);

/*
 * @s escaped into @buf of @len bytes (len >= 1), always NUL-terminated;
 * cut at a whole escape when it does not fit.  Returns @buf.
 */
char *report_text_esc(const char *s, char *buf, size_t len);

#endif
