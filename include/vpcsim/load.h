/*
 * DOC: snapshot loader
 *
 * Reads a snapshot -- one JSON file, or a directory tree of them (the Batfish
 * aws_configs layout included) -- into a model.  Data flows one way: files ->
 * JSON documents -> loader vectors -> relation resolution and AWS defaults ->
 * indexes -> a read-only struct model.
 *
 * Findings go to @diag:
 *  - a file that is not valid JSON is an error "path:line:col: message" with
 *    code "JsonSyntax", and the load fails with VS_EPARSE (nothing else is
 *    reported as if it worked).  Invalid UTF-8, a \u0000 escape, a raw
 *    control character in a string and nesting deeper than 512 arrays and
 *    objects are syntax errors too, each saying which;
 *  - a key repeated in one JSON object: warning "DuplicateKey" at the
 *    repeat's line:col, naming the key; the first value is used;
 *  - a second resource of one type with an id already read: warning
 *    "DuplicateId" naming both files; the first is kept, the second dropped;
 *    the same id in two types (an attachment and a route table) is fine,
 *    see model_find_kind();
 *  - a value AWS would reject (malformed CIDR: InvalidParameterValue, ...) is
 *    an error finding naming file and resource; the value is skipped;
 *  - wrong JSON types and missing required fields: error "SnapshotFormat";
 *  - an unknown top-level key: one warning "UnknownKey" per key name;
 *  - resources in a gone state (deleted, failed, rejected, expired...) are
 *    skipped silently, as AWS shows them gone;
 *  - out of memory: error "OutOfMemory" naming the file being read, and
 *    VS_ENOMEM.
 *
 * Directory walk: entries are read in name order, hidden ones skipped, and
 * symlinks followed; each directory is entered once and each file read
 * once, by device and inode.  What is not read is said (warning
 * "SkippedInput", naming the path): a link back into a directory being
 * walked (a loop) or to one already read, a directory more than 32 levels
 * down, a *.json name that is a FIFO, socket or device, or a dangling
 * symlink; a second name of a file already read is a note.  A snapshot path
 * that is neither a regular file nor a directory is refused before anything
 * could block on it (error "FileUnreadable", VS_ESNAPSHOT).
 *
 * The loader never calls cJSON_InitHooks(): it parses with its own parser
 * into cJSON trees in its own arenas, so the process's cJSON hooks (and
 * other threads' use of cJSON) are left as the caller set them.
 */
#ifndef VPCSIM_LOAD_H
#define VPCSIM_LOAD_H

#include "vpcsim/diag.h"
#include "vpcsim/model.h"

struct load_opts {
	const char *default_region;  /* used when nothing else tells; may be NULL */
	const char *default_account; /* likewise */
	/* Most bytes the parsed JSON of one file may take (tree and strings);
	 * 0 = no limit but the memory there is.  Over it, the load fails as
	 * when memory runs out: VS_ENOMEM and an "OutOfMemory" finding. */
	size_t max_doc_memory;
};

/*
 * Load the snapshot at @path (a file or a directory).  A directory's files
 * are parsed by up to four threads and read into the model in path order,
 * so the result does not depend on the thread count.  On success returns 0
 * and sets *out to a new model (free with model_free()); the load succeeds
 * even when @diag received error findings about values, which `check`
 * reports.  Errors: VS_ENOENT / VS_EIO (unreadable path, reported in @diag
 * too), VS_EPARSE (a JSON syntax error), VS_ESNAPSHOT (no JSON file found,
 * or @path is a FIFO, socket or device), VS_ENOMEM.  @opts may be NULL.
 */
int load_snapshot(const char *path, const struct load_opts *opts, struct diag_list *diag,
		  struct model **out);

/*
 * Load one JSON document already in memory, as if it were the file @name
 * (used by the fuzz harness and unit tests).  Same contract as above.
 */
int load_snapshot_buffer(const char *name, const char *data, size_t len,
			 const struct load_opts *opts, struct diag_list *diag, struct model **out);

#endif
