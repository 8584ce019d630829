/*
 * DOC: vpcsim's own Sites (Route 53 is read by ld_dns.c)
 *
 * Sites is vpcsim's key for what no AWS API describes: the customer's side
 * of a VPN or Direct Connect and the hosts behind it (see README):
 *
 *   "Sites": [{"SiteId": "dc1", "Name": "...", "Cidrs": ["192.168.0.0/16"],
 *     "BgpAsn": 65010,
 *     "Advertise": [{"Prefix": "192.168.0.0/16", "Via": "dxvif-...|vpn-...",
 *                    "Communities": ["7224:7300"], "AsPathPrepend": 2,
 *                    "Med": 50}],
 *     "Hosts": [{"HostId": "dc1-db", "IpAddress": "192.168.10.5"}]}]
 *
 * Communities are RFC 1997 "ASN:value" pairs, both halves 0..65535.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* ---- sites ---- */

/* One half of a community: 1..5 digits, at most 65535. */
static bool comm_half(const char *s, size_t len, uint32_t *out)
{
	if (len == 0 || len > 5)
		return false;
	uint32_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v > 65535)
		return false;
	*out = v;
	return true;
}

/* "A:B" -> (A << 16) | B (RFC 1997 text form). */
static bool parse_community(const char *s, uint32_t *out)
{
	const char *colon = strchr(s, ':');
	uint32_t hi, lo;
	if (!colon || !comm_half(s, (size_t)(colon - s), &hi) ||
	    !comm_half(colon + 1, strlen(colon + 1), &lo))
		return false;
	*out = hi << 16 | lo;
	return true;
}

/* An element of a site's Advertise: 0, 1 when the entry is skipped (bad
 * prefix), or VS_ENOMEM (struct ld_array). */
static int read_adv(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	struct model_site_adv *a = elem;
	const char *site = arg;
	if (!ld_cidr(c, ld_str_req(c, e, "Prefix", site), &a->prefix, "Prefix", site))
		return 1; /* skipped, already reported */
	a->via_id = ld_str(c, e, "Via", site);
	a->as_path_prepend = (uint32_t)ld_int(c, e, "AsPathPrepend", 0, 255, 0, site);
	a->has_med = ld_has(e, "Med");
	if (a->has_med)
		a->med = (uint32_t)ld_int(c, e, "Med", 0, UINT32_MAX, 0, site);
	const cJSON *comms = ld_arr(c, e, "Communities", site);
	uint32_t n;
	if (!(a->communities = ld_alloc_for(c, comms, sizeof(*a->communities), &n)))
		return n ? VS_ENOMEM : 0;
	const cJSON *x;
	cJSON_ArrayForEach(x, comms)
	{
		if (a->n_communities == n)
			break;
		uint32_t v;
		if (cJSON_IsString(x) && x->valuestring && parse_community(x->valuestring, &v)) {
			a->communities[a->n_communities++] = v;
			continue;
		}
		if (cJSON_IsString(x) && x->valuestring)
			ld_error(c, "SnapshotFormat", site,
				 "site %s: community \"%.64s\" is not ASN:value with both in "
				 "0..65535",
				 site, x->valuestring);
		else
			ld_error(c, "SnapshotFormat", site,
				 "site %s: communities must be strings such as \"7224:7300\"",
				 site);
	}
	return 0;
}

/* An element of a site's Hosts; one without HostId or a valid IpAddress is
 * skipped. */
static int read_host(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	struct model_site_host *h = elem;
	h->id = ld_str_req(c, x, "HostId", arg);
	if (!h->id || !ld_addr(c, ld_str_req(c, x, "IpAddress", h->id), &h->ip, "IpAddress", h->id))
		return 1;
	return 0;
}

static const struct ld_array site_adv = {"Advertise", sizeof(struct model_site_adv), read_adv};
static const struct ld_array site_hosts = {"Hosts", sizeof(struct model_site_host), read_host};

static int read_site_lists(struct ld_ctx *c, struct model_site *s, const cJSON *e)
{
	const char *id = s->obj.id;
	const cJSON *cidrs = ld_arr(c, e, "Cidrs", id);
	uint32_t n;
	const cJSON *x;
	s->cidrs = ld_alloc_for(c, cidrs, sizeof(*s->cidrs), &n);
	if (n && !s->cidrs)
		return VS_ENOMEM;
	cJSON_ArrayForEach(x, cidrs)
	{
		if (s->n_cidrs == n)
			break;
		if (!cJSON_IsString(x) || !x->valuestring) {
			ld_error(c, "SnapshotFormat", id, "site %s: Cidrs must be strings", id);
			continue;
		}
		if (ld_cidr(c, x->valuestring, &s->cidrs[s->n_cidrs], "Cidrs", id))
			s->n_cidrs++;
	}
	int rc = 0;
	s->adv = ld_objs(c, ld_arr(c, e, "Advertise", id), &site_adv, id, id, &s->n_adv, &rc);
	if (!rc)
		s->hosts = ld_objs(c, ld_arr(c, e, "Hosts", id), &site_hosts, id, id, &s->n_hosts,
				   &rc);
	return rc;
}

