/*
 * DOC: loader internals shared by the per-service readers
 *
 * One struct ld_ctx lives for one load.  The readers (ld_vpc.c, ld_ec2.c,
 * ld_tgw.c, ld_hybrid.c, ld_elb.c, ld_misc.c) append entities to the
 * vectors here while files are read; pointers into those vectors are NOT
 * stable until every file is read.  Afterwards resolve_*.c turn ids into
 * pointers, add AWS's defaults, and snapshot.c moves the vectors into the
 * struct model.
 *
 * Reading a field never fails hard: a wrong JSON type or a bad value adds a
 * finding (naming the current file and the resource) and the reader goes on
 * with the field treated as absent.
 */
#ifndef VPCSIM_LOAD_INTERNAL_H
#define VPCSIM_LOAD_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/hmap.h"
#include "base/vec.h"
#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

/* Batfish wrapper records kept until resolution (see resolve_hybrid.c). */
struct ld_tgw_prop { /* TransitGatewayPropagations */
	const char *rtb_id, *att_id, *file;
};
struct ld_tgw_static { /* TransitGatewayStaticRoutes */
	const char *rtb_id;
	struct model_tgw_route route;
	const char *file;
};
/* A wrapper record bringing @n elements for one parent, appended to the
 * parent's array in resolution: LoadBalancerListeners (struct
 * model_lb_listener) and LoadBalancerAttributes (struct model_tag) for a load
 * balancer, LoadBalancerTargetHealth (struct model_tg_target) for a target
 * group. */
struct ld_batch {
	const char *parent_arn;
	void *items; /* arena array of @n elements */
	uint32_t n;
};
struct ld_lb_rules { /* Rules (describe-rules) / LoadBalancerRules */
	const char *listener_arn;
	struct model_lb_rule *rules;
	uint32_t n;
};
struct ld_tg_attrs { /* TargetGroupAttributes */
	const char *tg_arn;
	struct model_tag *attrs;
	uint32_t n;
};
struct ld_dxgw_assoc { /* directConnectGatewayAssociations */
	const char *dxgw_id;
	struct model_dxgw_assoc assoc;
	const char *file;
};
struct ld_vpc_attr { /* describe-vpc-attribute output, by VpcId */
	const char *vpc_id;
	int dns_support, dns_hostnames; /* -1 = not given */
};

/* Route 53 records applied after the last file (ld_dns.c). */
struct ld_zone_rrsets {      /* list-resource-record-sets output, by HostedZoneId */
	const char *zone_id; /* without "/hostedzone/" */
	struct model_rrset *rrsets;
	uint32_t n;
	const char *file;
};
struct ld_zone_doc {            /* get-hosted-zone output: HostedZone + VPCs */
	struct model_zone zone; /* obj, name, private_zone, vpcs */
	const char *file;
};

struct ld_ctx {
	struct model *m;
	struct arena *arena; /* == m->arena */
	struct diag_list *diag;
	const struct load_opts *opts;

	/* where we are */
	const char *file;    /* arena copy of the current file's path */
	const char *region;  /* from the folder, else the file's "Region", else NULL */
	const char *account; /* from the folder, else the file's "AccountId", else NULL */

	/* one vector per model array, element type = the model struct (MODEL_KINDS) */
#define LD_KIND_VEC(kind, name, arr, type) struct vec arr;
	MODEL_KINDS(LD_KIND_VEC)
#undef LD_KIND_VEC

	/* records applied during resolution */
	struct vec tgw_props;                         /* struct ld_tgw_prop */
	struct vec tgw_statics;                       /* struct ld_tgw_static */
	struct vec lb_listeners, lb_attrs, tg_health; /* struct ld_batch */
	struct vec clb_health; /* struct ld_batch of struct model_tg_target, by LB name */
	struct vec dxgw_assocs, vpc_attrs, lb_rules, tg_attrs;
	struct vec zone_rrsets; /* struct ld_zone_rrsets */
	struct vec zone_docs;   /* struct ld_zone_doc */
	const cJSON *root;      /* the document being read (keys that need a sibling) */

	struct hmap *unknown_keys; /* names already warned about */
};

