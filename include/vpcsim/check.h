/*
 * DOC: snapshot validation
 *
 * Pure function of a model: appends findings to a diag list.  Errors carry
 * the code AWS's API would return for the same configuration
 * (InvalidSubnet.Conflict, RouteAlreadyExists, ...), with AWS's message
 * shape; design findings (accepted by AWS but broken or risky) are warnings
 * with vpcsim's own codes.  AWS-SEMANTICS.md lists the rules.
 *
 * Thread safety: check_model() only reads the model and keeps no state
 * between calls, so threads may check one model at once, each into a diag
 * list of its own (a diag list is not shared safely).
 */
#ifndef VPCSIM_CHECK_H
#define VPCSIM_CHECK_H

#include <stdint.h>

#include "vpcsim/diag.h"
#include "vpcsim/model.h"

/* Quotas and settings the rules use; check_opts_default() gives AWS's defaults. */
struct check_opts {
	uint32_t sg_rules_per_direction;  /* 60 */
	uint32_t sg_groups_per_interface; /* 5 (adjustable up to 16) */
	uint32_t vpc_cidrs_per_vpc;       /* 5 (primary + 4 secondary) */
	uint32_t dx_prefixes_per_session; /* 100 on private/transit VIFs */
};

void check_opts_default(struct check_opts *o);

/* Run every rule.  @opts NULL means check_opts_default().  Returns 0,
 * VS_ENOMEM, or VS_EINVAL when @m or @diag is NULL. */
int check_model(const struct model *m, const struct check_opts *opts, struct diag_list *diag);

#endif
