/*
 * DOC: report_resolve -- `vpcsim resolve` output (vpcsim/dns.h)
 *
 * Text: dig's layout (";; ->>HEADER<<- status: ...", the QUESTION and
 * ANSWER sections with "name TTL IN TYPE data" lines), then one line per
 * decision of the resolution, numbered, with the ids involved and why.
 * JSON: one tree (the document vpcsim/dns.h describes), printed by
 * report_json_print().  Both come from the same struct dns_reply.
 * report_dns_query_log(): one line of Route 53 Resolver's query-log JSON
 * for a message `vpcsim dns` answered.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dns/dns_model.h"
#include "vpcsim/report.h"

static bool name_set(const struct dns_name *n)
{
	return n->labels > 0;
}

/* ---- JSON ---- */

static void add_name(cJSON *o, const char *key, const struct dns_name *n)
{
	char buf[1024];
	dns_name_to_text(n, buf, sizeof(buf), 0);
	cJSON_AddStringToObject(o, key, buf);
}

static cJSON *step_json(const struct dns_step *s)
{
	cJSON *j = cJSON_CreateObject();
	if (!j)
		return NULL;
	cJSON_AddStringToObject(j, "kind", dns_step_kind_name(s->kind));
	cJSON_AddBoolToObject(j, "chosen", s->chosen);
	report_json_add_str(j, "reason", s->reason);
	report_json_add_str(j, "id", s->id);
	add_name(j, "name", &s->name);
	if (s->kind == DNS_STEP_FIREWALL && s->fw_rule) {
		static const char *const act[] = {"ALLOW", "BLOCK", "ALERT"};
		static const char *const blk[] = {"NODATA", "NXDOMAIN", "OVERRIDE"};
		const struct dns_fw_rule_in *fr = s->fw_rule;
		cJSON *r = cJSON_AddObjectToObject(j, "firewall_rule");
		report_json_add_str(r, "rule_group", fr->group_id);
		report_json_add_str(r, "association", fr->assoc_id);
		report_json_add_str(r, "name", fr->name);
		cJSON_AddNumberToObject(r, "priority", (double)fr->priority);
		cJSON_AddNumberToObject(r, "association_priority", (double)fr->assoc_priority);
		report_json_add_str(r, "domain_list", fr->list_id);
		cJSON_AddStringToObject(r, "action", act[fr->action]);
		if (fr->action == DNS_FW_BLOCK)
			cJSON_AddStringToObject(r, "block_response", blk[fr->block]);
		if (fr->action == DNS_FW_BLOCK && fr->block == DNS_FW_OVERRIDE)
			report_json_add_str(r, "override_domain", fr->override_domain);
	}
	if (s->kind == DNS_STEP_RULE || s->kind == DNS_STEP_FORWARD) {
		cJSON *r = cJSON_AddObjectToObject(j, "rule");
		report_json_add_str(r, "id", s->rule ? s->rule->id : s->id);
		cJSON_AddStringToObject(r, "type", dns_rule_type_name(s->rule_type));
		report_json_add_str(r, "domain", s->rule_domain_text);
		cJSON_AddBoolToObject(r, "autodefined", s->rule == NULL);
		if (s->kind == DNS_STEP_FORWARD && s->rule) {
			report_json_add_str(j, "endpoint", s->rule->endpoint_id);
			cJSON_AddItemToObject(j, "targets",
					      report_json_str_array(s->rule->target_ips,
								    s->rule->n_targets));
		}
	}
	if (s->zone) {
		cJSON *z = cJSON_AddObjectToObject(j, "zone");
		report_json_add_str(z, "id", s->zone->id);
		report_json_add_str(z, "name", s->zone->name);
		cJSON_AddBoolToObject(z, "private", s->zone->private_zone);
	}
	if (s->rrset) {
		char tb[16];
		cJSON *r = cJSON_AddObjectToObject(j, "record_set");
		report_json_add_str(r, "name", s->rrset->name);
		cJSON_AddStringToObject(r, "type", dns_type_text(s->rrset->type, tb, sizeof(tb)));
		report_json_add_str(r, "set_identifier", s->rrset->set_identifier);
		if (s->rrset->health_check_id)
			report_json_add_str(r, "health_check_id", s->rrset->health_check_id);
	}
	if (s->kind == DNS_STEP_POLICY || s->kind == DNS_STEP_CANDIDATE)
		cJSON_AddStringToObject(j, "policy", dns_policy_name(s->policy));
	if (s->kind == DNS_STEP_CANDIDATE && s->probability >= 0)
		cJSON_AddNumberToObject(j, "probability", s->probability);
	if (s->healthy >= 0)
		cJSON_AddBoolToObject(j, "healthy", s->healthy == 1);
	if (name_set(&s->target))
		add_name(j, "target", &s->target);
	return j;
}