/* ---- the JSON parser (ld_parse.c) ---- */

/* Arrays and objects nested deeper than this are refused (a syntax error
 * saying so), which bounds the parser's recursion. */
#define LD_JSON_MAX_DEPTH 512

struct ld_json_dup {        /* a repeated key in one object */
	const char *key;    /* in the document's arena */
	unsigned line, col; /* the repeat */
	unsigned first_line, first_col;
};

struct ld_json_doc {
	cJSON *root; /* NULL unless rc == 0; nodes live in @arena */
	struct arena *arena;
	int rc;             /* 0, VS_EPARSE or VS_ENOMEM */
	unsigned line, col; /* where, when rc != 0 */
	char what[160];     /* what is wrong, when rc != 0 */
	struct vec dups;    /* struct ld_json_dup, the first LD_JSON_MAX_DUPS */
	uint32_t n_dups, n_dups_total;
};

/* Parse the @len bytes at @buf (no terminating NUL needed) as one JSON
 * document.  @limit > 0 caps the bytes of tree and strings (then VS_ENOMEM,
 * as when the arena cannot grow; tests use it).  Returns doc->rc.  Always
 * release @doc with ld_json_doc_free().  Thread-safe: touches only @doc. */
int ld_json_parse(const char *buf, size_t len, size_t limit, struct ld_json_doc *doc);
void ld_json_doc_free(struct ld_json_doc *doc);

/* ---- field readers (ld_json.c) ----
 * @res is the id of the resource being read, for messages (may be NULL). */

const char *ld_str(struct ld_ctx *c, const cJSON *o, const char *key, const char *res);
/* Required string: a SnapshotFormat error when absent. */
const char *ld_str_req(struct ld_ctx *c, const cJSON *o, const char *key, const char *res);
bool ld_bool(struct ld_ctx *c, const cJSON *o, const char *key, bool dflt, const char *res);
/* A number, or a string holding a decimal number (AWS prints some numbers
 * as strings).  Outside [min, max]: an error finding and @dflt. */
int64_t ld_int(struct ld_ctx *c, const cJSON *o, const char *key, int64_t min, int64_t max,
	       int64_t dflt, const char *res);
bool ld_has(const cJSON *o, const char *key);
/* True when @e, an element of the array @key, is an object; otherwise a
 * SnapshotFormat error "elements of @key must be objects" (on @res, may be
 * NULL) and false, and the reader skips the element. */
bool ld_elem_obj(struct ld_ctx *c, const cJSON *e, const char *key, const char *res);
/* Number of elements of array @a; 0 when @a is NULL or empty. */
uint32_t ld_len(const cJSON *a);
/* The start of reading one element of a top-level array: ld_elem_obj(),
 * then its required id @id_key (ld_str_req); NULL when either fails and the
 * reader skips the element. */
const char *ld_elem_id(struct ld_ctx *c, const cJSON *e, const char *key, const char *id_key);
/* The allocation of "read an array into an arena array": zeroed room for one
 * @size element per element of array @a, their count in *n.  NULL with
 * *n == 0 when @a is absent or empty, NULL with *n != 0 when out of memory. */
void *ld_alloc_for(struct ld_ctx *c, const cJSON *a, size_t size, uint32_t *n);
/* Arrays/objects: NULL when absent; a wrong type is a finding and NULL. */
const cJSON *ld_arr(struct ld_ctx *c, const cJSON *o, const char *key, const char *res);
const cJSON *ld_obj(struct ld_ctx *c, const cJSON *o, const char *key, const char *res);
/* Array of strings, or (when @subkey != NULL) array of objects whose @subkey
 * is read: ["a","b"] or [{"GroupId":"a"}].  Returns an arena array. */
const char **ld_str_list(struct ld_ctx *c, const cJSON *o, const char *key, const char *subkey,
			 uint32_t *n, const char *res);
/* Parse a CIDR; on failure adds InvalidParameterValue "Value (X) for
 * parameter @param is invalid. This is not a valid CIDR block." and returns
 * false with out->pfx.addr.af == NET_AF_NONE.  out->text always set. */
