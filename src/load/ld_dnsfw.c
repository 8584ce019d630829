/*
 * DOC: Route 53 Resolver DNS Firewall: rule groups, rules, associations,
 * domain lists
 *
 * What the AWS CLI prints, unchanged, plus one wrapper (README, Snapshots):
 *
 *  - "FirewallRuleGroups": list-firewall-rule-groups items (Id, Name);
 *  - "FirewallRules": list-firewall-rules items (each names its
 *    FirewallRuleGroupId), or the wrapper [{"FirewallRuleGroupId",
 *    "FirewallRules": [...]}];
 *  - "FirewallRuleGroupAssociations": list-firewall-rule-group-associations
 *    items (FirewallRuleGroupId, VpcId, Priority);
 *  - "FirewallDomainLists": list-firewall-domain-lists items, each with its
 *    "Domains" when the file adds them; list-firewall-domains prints only
 *    the domains, so the wrapper "FirewallDomains": [{"FirewallDomainListId",
 *    "Domains": [...]}] carries them (kind MODEL_FW_DOMAINS under the list's
 *    id; the DNS layer joins both).
 *
 * Values AWS's API refuses (an Action, BlockResponse or redirection action
 * it does not know, an OVERRIDE without a domain) are findings with AWS's
 * exception name, and the rule is left out.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "dns/zone.h"
#include "load/load_internal.h"
#include "vpcsim/error.h"

int ld_fw_group(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_fw_group *g = obj;
	g->obj.name = ld_str(c, e, "Name", id);
	return 0;
}

/* One rule @e of group @arg (the wrapper's id, or NULL: the rule's own). */
static int read_rule(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	const char *group = arg;
	const char *gid = ld_str(c, e, "FirewallRuleGroupId", group);
	if (!gid)
		gid = group;
	if (!gid) {
		ld_error(c, "SnapshotFormat", NULL,
			 "a FirewallRules entry without FirewallRuleGroupId (use the wrapper "
			 "[{\"FirewallRuleGroupId\", \"FirewallRules\": [...]}])");
		return 0;
	}
	const char *name = ld_str(c, e, "Name", gid);
	const char *list = ld_str_req(c, e, "FirewallDomainListId", gid);
	const char *action = ld_str_req(c, e, "Action", gid);
	int64_t prio = ld_int(c, e, "Priority", 0, INT32_MAX, -1, gid);
	if (!list || !action)
		return 0;
	char what[200];
	snprintf(what, sizeof(what), "firewall rule %.64s of %.100s", name ? name : "?", gid);
	if (prio < 0) {
		ld_error(c, "InvalidParameterException", gid, "%s: Priority is required", what);
		return 0;
	}
	/* the API's enumerations, in the order of enum model_fw_action / _block */
	static const char *const actions[] = {"ALLOW", "BLOCK", "ALERT"};
	static const char *const responses[] = {"NODATA", "NXDOMAIN", "OVERRIDE"};
	static const char *const redirs[] = {"INSPECT_REDIRECTION_DOMAIN", "TRUST_REDIRECTION_"
									   "DOMAIN"};
	int ai = ld_enum(c, action, actions, 3, "InvalidParameterException", gid, what, "Action");
	if (ai < 0)
		return 0;
	enum model_fw_action a = (enum model_fw_action)ai;
	enum model_fw_block b = FW_BLOCK_NODATA;
	const char *resp = ld_str(c, e, "BlockResponse", gid);
	if (a == FW_ACTION_BLOCK && !resp) {
		ld_error(c, "InvalidParameterException", gid,
			 "%s: a BLOCK rule needs a BlockResponse", what);
		return 0;
	}
	if (a == FW_ACTION_BLOCK) {
		int bi = ld_enum(c, resp, responses, 3, "InvalidParameterException", gid, what,
				 "BlockResponse");
		if (bi < 0)
			return 0;
		b = (enum model_fw_block)bi;
	}
	const char *over = ld_str(c, e, "BlockOverrideDomain", gid);
	if (b == FW_BLOCK_OVERRIDE && !over) {
		ld_error(c, "InvalidParameterException", gid,
			 "%s: an OVERRIDE response needs BlockOverrideDomain", what);
		return 0;
	}
	const char *redir = ld_str(c, e, "FirewallDomainRedirectionAction", gid);
	if (redir && ld_enum(c, redir, redirs, 2, "InvalidParameterException", gid, what,
			     "FirewallDomainRedirectionAction") < 0)
		return 0;
	const char *qtype = ld_str(c, e, "Qtype", gid);
	if (qtype && !dns_type_parse(qtype)) {
		ld_error(c, "InvalidParameterException", gid,
			 "%s: Qtype \"%.32s\" is not a DNS record type", what, qtype);
		return 0;
	}
	char idb[160];
	snprintf(idb, sizeof(idb), "%.120s/%lld", gid, (long long)prio);
	const char *rid = arena_strdup(c->arena, idb);
	struct model_fw_rule *r =
		rid ? ld_push_obj(c, &c->fw_rules, MODEL_FW_RULE, rid, NULL, NULL) : NULL;
	if (!r)
		return VS_ENOMEM;
	r->obj.name = name;
	r->group_id = gid;
	r->list_id = list;
	r->priority = prio;
	r->action = a;
	r->block = b;
	r->override_domain = over;
	r->override_ttl = (uint32_t)ld_int(c, e, "BlockOverrideTtl", 0, 604800, 0, gid);
	r->trust_redirection = redir && !strcmp(redir, "TRUST_REDIRECTION_DOMAIN");
	r->qtype = qtype;
	return 0;
}

