/*
 * DOC: error strings
 */
#include <string.h>

#include "vpcsim/error.h"

const char *vs_strerror(int err)
{
	switch (err) {
	case VS_OK:
		return "success";
	case VS_EPARSE:
		return "malformed input";
	case VS_ESNAPSHOT:
		return "unusable snapshot";
	case VS_ENOTFOUND:
		return "no such resource";
	case VS_EAMBIGUOUS:
		return "ambiguous name";
	case VS_EUNSUPPORTED:
		return "not supported";
	default:
		if (err < 0 && err > -1000)
			return strerror(-err);
		return "unknown error";
	}
}
