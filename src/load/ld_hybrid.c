/*
 * DOC: Site-to-Site VPN and Direct Connect readers
 *
 * VpnGateways, CustomerGateways and VpnConnections are EC2 output
 * (PascalCase).  Direct Connect is printed in camelCase by the AWS CLI
 * ("virtualInterfaces", "bgpPeers", "cidr"), while Batfish's fixtures and
 * classes use PascalCase ("VirtualInterfaces", "BgpPeers", "Cidr"), so every
 * DX field is looked up in both spellings (dx_key()).
 *
 * The Direct Connect gateway is global: describe-direct-connect-gateways
 * returns the same gateway in every region's output, so gateways are
 * deduplicated by id (Batfish does the same).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

/* Longest DX field name we spell both ways. */
#define DX_KEY_MAX 64

/* The CLI prints "" for an unset DX id (virtualGatewayId on a transit VIF). */
static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/*
 * The spelling of @camel present in @o: @camel itself, else its PascalCase
 * form written into @buf.  When neither is present, @camel (so messages
 * about a missing field use the AWS CLI's name).
 */
static const char *dx_key(const cJSON *o, const char *camel, char buf[DX_KEY_MAX])
{
	size_t n = strlen(camel);
	if (ld_has(o, camel) || n >= DX_KEY_MAX)
		return camel;
	memcpy(buf, camel, n + 1);
	buf[0] = (char)toupper((unsigned char)buf[0]);
	return ld_has(o, buf) ? buf : camel;
}

static const char *dx_str(struct ld_ctx *c, const cJSON *o, const char *k, const char *res)
{
	char b[DX_KEY_MAX];
	return nz(ld_str(c, o, dx_key(o, k, b), res));
}

static const char *dx_str_req(struct ld_ctx *c, const cJSON *o, const char *k)
{
	char b[DX_KEY_MAX];
	return ld_str_req(c, o, dx_key(o, k, b), NULL);
}

static int64_t dx_int(struct ld_ctx *c, const cJSON *o, const char *k, int64_t min, int64_t max,
		      int64_t dflt, const char *res)
{
	char b[DX_KEY_MAX];
	return ld_int(c, o, dx_key(o, k, b), min, max, dflt, res);
}

static bool dx_has(const cJSON *o, const char *k)
{
	char b[DX_KEY_MAX];
	return ld_has(o, dx_key(o, k, b));
}

static bool dx_bool(struct ld_ctx *c, const cJSON *o, const char *k, bool dflt, const char *res)
{
	char b[DX_KEY_MAX];
	return ld_bool(c, o, dx_key(o, k, b), dflt, res);
}

static const cJSON *dx_arr(struct ld_ctx *c, const cJSON *o, const char *k, const char *res)
{
	char b[DX_KEY_MAX];
	return ld_arr(c, o, dx_key(o, k, b), res);
}

static const cJSON *dx_obj(struct ld_ctx *c, const cJSON *o, const char *k, const char *res)
{
	char b[DX_KEY_MAX];
	return ld_obj(c, o, dx_key(o, k, b), res);
}

/* A 32-bit ASN; DX prints "asnLong" next to "asn" for 4-byte ASNs. */
static uint32_t dx_asn(struct ld_ctx *c, const cJSON *o, const char *res)
{
	if (dx_has(o, "asnLong"))
		return (uint32_t)dx_int(c, o, "asnLong", 0, UINT32_MAX, 0, res);
	return (uint32_t)dx_int(c, o, "asn", 0, UINT32_MAX, 0, res);
}

/* What one element of a DX prefix list is read with: the list's name and
 * the resource of the messages. */
struct dx_cidr_arg {
	const char *key, *res;
};

static int dx_cidr(struct ld_ctx *c, const cJSON *e, void *elem, const void *arg)
{
	const struct dx_cidr_arg *a = arg;
	const char *s = dx_str(c, e, "cidr", a->res);
	if (!s) {
		ld_error(c, "SnapshotFormat", a->res, "an element of %s has no cidr", a->key);
		return 1;
	}
	return ld_cidr(c, s, elem, a->key, a->res) ? 0 : 1;
}

/* [{"cidr": "10.0.0.0/8"}, ...] in either spelling -> arena array (NULL
 * when none is valid, or out of memory). */
static struct model_cidr *dx_cidrs(struct ld_ctx *c, const cJSON *o, const char *k, uint32_t *n,
				   const char *res)
{
	const struct ld_array how = {k, sizeof(struct model_cidr), dx_cidr};
	const struct dx_cidr_arg arg = {k, res};
	int rc = 0;
	struct model_cidr *out = ld_objs(c, dx_arr(c, o, k, res), &how, NULL, &arg, n, &rc);
	return *n ? out : NULL;
}