bool ld_cidr(struct ld_ctx *c, const char *text, struct model_cidr *out, const char *param,
	     const char *res);
/* An element of an array of a required CIDR @cidr_key and a required
 * string @str_key (what the CIDR leads to): *@str is the string, @cidr the
 * CIDR, parsed (ld_cidr) only when both are present.  An ld_elem_fn result:
 * 0, or 1 when either is absent or the CIDR is invalid (reported). */
int ld_cidr_pair(struct ld_ctx *c, const cJSON *x, const char *cidr_key, struct model_cidr *cidr,
		 const char *str_key, const char **str, const char *res);
/* Parse an address; a bad one is an InvalidParameterValue finding. */
bool ld_addr(struct ld_ctx *c, const char *text, struct net_addr *out, const char *param,
	     const char *res);
/* Value of the Name tag in "Tags" or "TagSet", or NULL. */
const char *ld_name_tag(struct ld_ctx *c, const cJSON *o);
/* Fill the common header: kind, id, file, region (ctx, else derived from
 * @az such as "us-east-1a", else NULL), account (@owner, else ctx). */
void ld_obj_init(struct ld_ctx *c, struct model_obj *obj, enum model_kind kind, const char *id,
		 const char *owner, const char *az);
/* A new entity at the end of @v (one of the ld_ctx vectors of model
 * structs, each of which starts with its struct model_obj) with its header
 * filled by ld_obj_init(); NULL when out of memory. */
void *ld_push_obj(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		  const char *owner, const char *az);
/* A copy of @item, one element of @v (v->elem bytes), at the end of @v:
 * 0, or VS_ENOMEM (@v unchanged). */
int ld_vec_add(struct vec *v, const void *item);
/* A new entity (ld_push_obj) for element @e of an EC2-style describe
 * output: its account from @e's OwnerId, its name from @e's Name tag. */
void *ld_push_tagged(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		     const cJSON *e, const char *az);
/* A new entity (ld_push_obj, with @owner) for element @e of an output that
 * names its resources in a "Name" field (Route 53 Resolver, vpcsim's own
 * keys): that name. */
void *ld_push_named(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		    const cJSON *e, const char *owner);
/* The start of a reader of a resource AWS describes with a state (its
 * field @state_key: "State", "Status"): NULL with *rc 0 when the state is
 * one AWS shows as gone (ld_state_gone), else a new entity
 * (ld_push_tagged with @az) and *state; NULL with *rc
 * VS_ENOMEM when out of memory. */
void *ld_push_live(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		   const cJSON *e, const char *state_key, const char *az, const char **state,
		   int *rc);
/* The ld_ctx vector of the entities of kind @k. */
struct vec *ld_kind_vec(struct ld_ctx *c, enum model_kind k);
/* Region of an availability zone name ("us-east-1a" -> "us-east-1"), arena copy. */
const char *ld_region_of_az(struct ld_ctx *c, const char *az);
/* True for the states in which AWS shows a resource as gone: deleted,
 * deleting, failed, rejected, expired (case-insensitive). */
