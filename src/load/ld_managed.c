/*
 * DOC: readers for AWS-managed resources in a VPC
 *
 * Shapes are those of aws rds describe-db-instances (DBInstances), aws
 * opensearch describe-domains (DomainStatusList), aws elasticache
 * describe-cache-clusters --show-cache-node-info (CacheClusters),
 * describe-cache-subnet-groups (CacheSubnetGroups) and
 * describe-replication-groups (ReplicationGroups), aws lambda
 * list-functions (Functions), aws efs describe-mount-targets
 * (MountTargets) and aws ec2 describe-vpc-endpoint-services
 * (ServiceDetails).
 *
 * Each reader says how the resource's requester-managed interfaces are
 * recognised (model.h, struct model_managed); resolve_vpc.c applies that
 * one rule to all of them.  The descriptions are the ones each service
 * gives its interfaces: "RDSNetworkInterface", "ES DOMAIN-NAME",
 * "ElastiCache CLUSTER-ID"; Lambda's Hyperplane interfaces have
 * InterfaceType "lambda" (ec2 NetworkInterface, InterfaceType).
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "load/load_internal.h"
#include "vpcsim/error.h"

static struct model_managed *ld_managed(struct ld_ctx *c, struct vec *v, enum model_kind kind,
					const char *id, const char *service, const char *owner,
					const char *az)
{
	struct model_managed *r = ld_push_obj(c, v, kind, id, owner, az);
	if (r) {
		r->obj.name = id;
		r->service = service;
	}
	return r;
}

/* An endpoint object {"Address": ..., "Port": ...} as one more name. */
static int ld_mg_name(struct ld_ctx *c, struct model_managed *r, const cJSON *ep,
		      enum model_name_role role, uint32_t cap)
{
	if (!ep)
		return 0;
	const char *addr = ld_str(c, ep, "Address", r->obj.id);
	if (!addr || !*addr)
		return 0;
	if (!r->names && !(r->names = arena_calloc(c->arena, cap, sizeof(*r->names))))
		return VS_ENOMEM;
	if (r->n_names >= cap)
		return 0;
	struct model_managed_name *n = &r->names[r->n_names++];
	n->name = addr;
	n->port = (uint32_t)ld_int(c, ep, "Port", 1, 65535, 0, r->obj.id);
	n->role = role;
	return 0;
}

/* The VPC of a resource that names it, its subnets and its groups by id in
 * one object @v: OpenSearch's VPCOptions, Lambda's VpcConfig (whose VPC id
 * field is @vpc_key: "VPCId", "VpcId"). */
static void ld_mg_vpc(struct ld_ctx *c, struct model_managed *d, const cJSON *v,
		      const char *vpc_key)
{
	const char *id = d->obj.id;
	d->vpc_id = ld_str(c, v, vpc_key, id);
	d->subnet_ids = ld_str_list(c, v, "SubnetIds", NULL, &d->n_subnets, id);
	d->sg_ids = ld_str_list(c, v, "SecurityGroupIds", NULL, &d->n_sgs, id);
	d->sgs_given = true;
}

/* "PREFIX ID" in the arena. */
static const char *ld_mg_desc(struct ld_ctx *c, const char *prefix, const char *id)
{
	char buf[320];
	snprintf(buf, sizeof(buf), "%s %s", prefix, id);
	return arena_strdup(c->arena, buf);
}

/* ---- RDS ---- */

/* describe-db-instances' DBInstances: the interface is the one
 * "RDSNetworkInterface" of its subnet group in its zone with its groups
 * (the RDS User Guide, USER_VPC.WorkingWithRDSInstanceinaVPC.html). */
