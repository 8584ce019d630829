/*
 * DOC: Elastic Load Balancing (v2) readers
 *
 * LoadBalancers and TargetGroups are `aws elbv2 describe-load-balancers` and
 * `describe-target-groups` output.  Listeners, attributes and target health
 * come in Batfish's wrapper keys, because the AWS output of those calls does
 * not name the parent it was asked about (Batfish LoadBalancerListener.java,
 * LoadBalancerAttributes.java, LoadBalancerTargetHealth.java):
 *
 *   LoadBalancerListeners:    [{"LoadBalancerArn", "Listeners": [...]}]
 *   LoadBalancerAttributes:   [{"LoadBalancerArn", "Attributes": [{"Key","Value"}]}]
 *   LoadBalancerTargetHealth: [{"TargetGroupArn", "TargetHealthDescriptions": [...]}]
 *
 * Classic Load Balancers (`aws elb describe-load-balancers`,
 * LoadBalancerDescriptions) are keyed by name; their attributes and their
 * instances' health come in wrappers of the same kind, vpcsim's own (the
 * AWS output names no load balancer either):
 *
 *   ClassicLoadBalancerAttributes:     [{"LoadBalancerName",
 *       "LoadBalancerAttributes": {"CrossZoneLoadBalancing": {"Enabled"}, ...}}]
 *   ClassicLoadBalancerInstanceHealth: [{"LoadBalancerName",
 *       "InstanceStates": [{"InstanceId", "State": "InService" | "OutOfService" | "Unknown"}]}]
 *
 * (describe-load-balancer-attributes, describe-instance-health).
 *
 * The wrapper records are attached to their load balancer or target group by
 * resolve_hybrid.c.  Load balancers and target groups are keyed by ARN.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* Field @idx of an ARN "arn:partition:service:region:account:resource"
 * (3 = region, 4 = account), arena copy; NULL when absent or empty. */
static const char *arn_field(struct ld_ctx *c, const char *arn, int idx)
{
	if (!arn || strncmp(arn, "arn:", 4) != 0)
		return NULL;
	const char *p = arn;
	for (int i = 0; i < idx; i++) {
		p = strchr(p, ':');
		if (!p)
			return NULL;
		p++;
	}
	const char *q = strchr(p, ':');
	if (!q || q == p)
		return NULL;
	return arena_strndup(c->arena, p, (size_t)(q - p));
}

/* Header for an ELB entity: region and account fall back to the ARN's. */
static void elb_obj_init(struct ld_ctx *c, struct model_obj *o, enum model_kind k, const char *arn,
			 const char *az)
{
	ld_obj_init(c, o, k, arn, NULL, az);
	if (!o->region)
		o->region = arn_field(c, arn, 3);
	if (!o->account)
		o->account = arn_field(c, arn, 4);
}

/* ---- load balancers ---- */

/* An element of a load balancer's AvailabilityZones, with its addresses. */
static int read_lb_az(struct ld_ctx *c, const cJSON *z, void *elem, const void *arg)
{
	const char *id = arg;
	struct model_lb_az *a = elem;
	a->zone = ld_str(c, z, "ZoneName", id);
	a->subnet_id = ld_str(c, z, "SubnetId", id);
	const cJSON *addrs = ld_arr(c, z, "LoadBalancerAddresses", id);
	int na = cJSON_GetArraySize(addrs);
	if (na <= 0 || na > INT32_MAX / 3)
		return 0;
	/* Each element may hold a public (or EIP) address, a private IPv4
	 * address and an IPv6 address. */
	a->addrs = arena_calloc(c->arena, (size_t)na * 3, sizeof(*a->addrs));
	if (!a->addrs)
		return VS_ENOMEM;
	static const char *const keys[] = {"IpAddress", "PrivateIPv4Address", "IPv6Address"};
	const cJSON *x;
	uint32_t seen = 0;
	cJSON_ArrayForEach(x, addrs)
	{
		if (seen++ == (uint32_t)na)
			break;
		if (!ld_elem_obj(c, x, "LoadBalancerAddresses", NULL))
			continue;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const char *s = ld_str(c, x, keys[k], id);
			if (s && ld_addr(c, s, &a->addrs[a->n_addrs], keys[k], id))
				a->n_addrs++;
		}
	}
	return 0;
}