bool ld_state_gone(const char *state);
/* Findings. */
void ld_error(struct ld_ctx *c, const char *code, const char *res, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ld_warn(struct ld_ctx *c, const char *code, const char *res, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* ld_warn() on a record read from @file rather than from the current file
 * (the resolvers run after the last file, when there is none). */
void ld_warn_in(struct ld_ctx *c, const char *file, const char *code, const char *res,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Protocol name or number as AWS writes it ("-1", "tcp", "6", "icmpv6", "all")
 * -> -1 or 0..255; false if unrecognised. */
bool ld_proto(const char *s, int *out);
/* @value's index among the @n names of @names (an API enumeration), or -1
 * after an error @code on @res: "@what: @field must be A, B or C, not "X"". */
int ld_enum(struct ld_ctx *c, const char *value, const char *const *names, int n, const char *code,
	    const char *res, const char *what, const char *field);

/* ---- passes over arrays (ld_each.c) ---- */

/* What a reader does with one element @e of a top-level array, whose
 * required id is @id: 0, or an error (VS_ENOMEM) that ends the read. */
typedef int (*ld_item_fn)(struct ld_ctx *c, const char *id, const cJSON *e);
/* For each element of @arr with its id (ld_elem_id: other elements are
 * findings and skipped), @fn(c, id, element).  Returns 0, or the first
 * nonzero return of @fn. */
int ld_each_elem(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		 ld_item_fn fn);
/* The Batfish wrapper shape {"@key": [{"@id_key": ID, "@sub_key": [{...}]}]}:
 * for each element of @arr with its required id, @fn(c, ID, sub) for each
 * object of its array @sub_key (other elements are findings and skipped).
 * Returns 0, or the first nonzero return of @fn. */
int ld_each_sub(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		const char *sub_key, ld_item_fn fn);
/* What a reader does with one element @e (id @id) of a top-level array of
 * resources AWS describes with a state, given its new entity @obj (made as
 * its struct ld_live says): 0, or an error (VS_ENOMEM) that ends the read. */
typedef int (*ld_live_fn)(struct ld_ctx *c, void *obj, const char *id, const cJSON *e);
/* How the entities of such an array are made: one of kind @kind (in the
 * vector ld_kind_vec() gives) for each element whose @state_key
 * ("State", "Status") is not one AWS shows as gone (ld_push_live), the
 * state kept at @state_off of the entity (0: not kept); with @az_key, the
 * element's availability zone is read first (the region may come from it)
 * and kept at @az_off. */
struct ld_live {
	enum model_kind kind;
	const char *state_key;
	size_t state_off;
	ld_live_fn fn;
	const char *az_key;
	size_t az_off;
};
/* ld_each_elem() for such an array: each element with its id gets its
 * entity as @how says, then @how->fn.  Returns 0, VS_ENOMEM, or the first
 * nonzero return of @how->fn. */
int ld_each_live(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		 const struct ld_live *how);
/* What a reader does with one object @o of an array; @arg is
 * ld_each_obj()'s.  0, or an error (VS_ENOMEM) that ends the pass. */
typedef int (*ld_obj_fn)(struct ld_ctx *c, const cJSON *o, const void *arg);
/* For each object of @arr, @fn(c, object, arg).  Other elements are
 * skipped: with "elements of @key must be objects" (on @res, may be NULL),
 * or silently when @key is NULL.  Returns 0, or the first nonzero return of
 * @fn. */
int ld_each_obj(struct ld_ctx *c, const cJSON *arr, const char *key, const char *res, ld_obj_fn fn,
		const void *arg);
/* id -> index + 1 of the entities of @v (one of the ld_ctx vectors of model
 * structs; entities without an id left out).  A repeated id maps to its
 * first entity when @keep_first, else to its last.  NULL when out of memory;
 * free with hmap_free(). */
struct hmap *ld_obj_index(const struct vec *v, bool keep_first);
/* Merging one object @e of a top-level array into the entities of a vector
 * indexed by @h (ld_obj_index, kept up to date by the function when it pushes
 * an entity): 0, or an error that ends the read. */
typedef int (*ld_merge_fn)(struct ld_ctx *c, struct hmap *h, const cJSON *e);
/* For each object of @arr (others: "elements of @key must be objects" and
 * skipped), @fn(c, h, object), with h the index of @v, built once for the
 * call so that merging stays linear however many files there are.  Returns
 * 0, VS_ENOMEM, or the first nonzero return of @fn. */
int ld_each_merged(struct ld_ctx *c, const cJSON *arr, const char *key, const struct vec *v,
		   ld_merge_fn fn);
/* Reading one object @x of an array into @elem (zeroed); @arg is
 * ld_objs()'s.  0 keeps the element, 1 skips it (it was reported, or AWS
 * shows it as gone), a negative error ends the read. */
typedef int (*ld_elem_fn)(struct ld_ctx *c, const cJSON *x, void *elem, const void *arg);
/* How the elements of one kind of array are read (a static table each). */
struct ld_array {
	const char *key; /* for "elements of @key must be objects"; NULL: a
			  * non-object is skipped without a finding */
	size_t size;     /* of one element */
	ld_elem_fn fn;
};
/* Count, allocate, fill: the objects of array @a (may be NULL) read by
 * @how->fn into an arena array of one element per element of @a, *n of them
 * kept, in order.  The finding on a non-object names resource @res (may be
 * NULL).  Returns the array (NULL when @a is absent or empty); on error NULL
 * with *rc set to it (VS_ENOMEM, or @how->fn's), *rc untouched otherwise. */
void *ld_objs(struct ld_ctx *c, const cJSON *a, const struct ld_array *how, const char *res,
	      const void *arg, uint32_t *n, int *rc);

/* ---- readers, named by the top-level key they read: either of the whole
 * array under it (ld_reader_fn), or of one element with its id (ld_item_fn;
 * snapshot.c's key table names the id field and walks the array with
 * ld_each_elem()), or of one element and its new entity (ld_live_fn; the
 * key table says how the entity is made, ld_each_live()) ---- */
typedef int (*ld_reader_fn)(struct ld_ctx *c, const cJSON *arr);

int ld_vpc(struct ld_ctx *c, const char *id, const cJSON *e);           /* Vpcs */
int ld_subnet(struct ld_ctx *c, const char *id, const cJSON *e);        /* Subnets */
int ld_route_table(struct ld_ctx *c, const char *id, const cJSON *e);   /* RouteTables */
int ld_security_groups(struct ld_ctx *c, const cJSON *arr);             /* SecurityGroups */
int ld_network_acl(struct ld_ctx *c, const char *id, const cJSON *e);   /* NetworkAcls */
int ld_vpc_attribute(struct ld_ctx *c, const char *id, const cJSON *e); /* VpcAttributes (vpcsim) */

int ld_enis(struct ld_ctx *c, const cJSON *arr);         /* NetworkInterfaces */
int ld_reservations(struct ld_ctx *c, const cJSON *arr); /* Reservations */
int ld_igws(struct ld_ctx *c, const cJSON *arr);         /* InternetGateways */
int ld_eigws(struct ld_ctx *c, const cJSON *arr);        /* EgressOnlyInternetGateways */
int ld_natgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e); /* NatGateways */
int ld_addresses(struct ld_ctx *c, const cJSON *arr);                      /* Addresses */
int ld_pcx(struct ld_ctx *c, const char *id, const cJSON *e); /* VpcPeeringConnections */
int ld_vpce(struct ld_ctx *c, void *obj, const char *id, const cJSON *e); /* VpcEndpoints */
int ld_vpce_svc(struct ld_ctx *c, const char *id, const cJSON *e); /* ServiceConfigurations */
int ld_dhcp(struct ld_ctx *c, const char *id, const cJSON *e);     /* DhcpOptions */
/* AWS-managed resources (ld_managed.c) */
int ld_db(struct ld_ctx *c, const char *id, const cJSON *e);                 /* DBInstances */
int ld_os_domain(struct ld_ctx *c, const char *id, const cJSON *e);          /* DomainStatusList */
int ld_cache_cluster(struct ld_ctx *c, const char *id, const cJSON *e);      /* CacheClusters */
int ld_cache_subnet_group(struct ld_ctx *c, const char *id, const cJSON *e); /* CacheSubnetGroups */
int ld_cache_rg(struct ld_ctx *c, const char *id, const cJSON *e);           /* ReplicationGroups */
int ld_lambda(struct ld_ctx *c, const char *id, const cJSON *e);             /* Functions */
int ld_efs_mt(struct ld_ctx *c, const char *id, const cJSON *e);             /* MountTargets */
int ld_svc_detail(struct ld_ctx *c, const char *id, const cJSON *e);         /* ServiceDetails */
int ld_prefix_list(struct ld_ctx *c, const char *id, const cJSON *e);        /* PrefixLists */

int ld_tgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e); /* TransitGateways */
/* @a and @b are the two sides (one per TGW) of one peering attachment. */
bool ld_att_other_side(const struct model_tgw_att *a, const struct model_tgw_att *b);
int ld_tgw_atts(struct ld_ctx *c, const cJSON *arr);         /* TransitGatewayAttachments */
int ld_tgw_vpc_atts(struct ld_ctx *c, const cJSON *arr);     /* TransitGatewayVpcAttachments */
int ld_tgw_peering_atts(struct ld_ctx *c, const cJSON *arr); /* TransitGatewayPeeringAttachments */
int ld_tgw_rtb(struct ld_ctx *c, void *obj, const char *id,
	       const cJSON *e);                         /* TransitGatewayRouteTables */
int ld_tgw_props(struct ld_ctx *c, const cJSON *arr);   /* TransitGatewayPropagations */
int ld_tgw_statics(struct ld_ctx *c, const cJSON *arr); /* TransitGatewayStaticRoutes */
int ld_tgw_pl_refs(struct ld_ctx *c, const cJSON *arr); /* TransitGatewayPrefixListReferences */

int ld_vgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e); /* VpnGateways */
int ld_cgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e); /* CustomerGateways */
int ld_vpn(struct ld_ctx *c, void *obj, const char *id, const cJSON *e); /* VpnConnections */
int ld_dxgws(struct ld_ctx *c,
	     const cJSON *arr); /* directConnectGateways / DirectConnectGateways */
