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
 *    reported as if it worked);
 *  - a value AWS would reject (malformed CIDR: InvalidParameterValue, ...) is
 *    an error finding naming file and resource; the value is skipped;
 *  - wrong JSON types and missing required fields: error "SnapshotFormat";
 *  - an unknown top-level key: one warning "UnknownKey" per key name;
 *  - resources in a gone state (deleted, failed, rejected, expired...) are
 *    skipped silently, as AWS shows them gone.
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
 * too), VS_EPARSE (a JSON syntax error), VS_ESNAPSHOT (no JSON file found),
 * VS_ENOMEM.  @opts may be NULL.
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