int ld_db(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *status = ld_str(c, e, "DBInstanceStatus", id);
	if (status && !strcmp(status, "deleting"))
		return 0;
	struct model_managed *d = ld_managed(c, &c->dbs, MODEL_DB, id, "RDS instance", NULL, NULL);
	if (!d)
		return VS_ENOMEM;
	d->status = status;
	d->arn = ld_str(c, e, "DBInstanceArn", id);
	d->engine = ld_str(c, e, "Engine", id);
	d->az = ld_str(c, e, "AvailabilityZone", id);
	d->public_access = ld_bool(c, e, "PubliclyAccessible", false, id);
	int rc = ld_mg_name(c, d, ld_obj(c, e, "Endpoint", id), MANAGED_NAME_ALL, 1);
	if (rc)
		return rc;
	const cJSON *g = ld_obj(c, e, "DBSubnetGroup", id);
	if (g) {
		d->vpc_id = ld_str(c, g, "VpcId", id);
		d->subnet_ids = ld_str_list(c, g, "Subnets", "SubnetIdentifier", &d->n_subnets, id);
	}
	d->sg_ids = ld_str_list(c, e, "VpcSecurityGroups", "VpcSecurityGroupId", &d->n_sgs, id);
	d->sgs_given = true;
	d->eni_desc = "RDSNetworkInterface";
	d->no_vpc = !d->vpc_id;
	return 0;
}

/* ---- OpenSearch ---- */

/* describe-domains' DomainStatusList: a VPC domain has VPCOptions and its
 * "vpc" endpoint; OpenSearch places one interface per data node in the
 * subnets, described "ES DOMAIN-NAME" (OpenSearch Service Developer Guide,
 * vpc.html). */
int ld_os_domain(struct ld_ctx *c, const char *id, const cJSON *e)
{
	if (ld_bool(c, e, "Deleted", false, id))
		return 0;
	struct model_managed *d =
		ld_managed(c, &c->os_domains, MODEL_OS_DOMAIN, id, "OpenSearch domain", NULL, NULL);
	if (!d)
		return VS_ENOMEM;
	d->arn = ld_str(c, e, "ARN", id);
	d->engine = ld_str(c, e, "EngineVersion", id);
	d->multi = true;
	d->eni_desc = ld_mg_desc(c, "ES", id);
	if (!d->eni_desc)
		return VS_ENOMEM;
	const cJSON *eps = ld_obj(c, e, "Endpoints", id);
	const char *vpc_ep = eps ? ld_str(c, eps, "vpc", id) : NULL;
	if (vpc_ep && !(d->names = arena_calloc(c->arena, 1, sizeof(*d->names))))
		return VS_ENOMEM;
	if (vpc_ep) {
		d->names[0].name = vpc_ep;
		d->names[0].port = 443;
		d->n_names = 1;
	}
	const cJSON *v = ld_obj(c, e, "VPCOptions", id);
	if (!v) {
		d->no_vpc = true; /* a public domain: "Endpoint", no interface */
		return 0;
	}
	ld_mg_vpc(c, d, v, "VPCId");
	return 0;
}

/* ---- ElastiCache ---- */

/* describe-cache-clusters' CacheClusters: each node has an interface
 * described "ElastiCache CLUSTER-ID" in a subnet of the cluster's cache
 * subnet group, with the cluster's groups (ElastiCache User Guide,
 * VPCs.html). */
int ld_cache_cluster(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *status = ld_str(c, e, "CacheClusterStatus", id);
	if (ld_state_gone(status))
		return 0;
	const char *az = ld_str(c, e, "PreferredAvailabilityZone", id);
	if (az && !strcmp(az, "Multiple"))
		az = NULL; /* Memcached nodes across zones: each node's own */
	struct model_managed *d = ld_managed(c, &c->cache_clusters, MODEL_CACHE_CLUSTER, id,
					     "ElastiCache cluster", NULL, az);
	if (!d)
		return VS_ENOMEM;
	d->status = status;
	d->arn = ld_str(c, e, "ARN", id);
	d->engine = ld_str(c, e, "Engine", id);
	d->multi = true;
	d->subnet_group = ld_str(c, e, "CacheSubnetGroupName", id);
	d->sg_ids = ld_str_list(c, e, "SecurityGroups", "SecurityGroupId", &d->n_sgs, id);
	d->sgs_given = true;
	d->eni_desc = ld_mg_desc(c, "ElastiCache", id);
	if (!d->eni_desc)
		return VS_ENOMEM;
	d->no_vpc = !d->subnet_group;
	const cJSON *nodes = ld_arr(c, e, "CacheNodes", id), *x;
	uint32_t cap = ld_len(nodes) + 1;
	int rc = ld_mg_name(c, d, ld_obj(c, e, "ConfigurationEndpoint", id), MANAGED_NAME_ALL, cap);
	/* a node's own endpoint is its interface's only when it is the one node */
	cJSON_ArrayForEach(x, nodes)
	{
		if (rc || ld_len(nodes) != 1)
			break;
		if (ld_elem_obj(c, x, "CacheNodes", id))
			rc = ld_mg_name(c, d, ld_obj(c, x, "Endpoint", id), MANAGED_NAME_ALL, cap);
	}
	return rc;
}