int ld_dxgw_assocs(struct ld_ctx *c, const cJSON *arr); /* directConnectGatewayAssociations */
int ld_vifs(struct ld_ctx *c, const cJSON *arr);        /* virtualInterfaces / VirtualInterfaces */

int ld_lb(struct ld_ctx *c, const char *id, const cJSON *e);  /* LoadBalancers */
int ld_clb(struct ld_ctx *c, const char *id, const cJSON *e); /* LoadBalancerDescriptions */
int ld_tg(struct ld_ctx *c, const char *id, const cJSON *e);  /* TargetGroups */
int ld_lb_listener_set(struct ld_ctx *c, const char *id,
		       const cJSON *e);                               /* LoadBalancerListeners */
int ld_lb_attr_set(struct ld_ctx *c, const char *id, const cJSON *e); /* LoadBalancerAttributes */
/* ClassicLoadBalancerAttributes, ClassicLoadBalancerInstanceHealth */
int ld_clb_attr_set(struct ld_ctx *c, const char *name, const cJSON *e);
int ld_clb_health_set(struct ld_ctx *c, const char *name, const cJSON *e);
int ld_tg_health_set(struct ld_ctx *c, const char *id,
		     const cJSON *e);                                 /* LoadBalancerTargetHealth */
int ld_lb_rules(struct ld_ctx *c, const cJSON *arr);                  /* Rules (describe-rules) */
int ld_lb_rule_set(struct ld_ctx *c, const char *id, const cJSON *e); /* LoadBalancerRules */
int ld_tg_attr_set(struct ld_ctx *c, const char *id, const cJSON *e); /* TargetGroupAttributes */