static const struct ld_array lb_azs = {"AvailabilityZones", sizeof(struct model_lb_az), read_lb_az};

static int read_lb_azs(struct ld_ctx *c, struct model_lb *lb, const cJSON *azs)
{
	int rc = 0;
	lb->azs = ld_objs(c, azs, &lb_azs, NULL, lb->obj.id, &lb->n_azs, &rc);
	return rc;
}

int ld_lb(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const cJSON *st = ld_obj(c, e, "State", id);
	const char *state = ld_str(c, st, "Code", id);
	/* State.Code: provisioning|active|active_impaired|failed */
	if (ld_state_gone(state))
		return 0;
	const cJSON *azs = ld_arr(c, e, "AvailabilityZones", id);
	const char *az0 = NULL;
	if (cJSON_IsObject(cJSON_GetArrayItem(azs, 0)))
		az0 = ld_str(c, cJSON_GetArrayItem(azs, 0), "ZoneName", id);
	struct model_lb *lb = vec_push(&c->lbs);
	if (!lb)
		return VS_ENOMEM;
	elb_obj_init(c, &lb->obj, MODEL_LB, id, az0);
	lb->obj.name = ld_str(c, e, "LoadBalancerName", id);
	lb->state = state;
	lb->type = ld_str(c, e, "Type", id);
	lb->scheme = ld_str(c, e, "Scheme", id);
	const char *pl = ld_str(c, e, "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic", id);
	lb->pl_sg_off = pl && !strcmp(pl, "off");
	lb->dns_name = ld_str(c, e, "DNSName", id);
	lb->vpc_id = ld_str(c, e, "VpcId", id);
	uint32_t n;
	lb->sg_ids = ld_str_list(c, e, "SecurityGroups", NULL, &n, id);
	lb->n_sgs = lb->sg_ids ? n : 0;
	int rc = read_lb_azs(c, lb, azs);
	if (rc)
		return rc;
	return 0;
}

/* ---- Classic Load Balancers ----
 *
 * `aws elb describe-load-balancers` (LoadBalancerDescriptions): a Classic
 * Load Balancer has no ARN in that output, so its id is its name (unique
 * per account and Region); its registered instances and each listener's
 * InstancePort become one target group per listener ("NAME:PORT",
 * synthetic: AWS has none), so the trace takes it the way it takes an
 * ALB's forward.  Its nodes' network interfaces say "ELB NAME".
 */