/* ---- virtual private gateways ---- */

/* An element of VpcAttachments: the VPC while it is attached. */
static int read_vgw_att(struct ld_ctx *c, const cJSON *a, void *elem, const void *arg)
{
	const char *id = arg;
	const char *vpc = ld_str(c, a, "VpcId", id);
	const char *st = ld_str(c, a, "State", id);
	/* detaching/detached no longer carry traffic */
	if (!vpc || (st && strcmp(st, "attached") != 0 && strcmp(st, "attaching") != 0))
		return 1;
	*(const char **)elem = vpc;
	return 0;
}

static const struct ld_array vgw_atts = {"VpcAttachments", sizeof(const char *), read_vgw_att};

int ld_vgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_vgw *g = obj;
	/* CreateVpnGateway: AmazonSideAsn defaults to 64512. */
	g->asn = (uint32_t)ld_int(c, e, "AmazonSideAsn", 1, UINT32_MAX, 64512, id);
	int rc = 0;
	g->vpc_ids = ld_objs(c, ld_arr(c, e, "VpcAttachments", id), &vgw_atts, NULL, id, &g->n_vpcs,
			     &rc);
	return rc;
}

/* ---- customer gateways ---- */

int ld_cgw(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_cgw *g = obj;
	/* BgpAsn is a string in DescribeCustomerGateways output;
	 * BgpAsnExtended carries ASNs above 2147483647. */
	const char *k = ld_has(e, "BgpAsnExtended") ? "BgpAsnExtended" : "BgpAsn";
	g->asn = (uint32_t)ld_int(c, e, k, 1, UINT32_MAX, 0, id);
	ld_addr(c, ld_str(c, e, "IpAddress", id), &g->ip, "IpAddress", id);
	g->type = ld_str(c, e, "Type", id);
	g->device_name = ld_str(c, e, "DeviceName", id);
	return 0;
}

/* ---- VPN connections ---- */

/* AWS builds two tunnels per connection; more in the XML is not AWS's. */
#define VPN_XML_TUNNELS_MAX 4

/* The content [s, e) of the first <tag>...</tag> element inside [p, end):
 * @s past its opening tag, @e at its closing tag. */
static bool xml_elem(const char *p, const char *end, const char *tag, const char **s,
		     const char **e)
{
	char open[40], close[40];
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	const char *a = strstr(p, open);
	if (!a || a >= end)
		return false;
	a += strlen(open);
	const char *b = strstr(a, close);
	if (!b || b > end)
		return false;
	*s = a;
	*e = b;
	return true;
}

/* The text of the first <tag>...</tag> inside [p, end), NUL-terminated into
 * @buf; false when absent, unterminated or too long. */
static bool xml_text(const char *p, const char *end, const char *tag, char *buf, size_t len)
{
	const char *a, *b;
	if (!xml_elem(p, end, tag, &a, &b))
		return false;
	if ((size_t)(b - a) >= len)
		return false;
	memcpy(buf, a, (size_t)(b - a));
	buf[b - a] = '\0';
	return true;
}

/* The tunnel with outside address @ip, or a new one; NULL when full. */
static struct model_vpn_tunnel *tunnel_for(struct model_vpn *v, const struct net_addr *ip,
					   uint32_t cap)
{
	for (uint32_t i = 0; i < v->n_tunnels; i++)
		if (net_addr_eq(&v->tunnels[i].outside_ip, ip))
			return &v->tunnels[i];
	if (v->n_tunnels == cap)
		return NULL;
	struct model_vpn_tunnel *x = &v->tunnels[v->n_tunnels++];
	x->outside_ip = *ip;
	return x;
}

/*
 * Older output (and Batfish, which reads nothing else) has the tunnels only
 * in CustomerGatewayConfiguration, the XML AWS offers for download:
 * ipsec_tunnel/vpn_gateway/tunnel_outside_address/ip_address and
 * ipsec_tunnel/vpn_gateway/tunnel_inside_address/{ip_address,network_cidr}.
 * Used to fill what TunnelOptions did not give.
 */