int ld_zones(struct ld_ctx *c, const cJSON *arr);           /* HostedZones */
int ld_hosted_zone_doc(struct ld_ctx *c, const cJSON *obj); /* HostedZone (get-hosted-zone) */
int ld_zone_vpcs_doc(struct ld_ctx *c, const cJSON *arr);   /* VPCs (beside HostedZone) */
int ld_rrsets_doc(struct ld_ctx *c, const cJSON *arr);      /* ResourceRecordSets + HostedZoneId */
int ld_zone_rrsets(struct ld_ctx *c, const cJSON *arr);     /* HostedZoneResourceRecordSets */
int ld_health_check(struct ld_ctx *c, const char *id, const cJSON *e); /* HealthCheckObservations */
int ld_rslvr_rule(struct ld_ctx *c, const char *id, const cJSON *e);   /* ResolverRules */
int ld_rslvr_assoc(struct ld_ctx *c, const char *id, const cJSON *e); /* ResolverRuleAssociations */
/* A master file (*.zone, @len bytes at @text): one public hosted zone. */
int ld_zonefile(struct ld_ctx *c, const char *path, const char *text, size_t len);
int ld_cidr_blocks(struct ld_ctx *c, const char *id, const cJSON *e); /* CidrBlocks */
/* Route 53 Resolver DNS Firewall (ld_dnsfw.c) */
int ld_fw_group(struct ld_ctx *c, void *obj, const char *id,
		const cJSON *e);                     /* FirewallRuleGroups */