int ld_clb(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_lb *lb = vec_push(&c->lbs);
	if (!lb)
		return VS_ENOMEM;
	ld_obj_init(c, &lb->obj, MODEL_LB, id, NULL, NULL);
	lb->obj.name = id;
	lb->type = "classic";
	lb->scheme = ld_str(c, e, "Scheme", id);
	lb->dns_name = ld_str(c, e, "DNSName", id);
	lb->vpc_id = ld_str(c, e, "VPCId", id);
	uint32_t n;
	lb->sg_ids = ld_str_list(c, e, "SecurityGroups", NULL, &n, id);
	lb->n_sgs = lb->sg_ids ? n : 0;
	/* Subnets, one per zone; the zone comes from the subnet */
	uint32_t ns = 0;
	const char **subs = ld_str_list(c, e, "Subnets", NULL, &ns, id);
	if (ns && subs) {
		lb->azs = arena_calloc(c->arena, ns, sizeof(*lb->azs));
		if (!lb->azs)
			return VS_ENOMEM;
		for (uint32_t i = 0; i < ns; i++)
			lb->azs[lb->n_azs++].subnet_id = subs[i];
	}
	uint32_t ni = 0;
	const char **inst = ld_str_list(c, e, "Instances", "InstanceId", &ni, id);
	const cJSON *lds = ld_arr(c, e, "ListenerDescriptions", id);
	int nl = cJSON_GetArraySize(lds);
	if (nl <= 0)
		return 0;
	lb->listeners = arena_calloc(c->arena, (size_t)nl, sizeof(*lb->listeners));
	if (!lb->listeners)
		return VS_ENOMEM;
	const cJSON *x;
	cJSON_ArrayForEach(x, lds)
	{
		const cJSON *l = ld_obj(c, x, "Listener", id);
		if (!l || lb->n_listeners == (uint32_t)nl)
			continue;
		struct model_lb_listener *ls = &lb->listeners[lb->n_listeners];
		ls->port = (uint32_t)ld_int(c, l, "LoadBalancerPort", 1, 65535, 0, id);
		ls->protocol = ld_str(c, l, "Protocol", id);
		uint32_t iport = (uint32_t)ld_int(c, l, "InstancePort", 1, 65535, 0, id);
		if (!ls->port || !iport)
			continue;
		char tid[300];
		snprintf(tid, sizeof(tid), "%s:%u", id, (unsigned)ls->port);
		struct model_tg *tg = vec_push(&c->tgs);
		if (!tg)
			return VS_ENOMEM;
		ld_obj_init(c, &tg->obj, MODEL_TG, arena_strdup(c->arena, tid), NULL, NULL);
		tg->obj.synthetic = true;
		tg->obj.name = tg->obj.id;
		tg->protocol = ld_str(c, l, "InstanceProtocol", id);
		tg->port = iport;
		tg->target_type = "instance";
		tg->vpc_id = lb->vpc_id;
		if (ni && inst) {
			tg->targets = arena_calloc(c->arena, ni, sizeof(*tg->targets));
			if (!tg->targets)
				return VS_ENOMEM;
			for (uint32_t i = 0; i < ni; i++) {
				tg->targets[i].id = inst[i];
				tg->targets[i].port = iport;
			}
			tg->n_targets = ni;
		}
		ls->tg_arns = arena_calloc(c->arena, 1, sizeof(*ls->tg_arns));
		tg->lb_arns = arena_calloc(c->arena, 1, sizeof(*tg->lb_arns));
		if (!ls->tg_arns || !tg->lb_arns || !tg->obj.id)
			return VS_ENOMEM;
		tg->lb_arns[0] = id;
		tg->n_lbs = 1;
		ls->tg_arns[0] = tg->obj.id;
		ls->n_tgs = 1;
		lb->n_listeners++;
	}
	return 0;
}

/* ---- target groups ---- */

int ld_tg(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_tg *tg = vec_push(&c->tgs);
	if (!tg)
		return VS_ENOMEM;
	elb_obj_init(c, &tg->obj, MODEL_TG, id, NULL);
	tg->obj.name = ld_str(c, e, "TargetGroupName", id);
	tg->protocol = ld_str(c, e, "Protocol", id);
	/* Lambda target groups have no port. */
	tg->port = (uint32_t)ld_int(c, e, "Port", 1, 65535, 0, id);
	tg->target_type = ld_str(c, e, "TargetType", id);
	tg->vpc_id = ld_str(c, e, "VpcId", id);
	uint32_t n;
	tg->lb_arns = ld_str_list(c, e, "LoadBalancerArns", NULL, &n, id);
	tg->n_lbs = tg->lb_arns ? n : 0;
	/* ipv4 or ipv6: how instance targets are reached (CreateTargetGroup) */
	tg->ip_address_type = ld_str(c, e, "IpAddressType", id);
	return 0;
}

/* ---- wrappers ---- */

static bool has_str(const char **v, uint32_t n, const char *s)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Target groups of the listener's forward actions: the single
 * TargetGroupArn and/or ForwardConfig.TargetGroups (weighted forward). */
