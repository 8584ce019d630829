/*
 * DOC: trace --batch input -- JSON Lines in, one trace query per line
 *
 * The reader takes lines from a file descriptor with read(2) in blocks: a
 * line is kept up to TRACE_BATCH_MAX_LINE bytes and the rest of a longer
 * one is skipped to its newline, so memory stays bounded whatever the input
 * (a 1 GiB line without a newline costs one block); a line that has not
 * ended after TRACE_BATCH_MAX_SKIP bytes ends the input (EFBIG: /dev/zero is
 * not read for ever).  A line written to a pipe is answered without waiting
 * for a full block.  A line is one JSON
 * object with the keys "from", "to" (strings) and optionally "proto" (a
 * name net_proto_parse() knows, or 0-255), "port", "src_port" (0-65535),
 * "size" (68-65535); numbers may be written as strings.  Whitespace may
 * surround the object; anything else after it is an error, as the snapshot
 * loader would say.
 *
 * Ownership: the reader owns its buffers; a line's text is valid until the
 * next trace_batch_next().  A query's strings point into the cJSON object
 * trace_batch_parse() returns, which the caller deletes.  Not thread-safe
 * (one reader per thread); trace_batch_parse() is.
 */
#ifndef VPCSIM_TRACE_BATCH_H
#define VPCSIM_TRACE_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcsim/trace.h"

/* A batch line longer than this is refused (bounded input). */
#define TRACE_BATCH_MAX_LINE 65536
/* A line longer than this ends the input (trace_batch_reader_errno() EFBIG). */
#define TRACE_BATCH_MAX_SKIP (1u << 30)

struct trace_batch_reader;

struct trace_batch_line {
	const char *text;     /* NUL-terminated, without its newline and trailing CRs */
	size_t len;           /* may hold NUL bytes; 0 when too_long */
	bool too_long;        /* more than TRACE_BATCH_MAX_LINE bytes: skipped */
	unsigned long lineno; /* 1-based */
};

/* A reader of @fd (not closed by it).  0, VS_EINVAL, or VS_ENOMEM. */
int trace_batch_reader_new(int fd, struct trace_batch_reader **out);
void trace_batch_reader_free(struct trace_batch_reader *r); /* NULL is a no-op */

/*
 * The next line that is not blank into @out.  False at the end of the input
 * or on a read error: then trace_batch_reader_errno() is the read's errno
 * (0 at a clean end).
 */
bool trace_batch_next(struct trace_batch_reader *r, struct trace_batch_line *out);
int trace_batch_reader_errno(const struct trace_batch_reader *r);

/*
 * Parse one line into @q.  Returns NULL on success and sets *req to the
 * parsed object (the caller cJSON_Delete()s it; @q's strings point into
 * it); else a static message saying what is wrong, with *req set to the
 * object when it parsed (so an error line can echo "from"/"to"), or NULL.
 */
struct cJSON;
const char *trace_batch_parse(const char *line, size_t len, struct trace_query *q,
			      struct cJSON **req);

#endif