/* Traced DNS paths (a forwarded query's, a site's to inbound endpoints). */
static cJSON *paths_json(const struct dns_fwd_path *ps, uint32_t np)
{
	cJSON *pa = cJSON_CreateArray();
	for (uint32_t i = 0; pa && i < np; i++) {
		cJSON *o = cJSON_CreateObject();
		report_json_add_str(o, "endpoint", ps[i].endpoint_id);
		if (ps[i].from[0])
			report_json_add_str(o, "from", ps[i].from);
		report_json_add_str(o, "interface", ps[i].eni_id);
		report_json_add_str(o, "target", ps[i].target);
		cJSON_AddBoolToObject(o, "traced", ps[i].traced);
		if (ps[i].traced)
			cJSON_AddBoolToObject(o, "reachable", ps[i].reachable);
		report_json_add_str(o, "code", ps[i].code);
		report_json_add_str(o, "note", ps[i].note);
		cJSON_AddItemToArray(pa, o);
	}
	return pa;
}

static bool resolve_json(FILE *f, const struct dns_reply *rp)
{
	const struct dns_result *r = &rp->r;
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return false;
	cJSON *q = cJSON_AddObjectToObject(root, "query");
	cJSON_AddStringToObject(q, "name", rp->name);
	cJSON_AddStringToObject(q, "type", rp->type_text);
	cJSON *from = cJSON_AddObjectToObject(root, "from");
	report_json_add_str(from, "id", rp->from);
	report_json_add_str(from, "vpc", rp->vpc_id);
	cJSON_AddStringToObject(root, "rcode", dns_rcode_name(r->rcode));
	cJSON_AddStringToObject(root, "outcome", dns_outcome_name(r->outcome));
	cJSON *ans = cJSON_AddArrayToObject(root, "answers");
	for (uint32_t i = 0; i < r->n_answers; i++) {
		const struct dns_answer *a = &r->answers[i];
		char tb[16];
		cJSON *o = cJSON_CreateObject();
		add_name(o, "name", &a->owner);
		cJSON_AddStringToObject(o, "type", dns_type_text(a->type, tb, sizeof(tb)));
		cJSON_AddNumberToObject(o, "ttl", a->ttl);
		report_json_add_str(o, "data", a->data);
		if (a->zone)
			report_json_add_str(o, "zone", a->zone->id);
		cJSON_AddItemToArray(ans, o);
	}
	if (r->answers_truncated)
		cJSON_AddBoolToObject(root, "answers_truncated", true);
	if (r->forward_rule) {
		cJSON *fw = cJSON_AddObjectToObject(root, "forwarded");
		report_json_add_str(fw, "rule", r->forward_rule->id);
		report_json_add_str(fw, "endpoint", r->forward_rule->endpoint_id);
		cJSON_AddItemToObject(fw, "targets",
				      report_json_str_array(r->forward_rule->target_ips,
							    r->forward_rule->n_targets));
		uint32_t np;
		const struct dns_fwd_path *ps = dns_reply_paths(rp, &np);
		if (np)
			cJSON_AddItemToObject(fw, "paths", paths_json(ps, np));
	}
	if (rp->in.site_id) {
		cJSON *in = cJSON_AddObjectToObject(root, "inbound");
		report_json_add_str(in, "site", rp->in.site_id);
		report_json_add_str(in, "host", rp->in.host_id);
		report_json_add_str(in, "from", rp->in.src);
		report_json_add_str(in, "endpoint", rp->in.endpoint_id);
		cJSON_AddItemToObject(in, "paths", paths_json(rp->in.paths, rp->in.n_paths));
	}
	if (rp->q.n_dhcp_servers) {
		cJSON *dh = cJSON_AddObjectToObject(root, "dhcp_options");
		report_json_add_str(dh, "id", rp->q.dhcp_id);
		cJSON_AddItemToObject(dh, "dns_servers",
				      report_json_str_array(rp->q.dhcp_servers,
							    rp->q.n_dhcp_servers));
	}
	if (r->outcome == DNS_OUT_NXDOMAIN || r->outcome == DNS_OUT_NODATA)
		cJSON_AddNumberToObject(root, "negative_ttl", r->neg_ttl);
	cJSON *steps = cJSON_AddArrayToObject(root, "steps");
	for (uint32_t i = 0; i < r->n_steps; i++)
		cJSON_AddItemToArray(steps, step_json(&r->steps[i]));
	if (r->steps_truncated)
		cJSON_AddBoolToObject(root, "steps_truncated", true);
	size_t ns = dns_sim_n_skipped(rp->sim);
	if (ns) {
		cJSON *sk = cJSON_AddArrayToObject(root, "skipped_zones");
		for (size_t i = 0; i < ns; i++)
			cJSON_AddItemToArray(
				sk, cJSON_CreateString(dns_sim_skipped(rp->sim, i)->obj.id));
	}
	return report_json_print(root, f);
}