static int read_forwards(struct ld_ctx *c, struct model_lb_listener *l, const cJSON *acts,
			 const char *res)
{
	int cap = 0;
	const cJSON *a;
	cJSON_ArrayForEach(a, acts)
	{
		const cJSON *fc = cJSON_IsObject(a) ? cJSON_GetObjectItemCaseSensitive(a, "ForwardC"
											  "onfig") :
						      NULL;
		const cJSON *tgs = cJSON_IsObject(fc) ? cJSON_GetObjectItemCaseSensitive(fc, "Targe"
											     "tGrou"
											     "ps") :
							NULL;
		int k = cJSON_IsArray(tgs) ? cJSON_GetArraySize(tgs) : 0;
		if (cap > INT32_MAX - 1 - k)
			return 0;
		cap += 1 + k;
	}
	if (!cap)
		return 0;
	l->tg_arns = arena_calloc(c->arena, (size_t)cap, sizeof(*l->tg_arns));
	if (!l->tg_arns)
		return VS_ENOMEM;
	cJSON_ArrayForEach(a, acts)
	{
		if (!ld_elem_obj(c, a, "DefaultActions", NULL))
			continue;
		const char *type = ld_str(c, a, "Type", res);
		if (!type || strcmp(type, "forward") != 0)
			continue;
		const char *tg = ld_str(c, a, "TargetGroupArn", res);
		if (tg && l->n_tgs < (uint32_t)cap && !has_str(l->tg_arns, l->n_tgs, tg))
			l->tg_arns[l->n_tgs++] = tg;
		const cJSON *fc = ld_obj(c, a, "ForwardConfig", res);
		const cJSON *ftgs = ld_arr(c, fc, "TargetGroups", res);
		const cJSON *t;
		cJSON_ArrayForEach(t, ftgs)
		{
			tg = ld_str(c, t, "TargetGroupArn", res);
			if (tg && l->n_tgs < (uint32_t)cap && !has_str(l->tg_arns, l->n_tgs, tg))
				l->tg_arns[l->n_tgs++] = tg;
		}
	}
	return 0;
}

/* A listener of load balancer @arg: 0 or VS_ENOMEM (struct ld_array). */
static int read_action(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg);
static const struct ld_array default_actions = {"DefaultActions", sizeof(struct model_lb_action),
						read_action};

static int read_listener(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	struct model_lb_listener *l = elem;
	const char *lb = arg;
	l->arn = ld_str(c, e, "ListenerArn", lb);
	const char *res = l->arn ? l->arn : lb;
	l->port = (uint32_t)ld_int(c, e, "Port", 1, 65535, 0, res);
	l->protocol = ld_str(c, e, "Protocol", res);
	const cJSON *acts = ld_arr(c, e, "DefaultActions", res);
	int rc = 0;
	l->default_actions =
		ld_objs(c, acts, &default_actions, res, res, &l->n_default_actions, &rc);
	return rc ? rc : read_forwards(c, l, acts, res);
}

/* Keep @n elements at @items for the parent @arn (struct ld_batch). */
static int push_batch(struct vec *batches, const char *arn, void *items, uint32_t n)
{
	return ld_vec_add(batches, &(struct ld_batch){.parent_arn = arn, .items = items, .n = n});
}

static const struct ld_array lb_listeners = {"Listeners", sizeof(struct model_lb_listener),
					     read_listener};

int ld_lb_listener_set(struct ld_ctx *c, const char *lb, const cJSON *e)
{
	const cJSON *ls = ld_arr(c, e, "Listeners", lb);
	/* An old Batfish fixture has one flat listener per element
	 * (ListenerArn next to LoadBalancerArn); accept it too. */
	bool flat = !ls && ld_has(e, "ListenerArn");
	struct model_lb_listener *v;
	uint32_t k = 0;
	int rc = 0;
	if (flat) {
		if (!(v = arena_calloc(c->arena, 1, sizeof(*v))))
			return VS_ENOMEM;
		k = 1;
		rc = read_listener(c, e, v, lb);
	} else {
		if (!ld_len(ls))
			return 0;
		v = ld_objs(c, ls, &lb_listeners, NULL, lb, &k, &rc);
	}
	return rc ? rc : push_batch(&c->lb_listeners, lb, v, k);
}