int ld_cache_subnet_group(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_cache_subnet_group *g =
		ld_push_obj(c, &c->cache_subnet_groups, MODEL_CACHE_SUBNET_GROUP, id, NULL, NULL);
	if (!g)
		return VS_ENOMEM;
	g->obj.name = id;
	g->vpc_id = ld_str(c, e, "VpcId", id);
	g->subnet_ids = ld_str_list(c, e, "Subnets", "SubnetIdentifier", &g->n_subnets, id);
	return 0;
}

/* describe-replication-groups' ReplicationGroups (Redis OSS / Valkey): the
 * primary endpoint is the primary node's, the reader endpoint spreads over
 * the replicas (ElastiCache User Guide, Endpoints.html).  With one node
 * group the roles come from NodeGroupMembers; with several (cluster mode)
 * the configuration endpoint answers at every member. */
int ld_cache_rg(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *status = ld_str(c, e, "Status", id);
	if (ld_state_gone(status))
		return 0;
	struct model_managed *d = ld_managed(c, &c->cache_rgs, MODEL_CACHE_RG, id,
					     "ElastiCache replication group", NULL, NULL);
	if (!d)
		return VS_ENOMEM;
	d->status = status;
	d->arn = ld_str(c, e, "ARN", id);
	d->multi = true;
	d->member_ids = ld_str_list(c, e, "MemberClusters", NULL, &d->n_members, id);
	const cJSON *ngs = ld_arr(c, e, "NodeGroups", id);
	int rc = ld_mg_name(c, d, ld_obj(c, e, "ConfigurationEndpoint", id), MANAGED_NAME_ALL, 3);
	if (rc || ld_len(ngs) != 1)
		return rc;
	const cJSON *ng = cJSON_GetArrayItem(ngs, 0);
	if (!ld_elem_obj(c, ng, "NodeGroups", id))
		return 0;
	rc = ld_mg_name(c, d, ld_obj(c, ng, "PrimaryEndpoint", id), MANAGED_NAME_ALL, 3);
	if (!rc)
		rc = ld_mg_name(c, d, ld_obj(c, ng, "ReaderEndpoint", id), MANAGED_NAME_READER, 3);
	const cJSON *mem = ld_arr(c, ng, "NodeGroupMembers", id), *x;
	cJSON_ArrayForEach(x, mem)
	{
		if (!ld_elem_obj(c, x, "NodeGroupMembers", id))
			continue;
		const char *role = ld_str(c, x, "CurrentRole", id);
		if (role && !strcmp(role, "primary") && !d->primary_id)
			d->primary_id = ld_str(c, x, "CacheClusterId", id);
	}
	return rc;
}

/* ---- Lambda ---- */

/* list-functions' Functions: a function with a VpcConfig sends through
 * Hyperplane interfaces (InterfaceType "lambda"), one per combination of
 * subnet and security groups, shared by the functions with that
 * combination; they carry only connections the function opens (Lambda
 * Developer Guide, configuration-vpc.html). */