/* ---- text ---- */

/* Traced DNS paths, one line each; @outbound: from an endpoint's interface
 * (a forwarded query), else from a site to an endpoint's address. */
static void paths_text(FILE *f, const struct dns_fwd_path *ps, uint32_t np, bool outbound)
{
	for (uint32_t i = 0; i < np; i++) {
		const struct dns_fwd_path *x = &ps[i];
		if (outbound)
			report_textf(f, ";;   %s %s%s%s -> %s udp: ",
				     x->endpoint_id ? x->endpoint_id : "-", x->from,
				     x->eni_id ? " " : "", x->eni_id ? x->eni_id : "",
				     x->target ? x->target : "?");
		else
			report_textf(f, ";;   %s -> %s %s%s%s udp: ", x->from,
				     x->endpoint_id ? x->endpoint_id : "-",
				     x->target ? x->target : "?", x->eni_id ? " " : "",
				     x->eni_id ? x->eni_id : "");
		if (!x->traced)
			report_textf(f, "%s\n", x->note ? x->note : "not traced");
		else if (x->reachable)
			report_textf(f, "reachable both ways (vpcsim trace)\n");
		else
			report_textf(f,
				     "NOT reachable (%s: vpcsim trace --from %s --to %s --proto "
				     "udp "
				     "--port 53 says why)\n",
				     x->code ? x->code : "?", outbound ? x->eni_id : x->from,
				     x->target);
	}
}

/* A record set's name as dig prints names ("*.example.com."), not in
 * Route 53's octal escapes ("\052.example.com."). */
static const char *rrset_name(const struct dns_rrset_in *s, char *buf, size_t len)
{
	struct dns_name n;
	if (!s->name || dns_name_parse(&n, s->name, DNS_NAME_OCTAL))
		return s->name ? s->name : "?";
	dns_name_to_text(&n, buf, len, 0);
	return buf;
}