/* Attribute values are strings in AWS output ("true", "60"); hand-written
 * snapshots may give a JSON boolean or number, kept as its text. */
static const char *attr_value(struct ld_ctx *c, const cJSON *a, const char *res)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "Value");
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "true" : "false";
	if (cJSON_IsNumber(v)) {
		char buf[64];
		snprintf(buf, sizeof(buf), "%.17g", v->valuedouble);
		return arena_strdup(c->arena, buf);
	}
	return ld_str(c, a, "Value", res);
}

/* One {"Key","Value"} of an Attributes array; one without a Key is skipped. */
static int read_attr(struct ld_ctx *c, const cJSON *a, void *elem, const void *arg)
{
	struct model_tag *t = elem;
	const char *res = arg;
	if (!(t->key = ld_str_req(c, a, "Key", res)))
		return 1;
	t->value = attr_value(c, a, res);
	return 0;
}

static const struct ld_array attrs = {"Attributes", sizeof(struct model_tag), read_attr};

/* The "Attributes": [{"Key","Value"}] of wrapper element @e into *out. */
static int read_attrs(struct ld_ctx *c, const cJSON *e, const char *res, struct model_tag **out,
		      uint32_t *n_out)
{
	int rc = 0;
	*out = ld_objs(c, ld_arr(c, e, "Attributes", res), &attrs, NULL, res, n_out, &rc);
	return rc;
}

int ld_lb_attr_set(struct ld_ctx *c, const char *lb, const cJSON *e)
{
	struct model_tag *v;
	uint32_t k;
	int rc = read_attrs(c, e, lb, &v, &k);
	if (rc)
		return rc;
	if (k && (rc = push_batch(&c->lb_attrs, lb, v, k)))
		return rc;
	return 0;
}

/* A Classic Load Balancer's CrossZoneLoadBalancing as the attribute its
 * ELBv2 peers have, load_balancing.cross_zone.enabled: one rule reads both
 * (elb_cross_zone()).  Off when absent, the API's default
 * (enable-disable-crosszone-lb.html; the console turns it on). */
int ld_clb_attr_set(struct ld_ctx *c, const char *name, const cJSON *e)
{
	const cJSON *a = ld_obj(c, e, "LoadBalancerAttributes", name);
	const cJSON *cz = a ? ld_obj(c, a, "CrossZoneLoadBalancing", name) : NULL;
	const cJSON *on = cz ? cJSON_GetObjectItemCaseSensitive(cz, "Enabled") : NULL;
	if (!on)
		return 0;
	if (!cJSON_IsBool(on)) {
		ld_error(c, "SnapshotFormat", name,
			 "CrossZoneLoadBalancing.Enabled must be true or false");
		return 0;
	}
	struct model_tag *v = arena_calloc(c->arena, 1, sizeof(*v));
	if (!v)
		return VS_ENOMEM;
	v->key = "load_balancing.cross_zone.enabled";
	v->value = cJSON_IsTrue(on) ? "true" : "false";
	return push_batch(&c->lb_attrs, name, v, 1);
}

/* A Classic Load Balancer's instances and their state: InService is
 * healthy, OutOfService unhealthy, Unknown not reported
 * (API_InstanceState.html). */