static void read_tunnels_xml(struct ld_ctx *c, struct model_vpn *v, const char *xml, uint32_t cap)
{
	const char *p = xml, *end = xml + strlen(xml);
	for (int n = 0; n < VPN_XML_TUNNELS_MAX; n++) {
		const char *ts, *te, *gs, *ge, *os, *oe, *is, *ie;
		if (!xml_elem(p, end, "ipsec_tunnel", &ts, &te))
			break;
		p = te + 1;
		char out[64], in[64], len[8];
		struct net_addr ip;
		if (!xml_elem(ts, te, "vpn_gateway", &gs, &ge) ||
		    !xml_elem(gs, ge, "tunnel_outside_address", &os, &oe) ||
		    !xml_text(os, oe, "ip_address", out, sizeof(out)) ||
		    !ld_addr(c, out, &ip, "CustomerGatewayConfiguration", v->obj.id))
			continue;
		struct model_vpn_tunnel *x = tunnel_for(v, &ip, cap);
		if (!x || x->inside_cidr.text ||
		    !xml_elem(gs, ge, "tunnel_inside_address", &is, &ie) ||
		    !xml_text(is, ie, "ip_address", in, sizeof(in)) ||
		    !xml_text(is, ie, "network_cidr", len, sizeof(len)))
			continue;
		/* The XML gives AWS's host address in the /30; keep the
		 * network, as TunnelInsideCidr does. */
		char cidr[sizeof(in) + sizeof(len) + 1];
		snprintf(cidr, sizeof(cidr), "%s/%s", in, len);
		if (ld_cidr(c, cidr, &x->inside_cidr, "CustomerGatewayConfiguration", v->obj.id)) {
			net_prefix_canonicalize(&x->inside_cidr.pfx);
			char buf[NET_PREFIX_STRLEN];
			x->inside_cidr.text =
				arena_strdup(c->arena, net_prefix_fmt(&x->inside_cidr.pfx, buf));
		}
	}
}

static int read_tunnels(struct ld_ctx *c, struct model_vpn *v, const cJSON *e)
{
	const char *id = v->obj.id;
	const cJSON *opts = ld_obj(c, e, "Options", id);
	const char *iv = ld_str(c, opts, "TunnelInsideIpVersion", id);
	v->inside_v6 = iv && strcasecmp(iv, "ipv6") == 0;
	const cJSON *tun = ld_arr(c, opts, "TunnelOptions", id);
	const cJSON *tel = ld_arr(c, e, "VgwTelemetry", id);
	/* read in place: the XML is several kB and only scanned once */
	const cJSON *xv = cJSON_GetObjectItemCaseSensitive(e, "CustomerGatewayConfiguration");
	const char *xml = cJSON_IsString(xv) ? xv->valuestring : NULL;
	int nt = cJSON_GetArraySize(tun), nl = cJSON_GetArraySize(tel);
	uint32_t cap = (uint32_t)nt + (uint32_t)nl + (xml ? VPN_XML_TUNNELS_MAX : 0);
	if (!cap)
		return 0;
	v->tunnels = arena_calloc(c->arena, cap, sizeof(*v->tunnels));
	if (!v->tunnels)
		return VS_ENOMEM;
	const cJSON *t;
	cJSON_ArrayForEach(t, tun)
	{
		if (v->n_tunnels == (uint32_t)nt)
			break;
		if (!ld_elem_obj(c, t, "TunnelOptions", NULL))
			continue;
		struct model_vpn_tunnel *x = &v->tunnels[v->n_tunnels++];
		ld_addr(c, ld_str(c, t, "OutsideIpAddress", id), &x->outside_ip, "OutsideIpAddress",
			id);
		ld_cidr(c, ld_str(c, t, "TunnelInsideCidr", id), &x->inside_cidr,
			"TunnelInsideCidr", id);
	}
	if (xml)
		read_tunnels_xml(c, v, xml, cap);
	/* Telemetry is per tunnel, matched by the AWS outside address; older
	 * output has telemetry but no TunnelOptions, which adds the tunnel. */
	cJSON_ArrayForEach(t, tel)
	{
		if (!ld_elem_obj(c, t, "VgwTelemetry", NULL))
			continue;
		struct net_addr ip;
		if (!ld_addr(c, ld_str(c, t, "OutsideIpAddress", id), &ip, "OutsideIpAddress", id))
			continue;
		struct model_vpn_tunnel *x = tunnel_for(v, &ip, cap);
		if (!x)
			continue;
		const char *st = ld_str(c, t, "Status", id);
		x->up = st && strcasecmp(st, "UP") == 0;
		x->reported = true;
		x->accepted_routes =
			(uint32_t)ld_int(c, t, "AcceptedRouteCount", 0, UINT32_MAX, 0, id);
	}
	return 0;
}