static void step_text(FILE *f, uint32_t n, const struct dns_step *s)
{
	char nb[1024], tb[1024], ty[16];
	dns_name_to_text(&s->name, nb, sizeof(nb), 0);
	report_textf(f, ";; %2u %-11s %s", (unsigned)n, dns_step_kind_name(s->kind),
		     s->chosen ? "* " : "");
	switch (s->kind) {
	case DNS_STEP_FIREWALL:
		if (s->fw_rule)
			report_textf(f, "%s rule %s (priority %lld, list %s) %s",
				     s->fw_rule->group_id,
				     s->fw_rule->name ? s->fw_rule->name : "-",
				     (long long)s->fw_rule->priority,
				     s->fw_rule->list_id ? s->fw_rule->list_id : "-", nb);
		break;
	case DNS_STEP_RULE:
		report_textf(f, "%s %s \"%s\"%s", s->id ? s->id : "-",
			     dns_rule_type_name(s->rule_type),
			     s->rule_domain_text ? s->rule_domain_text : "",
			     s->rule ? "" : " (autodefined)");
		break;
	case DNS_STEP_FORWARD:
		report_textf(f, "rule %s via %s to", s->rule ? s->rule->id : "-",
			     s->rule && s->rule->endpoint_id ? s->rule->endpoint_id : "-");
		for (uint32_t i = 0; s->rule && i < s->rule->n_targets; i++)
			report_textf(f, " %s", s->rule->target_ips[i]);
		break;
	case DNS_STEP_ZONE:
	case DNS_STEP_LOOKUP:
	case DNS_STEP_NO_FALLBACK:
	case DNS_STEP_DELEGATION:
		if (s->zone)
			report_textf(f, "%s %s (%s)", s->zone->id, s->zone->name,
				     s->zone->private_zone ? "private" : "public");
		else if (s->id)
			report_textf(f, "%s", s->id);
		report_textf(f, " %s", nb);
		break;
	case DNS_STEP_POLICY:
		report_textf(f, "%s %s", dns_policy_name(s->policy), nb);
		break;
	case DNS_STEP_CANDIDATE:
		report_textf(f, "%s",
			     s->rrset && s->rrset->set_identifier ? s->rrset->set_identifier : "-");
		if (s->probability >= 0)
			report_textf(f, " p=%.3g", s->probability);
		if (s->healthy >= 0)
			report_textf(f, " %s", s->healthy ? "healthy" : "unhealthy");
		if (s->rrset && s->rrset->health_check_id)
			report_textf(f, " (health check %s)", s->rrset->health_check_id);
		break;
	case DNS_STEP_CNAME:
	case DNS_STEP_ALIAS:
	case DNS_STEP_WILDCARD:
		dns_name_to_text(&s->target, tb, sizeof(tb), 0);
		report_textf(f, "%s -> %s", nb, tb);
		if (s->kind == DNS_STEP_ALIAS && s->id)
			report_textf(f, " (zone %s)", s->id);
		break;
	case DNS_STEP_HEALTH:
		report_textf(f, "%s %s", s->id ? s->id : "-",
			     s->healthy == 1 ? "healthy" :
			     s->healthy == 0 ? "unhealthy" :
					       "unknown");
		break;
	case DNS_STEP_VIEW:
	case DNS_STEP_DNS_ATTRS:
	case DNS_STEP_OUTSIDE:
	default:
		report_textf(f, "%s %s", s->id ? s->id : "internet", nb);
		break;
	}
	if (s->rrset && s->kind != DNS_STEP_CANDIDATE)
		report_textf(f, " [%s %s]", rrset_name(s->rrset, tb, sizeof(tb)),
			     dns_type_text(s->rrset->type, ty, sizeof(ty)));
	report_textf(f, ": %s\n", s->reason ? s->reason : "");
}