int ld_clb_health_set(struct ld_ctx *c, const char *name, const cJSON *e)
{
	const cJSON *states = ld_arr(c, e, "InstanceStates", name);
	uint32_t n = (uint32_t)ld_len(states), k = 0;
	if (!n)
		return 0;
	struct model_tg_target *v = arena_calloc(c->arena, n, sizeof(*v));
	if (!v)
		return VS_ENOMEM;
	const cJSON *x;
	cJSON_ArrayForEach(x, states)
	{
		const char *id = cJSON_IsObject(x) ? ld_str(c, x, "InstanceId", name) : NULL;
		const char *st = id ? ld_str(c, x, "State", name) : NULL;
		if (!id || k == n)
			continue;
		v[k].id = id;
		v[k].health = !st                         ? NULL :
			      !strcmp(st, "InService")    ? "healthy" :
			      !strcmp(st, "OutOfService") ? "unhealthy" :
							    NULL;
		k++;
	}
	return push_batch(&c->clb_health, name, v, k);
}

int ld_tg_attr_set(struct ld_ctx *c, const char *tg, const cJSON *e)
{
	struct ld_tg_attrs r = {.tg_arn = tg};
	int rc = read_attrs(c, e, tg, &r.attrs, &r.n);
	if (rc)
		return rc;
	if (!r.n)
		return 0;
	return ld_vec_add(&c->tg_attrs, &r);
}

/* ---- listener rules (describe-rules) ---- */

/* The listener of a rule ARN: ".../listener-rule/app/NAME/LB/LISTENER/RULE"
 * belongs to ".../listener/app/NAME/LB/LISTENER" (ELB ARN formats). */
static const char *rule_listener_arn(struct ld_ctx *c, const char *rule_arn)
{
	const char *p = rule_arn ? strstr(rule_arn, ":listener-rule/") : NULL;
	const char *last = rule_arn ? strrchr(rule_arn, '/') : NULL;
	if (!p || !last || last < p)
		return NULL;
	size_t head = (size_t)(p - rule_arn);
	const char *tail = p + strlen(":listener-rule");
	size_t tail_len = (size_t)(last - tail);
	char *out = arena_alloc(c->arena, head + strlen(":listener") + tail_len + 1);
	if (!out)
		return NULL;
	memcpy(out, rule_arn, head);
	memcpy(out + head, ":listener", strlen(":listener"));
	memcpy(out + head + strlen(":listener"), tail, tail_len);
	out[head + strlen(":listener") + tail_len] = '\0';
	return out;
}

/* Strings of @o[@key] (an array), into an arena array. */
static const char **str_array(struct ld_ctx *c, const cJSON *o, const char *key, uint32_t *n,
			      const char *res)
{
	*n = 0;
	if (!o || !ld_has(o, key))
		return NULL;
	const char **v = ld_str_list(c, o, key, NULL, n, res);
	if (!v)
		*n = 0;
	return v;
}

/* A query-string condition's {"Key","Value"} (either may be absent). */
static int read_query_pair(struct ld_ctx *c, const cJSON *v, void *elem, const void *arg)
{
	struct model_tag *t = elem;
	t->key = ld_str(c, v, "Key", arg);
	t->value = ld_str(c, v, "Value", arg);
	return 0;
}

static const struct ld_array query_pairs = {"QueryStringConfig.Values", sizeof(struct model_tag),
					    read_query_pair};

/* An element of a rule's Conditions: 0, 1 when skipped (no Field), or
 * VS_ENOMEM (struct ld_array). */