/* An element of FirewallRules: a rule naming its group, or the wrapper
 * {"FirewallRuleGroupId": ..., "FirewallRules": [...]} of a group's rules. */
static int read_rules_elem(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	(void)arg;
	if (!ld_has(e, "FirewallRules"))
		return read_rule(c, e, NULL);
	const char *gid = ld_str_req(c, e, "FirewallRuleGroupId", NULL);
	const cJSON *sub = gid ? ld_arr(c, e, "FirewallRules", gid) : NULL;
	return ld_each_obj(c, sub, "FirewallRules", gid, read_rule, gid);
}

int ld_fw_rules(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "FirewallRules", NULL, read_rules_elem, NULL);
}

int ld_fw_assoc(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *status = ld_str(c, e, "Status", id);
	if (ld_state_gone(status))
		return 0;
	const char *group = ld_str_req(c, e, "FirewallRuleGroupId", id);
	const char *vpc = ld_str_req(c, e, "VpcId", id);
	if (!group || !vpc)
		return 0;
	struct model_fw_assoc *a =
		ld_push_named(c, &c->fw_assocs, MODEL_FW_ASSOC, id, e, ld_str(c, e, "OwnerId", id));
	if (!a)
		return VS_ENOMEM;
	a->group_id = group;
	a->vpc_id = vpc;
	a->priority = ld_int(c, e, "Priority", 0, INT32_MAX, 0, id);
	a->status = status;
	return 0;
}

/* A domain list (@kind MODEL_FW_LIST) or the domains of one
 * (MODEL_FW_DOMAINS, the wrapper). */
static int read_list(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		     const cJSON *e)
{
	struct model_fw_list *l = ld_push_named(c, v, kind, id, e, NULL);
	if (!l)
		return VS_ENOMEM;
	l->domains = ld_str_list(c, e, "Domains", NULL, &l->n_domains, id);
	if (l->n_domains && !l->domains)
		return VS_ENOMEM;
	return 0;
}

int ld_fw_list(struct ld_ctx *c, const char *id, const cJSON *e)
{
	return read_list(c, &c->fw_lists, MODEL_FW_LIST, id, e);
}

int ld_fw_domains(struct ld_ctx *c, const char *id, const cJSON *e)
{
	return read_list(c, &c->fw_domains, MODEL_FW_DOMAINS, id, e);
}