static bool resolve_text(FILE *f, const struct dns_reply *rp)
{
	const struct dns_result *r = &rp->r;
	report_textf(f, "; <<>> vpcsim resolve <<>> %s %s from %s%s%s%s\n", rp->name, rp->type_text,
		     rp->from, rp->vpc_id && strcmp(rp->vpc_id, rp->from) ? " (" : "",
		     rp->vpc_id && strcmp(rp->vpc_id, rp->from) ? rp->vpc_id : "",
		     rp->vpc_id && strcmp(rp->vpc_id, rp->from) ? ")" : "");
	report_textf(f, ";; ->>HEADER<<- status: %s, outcome: %s, ANSWER: %u\n\n",
		     dns_rcode_name(r->rcode), dns_outcome_name(r->outcome),
		     (unsigned)r->n_answers);
	report_textf(f, ";; QUESTION SECTION:\n;%s\t\tIN\t%s\n\n", rp->name, rp->type_text);
	if (r->n_answers) {
		report_textf(f, ";; ANSWER SECTION:\n");
		for (uint32_t i = 0; i < r->n_answers; i++) {
			const struct dns_answer *a = &r->answers[i];
			char nb[1024], tb[16];
			dns_name_to_text(&a->owner, nb, sizeof(nb), 0);
			report_textf(f, "%s\t%u\tIN\t%s\t%s\n", nb, (unsigned)a->ttl,
				     dns_type_text(a->type, tb, sizeof(tb)),
				     a->data ? a->data : "");
		}
		if (r->answers_truncated)
			report_textf(f, ";; (more answers than shown)\n");
		report_textf(f, "\n");
	}
	if (r->forward_rule) {
		report_textf(f, ";; FORWARDED by %s through %s to", r->forward_rule->id,
			     r->forward_rule->endpoint_id ? r->forward_rule->endpoint_id : "-");
		for (uint32_t i = 0; i < r->forward_rule->n_targets; i++)
			report_textf(f, " %s", r->forward_rule->target_ips[i]);
		report_textf(f, ": the answer is theirs\n");
		uint32_t np;
		const struct dns_fwd_path *ps = dns_reply_paths(rp, &np);
		paths_text(f, ps, np, true);
		report_textf(f, "\n");
	}
	if (rp->in.site_id) {
		report_textf(f, ";; INBOUND from site %s (%s%s%s): ", rp->in.site_id, rp->in.src,
			     rp->in.host_id ? ", host " : "", rp->in.host_id ? rp->in.host_id : "");
		if (rp->in.endpoint_id)
			report_textf(f, "enters through %s\n", rp->in.endpoint_id);
		else
			report_textf(f, "no inbound endpoint address is reachable\n");
		paths_text(f, rp->in.paths, rp->in.n_paths, false);
		report_textf(f, "\n");
	}
	if (rp->q.n_dhcp_servers) {
		report_textf(f, ";; DHCP OPTIONS %s: the host asks",
			     rp->q.dhcp_id ? rp->q.dhcp_id : "-");
		for (uint32_t i = 0; i < rp->q.n_dhcp_servers; i++)
			report_textf(f, " %s", rp->q.dhcp_servers[i]);
		report_textf(f, ": their answer is outside the snapshot\n\n");
	}
	report_textf(f, ";; STEPS:\n");
	for (uint32_t i = 0; i < r->n_steps; i++)
		step_text(f, i + 1, &r->steps[i]);
	if (r->steps_truncated)
		report_textf(f, ";; (more steps than shown)\n");
	for (size_t i = 0; i < dns_sim_n_skipped(rp->sim); i++) {
		const struct model_zone *z = dns_sim_skipped(rp->sim, i);
		report_textf(f,
			     ";; note: hosted zone %s (%s) left out: it holds what Route 53 "
			     "refuses (vpcsim check says what)\n",
			     z->obj.id, z->obj.name ? z->obj.name : "?");
	}
	return true;
}

bool report_resolve(FILE *f, const struct dns_reply *r, bool json)
{
	if (!f || !r)
		return false;
	return json ? resolve_json(f, r) : resolve_text(f, r);
}

/* ---- query log ---- */

bool report_dns_query_log(FILE *f, const struct dns_query_info *info, const char *srcaddr,
			  unsigned srcport, const char *transport, double when)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return false;
	char ts[40];
	time_t t = (time_t)when;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(o, "version", "1.100000");
	report_json_add_str(o, "account_id", info->account);
	report_json_add_str(o, "region", info->region);
	report_json_add_str(o, "vpc_id", info->vpc_id);
	cJSON_AddStringToObject(o, "query_timestamp", ts);
	report_json_add_str(o, "query_name", info->parsed ? info->qname : NULL);
	report_json_add_str(o, "query_type", info->parsed ? info->qtype : NULL);
	cJSON_AddStringToObject(o, "query_class", "IN");
	cJSON_AddStringToObject(o, "rcode", info->rcode);
	cJSON *ans = cJSON_AddArrayToObject(o, "answers");
	for (uint32_t i = 0; ans && i < info->n_answers; i++) {
		cJSON *a = cJSON_CreateObject();
		report_json_add_str(a, "Rdata", info->answers[i].data);
		report_json_add_str(a, "Type", info->answers[i].type);
		cJSON_AddStringToObject(a, "Class", "IN");
		cJSON_AddItemToArray(ans, a);
	}
	report_json_add_str(o, "srcaddr", srcaddr);
	cJSON_AddNumberToObject(o, "srcport", srcport);
	report_json_add_str(o, "transport", transport);
	cJSON *ids = cJSON_AddObjectToObject(o, "srcids");
	if (info->instance)
		report_json_add_str(ids, "instance", info->instance);
	if (info->inbound_endpoint)
		report_json_add_str(ids, "resolver_endpoint", info->inbound_endpoint);
	if (info->fw_action) {
		report_json_add_str(o, "firewall_rule_action", info->fw_action);
		report_json_add_str(o, "firewall_rule_group_id", info->fw_group);
		report_json_add_str(o, "firewall_domain_list_id", info->fw_list);
	}
	return report_json_print_line(o, f);
}