/* An element of a VPN connection's Routes. */
static int read_vpn_route(struct ld_ctx *c, const cJSON *r, void *elem, const void *arg)
{
	const char *id = arg;
	struct model_vpn_route *x = elem;
	const char *st = ld_str(c, r, "State", id);
	if (ld_state_gone(st))
		return 1;
	if (!ld_cidr(c, ld_str(c, r, "DestinationCidrBlock", id), &x->dst, "DestinationCidrBlock",
		     id))
		return 1;
	x->state = st;
	return 0;
}

static const struct ld_array vpn_routes = {"Routes", sizeof(struct model_vpn_route),
					   read_vpn_route};

static int read_vpn_routes(struct ld_ctx *c, struct model_vpn *v, const cJSON *e)
{
	int rc = 0;
	v->routes = ld_objs(c, ld_arr(c, e, "Routes", v->obj.id), &vpn_routes, NULL, v->obj.id,
			    &v->n_routes, &rc);
	return rc;
}

int ld_vpn(struct ld_ctx *c, void *obj, const char *id, const cJSON *e)
{
	struct model_vpn *v = obj;
	v->cgw_id = nz(ld_str(c, e, "CustomerGatewayId", id));
	v->vgw_id = nz(ld_str(c, e, "VpnGatewayId", id));
	v->tgw_id = nz(ld_str(c, e, "TransitGatewayId", id));
	v->static_only = ld_bool(c, ld_obj(c, e, "Options", id), "StaticRoutesOnly", false, id);
	int rc = read_tunnels(c, v, e);
	if (!rc)
		rc = read_vpn_routes(c, v, e);
	return rc;
}

/* ---- Direct Connect ---- */

/* A new Direct Connect entity (ld_push_obj) for element @e: its account
 * from ownerAccount; its Region from the field @region_key when not NULL
 * and present (a VIF names its own; a gateway is global); its name from
 * its own field @name_key (DX resources have one), else from its Name tag. */
static void *dx_push(struct ld_ctx *c, struct vec *v, enum model_kind kind, const char *id,
		     const cJSON *e, const char *region_key, const char *name_key)
{
	struct model_obj *obj = ld_push_obj(c, v, kind, id, dx_str(c, e, "ownerAccount", id), NULL);
	if (!obj)
		return NULL;
	const char *region = region_key ? dx_str(c, e, region_key, id) : NULL;
	if (region)
		obj->region = region;
	obj->name = dx_str(c, e, name_key, id);
	if (!obj->name)
		obj->name = ld_name_tag(c, e);
	return obj;
}

static int read_dxgw(struct ld_ctx *c, struct hmap *h, const cJSON *e)
{
	const char *id = dx_str_req(c, e, "directConnectGatewayId");
	if (!id)
		return 0;
	const char *state = dx_str(c, e, "directConnectGatewayState", id);
	if (ld_state_gone(state) || hmap_get_str(h, id))
		return 0;
	struct model_dxgw *g =
		dx_push(c, &c->dxgws, MODEL_DXGW, id, e, NULL, "directConnectGatewayName");
	if (!g)
		return VS_ENOMEM;
	g->state = state;
	g->asn = (uint32_t)dx_int(c, e, "amazonSideAsn", 1, UINT32_MAX, 64512, id);
	if (hmap_put_str(h, id, (void *)(uintptr_t)c->dxgws.n, NULL))
		return VS_ENOMEM;
	return 0;
}

int ld_dxgws(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_merged(c, arr, "directConnectGateways", &c->dxgws, read_dxgw);
}

static int read_dxgw_assoc(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	(void)arg;
	const char *dxgw = dx_str_req(c, e, "directConnectGatewayId");
	if (!dxgw)
		return 0;
	const char *res = dx_str(c, e, "associationId", dxgw);
	if (!res)
		res = dxgw;
	const char *state = dx_str(c, e, "associationState", res);
	if (state && (strcmp(state, "disassociated") == 0 || ld_state_gone(state)))
		return 0;
	struct model_dxgw_assoc as = {0};
	as.state = state;
	const cJSON *gw = dx_obj(c, e, "associatedGateway", res);
	if (gw) {
		as.gateway_id = dx_str(c, gw, "id", res);
		as.gateway_type = dx_str(c, gw, "type", res);
	}
	/* Older output names only the VGW (virtualGatewayId). */
	if (!as.gateway_id) {
		as.gateway_id = dx_str(c, e, "virtualGatewayId", res);
		if (as.gateway_id && !as.gateway_type)
			as.gateway_type = "virtualPrivateGateway";
	}
	if (!as.gateway_id) {
		ld_error(c, "SnapshotFormat", res,
			 "association of %s names no associatedGateway.id or "
			 "virtualGatewayId",
			 dxgw);
		return 0;
	}
	as.allowed = dx_cidrs(c, e, "allowedPrefixesToDirectConnectGateway", &as.n_allowed, res);
	return ld_vec_add(&c->dxgw_assocs,
			  &(struct ld_dxgw_assoc){.dxgw_id = dxgw, .assoc = as, .file = c->file});
}