static int read_cond(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	struct model_lb_cond *k = elem;
	const char *res = arg;
	static const struct {
		const char *field, *config;
	} cfg[] = {
		{"host-header", "HostHeaderConfig"},
		{"path-pattern", "PathPatternConfig"},
		{"http-header", "HttpHeaderConfig"},
		{"http-request-method", "HttpRequestMethodConfig"},
		{"query-string", "QueryStringConfig"},
		{"source-ip", "SourceIpConfig"},
	};
	k->field = ld_str_req(c, e, "Field", res);
	if (!k->field)
		return 1;
	const cJSON *conf = NULL;
	for (size_t i = 0; i < sizeof(cfg) / sizeof(cfg[0]); i++)
		if (strcmp(k->field, cfg[i].field) == 0)
			conf = ld_obj(c, e, cfg[i].config, res);
	/* the *Config object is what today's API returns; "Values" at the
	 * top is the older form, which it mirrors */
	const cJSON *src = conf ? conf : e;
	if (strcmp(k->field, "query-string") == 0) {
		int rc = 0;
		k->pairs = ld_objs(c, ld_arr(c, src, "Values", res), &query_pairs, NULL, res,
				   &k->n_pairs, &rc);
		return rc;
	}
	if (strcmp(k->field, "source-ip") == 0) {
		uint32_t n;
		const char **txt = str_array(c, src, "Values", &n, res);
		if (n && !(k->cidrs = arena_calloc(c->arena, n, sizeof(*k->cidrs))))
			return VS_ENOMEM;
		for (uint32_t i = 0; i < n; i++)
			if (txt[i] &&
			    ld_cidr(c, txt[i], &k->cidrs[k->n_cidrs], "SourceIpConfig", res))
				k->n_cidrs++;
		return 0;
	}
	if (strcmp(k->field, "http-header") == 0)
		k->header_name = ld_str(c, src, "HttpHeaderName", res);
	k->values = str_array(c, src, "Values", &k->n_values, res);
	k->regexes = str_array(c, src, "RegexValues", &k->n_regexes, res);
	return 0;
}

/* An element of a rule's Actions: 0, 1 when skipped (no Type), or
 * VS_ENOMEM (struct ld_array). */
static int read_action(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	struct model_lb_action *a = elem;
	const char *res = arg;
	a->type = ld_str_req(c, e, "Type", res);
	a->order = (int32_t)ld_int(c, e, "Order", 1, 50000, -1, res);
	if (!a->type)
		return 1;
	if (strcmp(a->type, "forward") == 0) {
		const cJSON *fc = ld_obj(c, e, "ForwardConfig", res);
		const cJSON *tgs = ld_arr(c, fc, "TargetGroups", res);
		int n = cJSON_GetArraySize(tgs);
		const char *one = ld_str(c, e, "TargetGroupArn", res);
		if (n <= 0 && !one)
			return 0;
		a->tgs = arena_calloc(c->arena, n > 0 ? (size_t)n : 1, sizeof(*a->tgs));
		if (!a->tgs)
			return VS_ENOMEM;
		const cJSON *t;
		cJSON_ArrayForEach(t, tgs)
		{
			if (a->n_tgs == (uint32_t)n ||
			    !ld_elem_obj(c, t, "ForwardConfig.TargetGroups", NULL))
				continue;
			const char *arn = ld_str_req(c, t, "TargetGroupArn", res);
			if (!arn)
				continue;
			a->tgs[a->n_tgs].tg_arn = arn;
			a->tgs[a->n_tgs++].weight =
				(uint32_t)ld_int(c, t, "Weight", 0, 999, 1, res);
		}
		if (!a->n_tgs && one)
			a->tgs[a->n_tgs++] = (struct model_lb_fwd){one, NULL, 1};
	} else if (strcmp(a->type, "redirect") == 0) {
		const cJSON *rc = ld_obj(c, e, "RedirectConfig", res);
		a->status_code = ld_str(c, rc, "StatusCode", res);
		a->redirect_host = ld_str(c, rc, "Host", res);
		a->redirect_path = ld_str(c, rc, "Path", res);
	} else if (strcmp(a->type, "fixed-response") == 0) {
		const cJSON *fr = ld_obj(c, e, "FixedResponseConfig", res);
		a->status_code = ld_str(c, fr, "StatusCode", res);
	}
	return 0;
}

static const struct ld_array rule_conds = {"Conditions", sizeof(struct model_lb_cond), read_cond};
static const struct ld_array rule_actions = {"Actions", sizeof(struct model_lb_action),
					     read_action};