int ld_fw_rules(struct ld_ctx *c, const cJSON *arr); /* FirewallRules */
int ld_fw_assoc(struct ld_ctx *c, const char *id,
		const cJSON *e); /* FirewallRuleGroupAssociations */
int ld_fw_list(struct ld_ctx *c, const char *id, const cJSON *e);    /* FirewallDomainLists */
int ld_fw_domains(struct ld_ctx *c, const char *id, const cJSON *e); /* FirewallDomains */
int ld_rslvr_ep(struct ld_ctx *c, const char *id, const cJSON *e);   /* ResolverEndpoints */
int ld_rslvr_ep_ips(struct ld_ctx *c, const char *id,
		    const cJSON *e);                           /* ResolverEndpointIpAddresses */
int ld_site(struct ld_ctx *c, const char *id, const cJSON *e); /* Sites (vpcsim) */
int ld_appliance(struct ld_ctx *c, const char *id, const cJSON *e); /* Appliances */

/* ---- AWS defaults, after every file is read and before the vectors move
 * into the model: a main route table, a default network ACL and a default
 * security group for each VPC that lacks one (obj.synthetic set), and the
 * local route of each VPC CIDR in every route table that lacks it. ---- */
int defaults_vpc(struct ld_ctx *c);
/* Route 53: get-hosted-zone documents merged into the zone of their id (or
 * added), record-set files attached to their zone; before duplicate ids
 * are dropped, so the first zone of an id gets them all (ld_dns.c). */
int ld_dns_merge(struct ld_ctx *c);

/* ---- resolution, after the vectors moved into the model ----
 * Vectors have been moved into c->m (arrays stable from here on) and the id
 * index is built, so model_find() works.  Each adds AWS defaults and
 * resolves the relations of its family; findings for dangling ids are the
 * checker's job (the raw ids stay in the model), not the resolver's. */
int resolve_vpc(struct ld_ctx *c);    /* VPC family, ENIs, instances, gateways, endpoints */
int resolve_hybrid(struct ld_ctx *c); /* TGW, VGW, VPN, DX, ELB, sites */
int resolve_managed(
	struct ld_ctx *c); /* AWS-managed resources' interfaces (after resolve_vpc's ENIs) */
int resolve_dns(struct ld_ctx *c); /* each hosted zone built once: what Route 53 refuses */
/* The lookups of the resolvers (resolve_vpc.c).  ld_find(): the entity @id
 * if it is of kind @k (of any kind for LD_ANY), else NULL (NULL @id too);
 * ld_find_list(): an arena array parallel to @ids of what ld_find() finds
 * for each, NULL when @n is 0 and, with *rc VS_ENOMEM, out of memory. */
#define LD_ANY MODEL_KIND_COUNT
void *ld_find(const struct ld_ctx *c, const char *id, enum model_kind k);
void **ld_find_list(struct ld_ctx *c, const char **ids, uint32_t n, enum model_kind k, int *rc);
/* The prefix list @id as a resource of @region sees it: "A prefix list
 * applies only to the Region where you created it" (managed-prefix-lists.html),
 * so a list of that id in another Region only is NULL.  @region NULL, or a
 * list without one: any list of that id. */
struct model_pl *ld_find_pl(const struct ld_ctx *c, const char *id, const char *region);
/* Count per parent, allocate, fill, for a parent's array of pointers to its
 * children (resolve_vpc.c): each entity of kind @kid whose pointer at
 * @parent_off (resolved before) is to an entity of kind @parent is one of
 * that parent's children.  Every entity of kind @parent gets at @n_off (a
 * uint32_t) the number of its children and, when it has any, at @arr_off an
 * arena array of pointers to them, in the order of the model's array; a
 * parent without children keeps its array as it was.  0, or VS_ENOMEM with
 * the arrays half built. */
int ld_link_children(struct ld_ctx *c, enum model_kind kid, size_t parent_off,
		     enum model_kind parent, size_t arr_off, size_t n_off);

#endif
