/*
 * DOC: vpcsim error codes
 *
 * One error convention for the whole library: 0 is success, a negative value
 * is an error.  System errors are negated errno values; vpcsim's own domain
 * codes start at -1000.  vs_strerror() names every one of them.
 *
 * Thread safety: vs_strerror() returns static strings; safe from any thread.
 */
#ifndef VPCSIM_ERROR_H
#define VPCSIM_ERROR_H

#include <errno.h>

enum vs_err {
	VS_OK = 0,
	VS_ENOMEM = -ENOMEM,
	VS_EINVAL = -EINVAL,
	VS_ENOENT = -ENOENT,
	VS_EIO = -EIO,
	VS_ERANGE = -ERANGE,

	VS_EPARSE = -1000,       /* malformed input (JSON syntax, bad value) */
	VS_ESNAPSHOT = -1001,    /* snapshot unusable (no JSON files, wrong shape) */
	VS_ENOTFOUND = -1002,    /* a named resource does not exist */
	VS_EAMBIGUOUS = -1003,   /* a name matches more than one resource */
	VS_EUNSUPPORTED = -1004, /* valid input vpcsim does not handle */
};

/* A static, human readable description of @err (never NULL). */
const char *vs_strerror(int err);

#endif