static int read_rule(struct ld_ctx *c, struct model_lb_rule *r, const cJSON *e, const char *res)
{
	r->arn = ld_str(c, e, "RuleArn", res);
	const char *id = r->arn ? r->arn : res;
	const cJSON *isdef = cJSON_GetObjectItemCaseSensitive(e, "IsDefault");
	/* describe-rules writes Priority as a string: "10", or "default" */
	const cJSON *pv = cJSON_GetObjectItemCaseSensitive(e, "Priority");
	r->is_default = cJSON_IsTrue(isdef) ||
			(cJSON_IsString(pv) && strcmp(pv->valuestring, "default") == 0);
	r->priority = UINT32_MAX;
	if (!r->is_default) {
		/* a bad value is a finding from ld_int(); the rule is skipped */
		int64_t p = ld_int(c, e, "Priority", 1, 50000, INT64_MIN, id);
		if (p == INT64_MIN) {
			if (!pv)
				ld_error(c, "ValidationError", id,
					 "rule %s has no Priority and is not the default rule", id);
			return 1;
		}
		r->priority = (uint32_t)p;
	}
	int rc = 0;
	r->conds =
		ld_objs(c, ld_arr(c, e, "Conditions", id), &rule_conds, NULL, id, &r->n_conds, &rc);
	if (!rc)
		r->actions = ld_objs(c, ld_arr(c, e, "Actions", id), &rule_actions, NULL, id,
				     &r->n_actions, &rc);
	return rc;
}

/* A rule of listener @arg (NULL: the rule's own, from its ARN). */
static int add_rule(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	const char *listener = arg;
	struct model_lb_rule *r = arena_calloc(c->arena, 1, sizeof(*r));
	if (!r)
		return VS_ENOMEM;
	int rc = read_rule(c, r, e, listener ? listener : "Rules");
	if (rc)
		return rc < 0 ? rc : 0;
	const char *l = listener ? listener : rule_listener_arn(c, r->arn);
	if (!l) {
		ld_warn(c, "SnapshotFormat", r->arn,
			"rule %s skipped: its listener is not known (no listener-rule ARN "
			"and no LoadBalancerRules wrapper)",
			r->arn ? r->arn : "(no RuleArn)");
		return 0;
	}
	return ld_vec_add(&c->lb_rules, &(struct ld_lb_rules){l, r, 1});
}

int ld_lb_rules(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "Rules", NULL, add_rule, NULL);
}

int ld_lb_rule_set(struct ld_ctx *c, const char *l, const cJSON *e)
{
	return ld_each_obj(c, ld_arr(c, e, "Rules", l), "Rules", NULL, add_rule, l);
}

/* A TargetHealthDescription of target group @arg; one without a Target Id
 * is skipped. */
static int read_target(struct ld_ctx *c, const cJSON *d, void *elem, const void *arg)
{
	struct model_tg_target *x = elem;
	const char *tg = arg;
	const cJSON *t = ld_obj(c, d, "Target", tg);
	const char *id = t ? ld_str_req(c, t, "Id", tg) : NULL;
	if (!id) {
		if (!t)
			ld_error(c, "SnapshotFormat", tg,
				 "a target health description has no Target");
		return 1;
	}
	x->id = id;
	x->port = (uint32_t)ld_int(c, t, "Port", 1, 65535, 0, tg);
	x->az = ld_str(c, t, "AvailabilityZone", tg);
	x->health = ld_str(c, ld_obj(c, d, "TargetHealth", tg), "State", tg);
	return 0;
}

static const struct ld_array tg_targets = {"TargetHealthDescriptions",
					   sizeof(struct model_tg_target), read_target};

int ld_tg_health_set(struct ld_ctx *c, const char *tg, const cJSON *e)
{
	const cJSON *descs = ld_arr(c, e, "TargetHealthDescriptions", tg);
	if (!ld_len(descs))
		return 0;
	uint32_t k;
	int rc = 0;
	struct model_tg_target *v = ld_objs(c, descs, &tg_targets, NULL, tg, &k, &rc);
	return rc ? rc : push_batch(&c->tg_health, tg, v, k);
}