int ld_lambda(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_managed *d =
		ld_managed(c, &c->lambdas, MODEL_LAMBDA, id, "Lambda function", NULL, NULL);
	if (!d)
		return VS_ENOMEM;
	d->arn = ld_str(c, e, "FunctionArn", id);
	d->engine = ld_str(c, e, "Runtime", id);
	d->status = ld_str(c, e, "State", id);
	d->eni_type = "lambda";
	d->shared = d->source_only = true;
	const cJSON *v = ld_obj(c, e, "VpcConfig", id);
	if (v)
		ld_mg_vpc(c, d, v, "VpcId");
	/* AWS prints an empty VpcConfig for a function outside any VPC */
	d->no_vpc = !d->n_subnets;
	return 0;
}

/* ---- EFS ---- */

/* describe-mount-targets' MountTargets: the mount target names its
 * interface; its security groups are the interface's (EFS User Guide,
 * network-access.html: NFS on TCP 2049).  Its zonal name
 * ZONE.FS-ID.efs.REGION.amazonaws.com resolves inside the VPC
 * (mounting-fs-mount-cmd-dns-name.html). */
int ld_efs_mt(struct ld_ctx *c, const char *id, const cJSON *e)
{
	const char *state = ld_str(c, e, "LifeCycleState", id);
	if (ld_state_gone(state))
		return 0;
	const char *az = ld_str(c, e, "AvailabilityZoneName", id);
	struct model_managed *d = ld_managed(c, &c->efs_mts, MODEL_EFS_MT, id, "EFS mount target",
					     ld_str(c, e, "OwnerId", id), az);
	if (!d)
		return VS_ENOMEM;
	d->status = state;
	d->az = az;
	d->fs_id = ld_str(c, e, "FileSystemId", id);
	d->vpc_id = ld_str(c, e, "VpcId", id);
	d->eni_id = ld_str(c, e, "NetworkInterfaceId", id);
	const char *subnet = ld_str(c, e, "SubnetId", id);
	if (subnet) {
		if (!(d->subnet_ids = arena_calloc(c->arena, 1, sizeof(*d->subnet_ids))))
			return VS_ENOMEM;
		d->subnet_ids[0] = subnet;
		d->n_subnets = 1;
	}
	d->names_in_vpc = true;
	const char *region = d->obj.region;
	if (az && d->fs_id && region) {
		char buf[320];
		snprintf(buf, sizeof(buf), "%s.%s.efs.%s.amazonaws.com", az, d->fs_id, region);
		if (!(d->names = arena_calloc(c->arena, 1, sizeof(*d->names))) ||
		    !(d->names[0].name = arena_strdup(c->arena, buf)))
			return VS_ENOMEM;
		d->names[0].port = 2049;
		d->n_names = 1;
	}
	return 0;
}

/* ---- endpoint services ---- */

/* describe-vpc-endpoint-services' ServiceDetails (PrivateLink Guide,
 * create-interface-endpoint.html): what a consumer sees of a service. */
int ld_svc_detail(struct ld_ctx *c, const char *id, const cJSON *e)
{
	struct model_svc_detail *d =
		ld_push_obj(c, &c->svc_details, MODEL_SVC_DETAIL, id, NULL, NULL);
	if (!d)
		return VS_ENOMEM;
	d->obj.name = id;
	d->service_id = ld_str(c, e, "ServiceId", id);
	d->owner = ld_str(c, e, "Owner", id);
	d->private_dns = ld_str(c, e, "PrivateDnsName", id);
	d->acceptance_required = ld_bool(c, e, "AcceptanceRequired", false, id);
	d->base_dns = ld_str_list(c, e, "BaseEndpointDnsNames", NULL, &d->n_base_dns, id);
	d->azs = ld_str_list(c, e, "AvailabilityZones", NULL, &d->n_azs, id);
	const cJSON *t = ld_arr(c, e, "ServiceType", id);
	const cJSON *t0 = t ? cJSON_GetArrayItem(t, 0) : NULL;
	if (t0 && ld_elem_obj(c, t0, "ServiceType", id))
		d->type = ld_str(c, t0, "ServiceType", id);
	return 0;
}