int ld_dxgw_assocs(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "directConnectGatewayAssociations", NULL, read_dxgw_assoc, NULL);
}

static enum model_vif_type vif_type(struct ld_ctx *c, const char *s, const char *res)
{
	if (s && strcasecmp(s, "public") == 0)
		return VIF_PUBLIC;
	if (s && strcasecmp(s, "transit") == 0)
		return VIF_TRANSIT;
	if (s && strcasecmp(s, "private") != 0)
		ld_error(c, "SnapshotFormat", res,
			 "virtualInterfaceType %.64s is not private, public or transit", s);
	return VIF_PRIVATE;
}

/* An element of a VIF's bgpPeers. */
static int read_peer(struct ld_ctx *c, const cJSON *p, void *elem, const void *arg)
{
	const char *id = arg;
	struct model_bgp_peer *x = elem;
	const char *st = dx_str(c, p, "bgpPeerState", id);
	if (ld_state_gone(st))
		return 1;
	x->id = dx_str(c, p, "bgpPeerId", id);
	x->asn = dx_asn(c, p, id);
	x->af = dx_str(c, p, "addressFamily", id);
	x->state = st;
	const char *bs = dx_str(c, p, "bgpStatus", id);
	x->up = bs && strcasecmp(bs, "up") == 0;
	x->amazon_addr = dx_str(c, p, "amazonAddress", id);
	x->customer_addr = dx_str(c, p, "customerAddress", id);
	x->auth_key = dx_str(c, p, "authKey", id);
	return 0;
}

static const struct ld_array vif_peers = {"bgpPeers", sizeof(struct model_bgp_peer), read_peer};

static int read_peers(struct ld_ctx *c, struct model_vif *v, const cJSON *e)
{
	int rc = 0;
	v->peers = ld_objs(c, dx_arr(c, e, "bgpPeers", v->obj.id), &vif_peers, NULL, v->obj.id,
			   &v->n_peers, &rc);
	return rc;
}

static int read_vif(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	(void)arg;
	const char *id = dx_str_req(c, e, "virtualInterfaceId");
	if (!id)
		return 0;
	/* deleting/deleted/rejected: gone; "down" is kept (a VIF that
	 * exists but passes no traffic). */
	const char *state = dx_str(c, e, "virtualInterfaceState", id);
	if (ld_state_gone(state))
		return 0;
	struct model_vif *v =
		dx_push(c, &c->vifs, MODEL_VIF, id, e, "region", "virtualInterfaceName");
	if (!v)
		return VS_ENOMEM;
	v->type = vif_type(c, dx_str(c, e, "virtualInterfaceType", id), id);
	v->state = state;
	v->vlan = (uint32_t)dx_int(c, e, "vlan", 0, 4094, 0, id);
	v->asn = dx_asn(c, e, id);
	v->amazon_asn = (uint32_t)dx_int(c, e, "amazonSideAsn", 0, UINT32_MAX, 0, id);
	/* the MD5 key of the BGP session (describe-virtual-interfaces
	 * authKey; the first peer's when the VIF has none of its own) */
	v->auth_key = dx_str(c, e, "authKey", id);
	/* MTU 1500 unless jumbo frames were set (DX "MTUs for private
	 * virtual interfaces or transit virtual interfaces"). */
	v->mtu = (uint32_t)dx_int(c, e, "mtu", 68, 65535, 1500, id);
	v->connection_id = dx_str(c, e, "connectionId", id);
	v->vgw_id = dx_str(c, e, "virtualGatewayId", id);
	v->dxgw_id = dx_str(c, e, "directConnectGatewayId", id);
	v->amazon_addr = dx_str(c, e, "amazonAddress", id);
	v->customer_addr = dx_str(c, e, "customerAddress", id);
	v->af = dx_str(c, e, "addressFamily", id);
	v->sitelink = dx_bool(c, e, "siteLinkEnabled", false, id);
	v->route_filters = dx_cidrs(c, e, "routeFilterPrefixes", &v->n_route_filters, id);
	int rc = read_peers(c, v, e);
	if (rc)
		return rc;
	if (!v->auth_key && v->n_peers)
		v->auth_key = v->peers[0].auth_key;
	return 0;
}

int ld_vifs(struct ld_ctx *c, const cJSON *arr)
{
	return ld_each_obj(c, arr, "virtualInterfaces", NULL, read_vif, NULL);
}