int ld_site(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_site *s = ld_push_named(c, &c->sites, MODEL_SITE, id, e, NULL);
	if (!s)
		return VS_ENOMEM;
	/* 0 = no BGP (a static VPN or a site reached over the internet) */
	s->asn = (uint32_t)ld_int(c, e, "BgpAsn", 1, UINT32_MAX, 0, id);
	return read_site_lists(c, s, e);
}

/* ---- appliances (vpcsim's own key) ---- */

static int read_app_route(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	struct model_app_route *r = elem;
	return ld_cidr_pair(c, x, "DestinationCidrBlock", &r->dst, "NetworkInterfaceId", &r->eni_id,
			    arg);
}

/* An optional CIDR of a rule: absent means any address. */
static bool rule_cidr(struct ld_ctx *c, const cJSON *x, const char *key, struct model_cidr *out,
		      const char *id)
{
	const char *s = ld_str(c, x, key, id);
	return !s || ld_cidr(c, s, out, key, id);
}

static int read_app_rule(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	struct model_app_rule *r = elem;
	const char *action = ld_str_req(c, x, "Action", arg);
	if (!action || (strcmp(action, "allow") && strcmp(action, "deny"))) {
		ld_error(c, "SnapshotFormat", arg, "appliance %s: a rule's Action is allow or deny",
			 (const char *)arg);
		return 1;
	}
	r->allow = !strcmp(action, "allow");
	const char *proto = ld_str(c, x, "Protocol", arg);
	r->proto = -1;
	if (proto && strcmp(proto, "-1") && strcmp(proto, "all") &&
	    net_proto_parse(proto, &r->proto) != 0) {
		ld_error(c, "SnapshotFormat", arg, "appliance %s: Protocol '%s' is not a protocol",
			 (const char *)arg, proto);
		return 1;
	}
	int64_t from = ld_int(c, x, "FromPort", 0, 65535, -1, arg);
	int64_t to = ld_int(c, x, "ToPort", 0, 65535, from, arg);
	r->has_ports = from >= 0;
	r->from = from >= 0 ? (uint32_t)from : 0;
	r->to = to >= 0 ? (uint32_t)to : r->from;
	if (!rule_cidr(c, x, "Source", &r->src, arg) ||
	    !rule_cidr(c, x, "Destination", &r->dst, arg))
		return 1;
	return 0;
}

static int read_app_listen(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg)
{
	struct model_app_listen *l = elem;
	const char *proto = ld_str(c, x, "Protocol", arg);
	l->proto = -1;
	if (proto && net_proto_parse(proto, &l->proto) != 0)
		return 1;
	l->port = (uint32_t)ld_int(c, x, "Port", 0, 65535, 0, arg);
	return 0;
}

static const struct ld_array app_routes = {"Routes", sizeof(struct model_app_route),
					   read_app_route};
static const struct ld_array app_rules = {"Rules", sizeof(struct model_app_rule), read_app_rule};
static const struct ld_array app_listens = {"Listens", sizeof(struct model_app_listen),
					    read_app_listen};

int ld_appliance(struct ld_ctx *c, const char *id, const cJSON *e)
{
	char oid[160];
	snprintf(oid, sizeof(oid), "appliance/%s", id);
	struct model_appliance *a = ld_push_obj(c, &c->appliances, MODEL_APPLIANCE,
						arena_strdup(c->arena, oid), NULL, NULL);
	if (!a)
		return VS_ENOMEM;
	a->instance_id = id;
	int rc = 0;
	a->routes = ld_objs(c, ld_arr(c, e, "Routes", id), &app_routes, id, id, &a->n_routes, &rc);
	if (!rc)
		a->rules =
			ld_objs(c, ld_arr(c, e, "Rules", id), &app_rules, id, id, &a->n_rules, &rc);
	if (!rc)
		a->listens = ld_objs(c, ld_arr(c, e, "Listens", id), &app_listens, id, id,
				     &a->n_listens, &rc);
	const cJSON *sn = ld_obj(c, e, "SourceNat", id);
	if (sn && !rc) {
		a->snat_eni_id = ld_str_req(c, sn, "NetworkInterfaceId", id);
		const char *addr = ld_str(c, sn, "Address", id);
		if (addr)
			ld_addr(c, addr, &a->snat_addr, "SourceNat.Address", id);
	}
	return rc;
}
