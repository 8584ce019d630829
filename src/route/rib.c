/*
 * DOC: effective routes -- candidates, selection, forwarding tables
 *
 * rib_build() runs in dependency order, each step reading only what the
 * previous ones installed:
 *
 *   1. sessions: which VIFs and VPN connections are up (state, BGP peers,
 *      tunnels, the per-session prefix quota);
 *   2. DX gateways: routes learned from sites over their VIFs, and the
 *      prefixes each VGW/TGW association stands for (allowed prefixes);
 *   3. VGWs: their VPCs, VPN static routes, BGP from sites over VPN and
 *      private VIFs (direct or through a DX gateway);
 *   4. VPC route tables: their routes plus VGW propagation (from step 3);
 *   5. TGW route tables: static/blackhole/prefix-list routes and the
 *      propagations of VPC, VPN and DX gateway attachments;
 *   6. sites: their CIDRs and what AWS advertises back over each VPN/VIF
 *      (VGW: its VPCs and CloudHub; TGW: the VPN attachment's route table;
 *      DX gateway: allowed prefixes, and SiteLink).
 *
 * Each step collects candidates, then finish() groups them by prefix, asks
 * bgp_select() for the verdicts and compiles the table's prefixes into one
 * longest-prefix-match table (net/lpm.h): a lookup is one LPM probe and no
 * allocation.  Every candidate prefix is in the LPM, so the prefixes that
 * contain an address are the best match's cover chain (rib_matches());
 * each prefix also records the nearest prefix on its chain with installed
 * routes, which is rib_lookup()'s answer.
 */
#include "vpcsim/rib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/names.h"
#include "base/vec.h"
#include "net/lpm.h"
#include "route/dx_quota.h"
#include "route/pfx_sort.h"
#include "vpcsim/error.h"
#include "vpcsim/vpc_route.h"

#define RIB_MAX_PREPEND 32

/* The candidates of one prefix: rib->routes[first .. first+n), the
 * installed ones first. */
struct rib_fib_grp {
	uint32_t first, n, n_inst;
	uint32_t inst; /* the group rib_lookup() answers with: this one, or the
			* longest cover with installed routes; NET_LPM_NONE */
};

struct rib_fib {
	struct net_lpm *lpm; /* every candidate prefix -> its group */
	struct rib_fib_grp *grps;
	uint32_t n_grps;
};

struct rib_scratch {
	void *p;
	size_t cap;
};

struct rib_set {
	const struct model *m;
	struct arena *arena;
	struct rib *vpc_rtb, *tgw_rtb, *vgw, *dxgw, *site; /* parallel to the model's arrays */
	struct rib *by_kind[MODEL_KIND_COUNT]; /* those five by their kind; NULL for the rest */
	struct rib *dxgw_aws; /* per DX gateway: its associations' prefixes, towards AWS */
	struct model_route **vpc_prop;
	uint32_t *n_vpc_prop;
	const char **vif_down;
	bool *vpn_down;
	bool **adv_replaced; /* per site, per advertisement: a later one replaces it */
	struct rib_opts opts;
	/* rib_build() only: the candidate buffer and finish()'s scratch, kept
	 * from one table to the next and freed when the build ends */
	struct vec cands;
	const uint32_t *last_path; /* path_prepend()'s last, in the arena */
	uint32_t last_path_len;
	struct rib_scratch scr_keys, scr_tmp, scr_drop, scr_sel, scr_fin, scr_le, scr_grp;
};

/* ---------------------------------------------------------------- helpers */

static const struct net_prefix *cidr_pfx(const struct model_cidr *c)
{
	return &c->pfx;
}

static struct rib_route *cand_add(struct vec *v, const struct net_prefix *p, enum bgp_origin o,
				  enum rib_nh k, const struct model_obj *nh)
{
	if (!net_prefix_valid(p))
		return (struct rib_route *)NULL;
	struct rib_route *r = vec_push(v);
	if (!r)
		return NULL;
	r->attr.pfx = *p;
	net_prefix_canonicalize(&r->attr.pfx);
	r->attr.origin = o;
	r->attr.local_pref = BGP_LOCAL_PREF_DEFAULT;
	r->nh_kind = k;
	r->nh = nh;
	r->attr.key = nh ? nh->id : NULL;
	return r;
}

/* AS_PATH @asn followed by @tail (may be empty), in @s's arena.  A table
 * re-advertised to a site holds many routes with one path (a peer's full
 * table has few distinct ones): a path equal to the last one made is that
 * one again, not a copy per route. */
static const uint32_t *path_prepend(struct rib_set *s, uint32_t asn, const uint32_t *tail,
				    uint32_t nt, uint32_t *n)
{
	*n = 1 + nt;
	const uint32_t *l = s->last_path;
	if (l && s->last_path_len == *n && l[0] == asn &&
	    (!nt || memcmp(l + 1, tail, nt * sizeof(*l)) == 0))
		return l;
	uint32_t *p = arena_alloc(s->arena, *n * sizeof(*p));
	if (!p) {
		*n = 0;
		return NULL;
	}
	p[0] = asn;
	if (nt)
		memcpy(p + 1, tail, nt * sizeof(*p));
	s->last_path = p;
	s->last_path_len = *n;
	return p;
}

static inline bool path_holds(const uint32_t *path, uint32_t n, uint32_t asn)
{
	for (uint32_t i = 0; i < n; i++)
		if (path[i] == asn)
			return true;
	return false;
}

static bool path_has(const struct bgp_route *r, uint32_t asn)
{
	return path_holds(r->as_path, r->as_path_len, asn);
}

/* What a gateway does with a route whose AS_PATH holds its own ASN. */
static const char loop_why[] = "its AS_PATH holds this gateway's ASN: a loop, not used (RFC 4271 "
			       "9.1.2)";

static void drop_loop(struct rib_route *r, uint32_t asn)
{
	if (!r->down && path_has(&r->attr, asn)) {
		r->down = true;
		r->down_why = loop_why;
	}
}

/* CreateVpnGateway, CreateTransitGateway, CreateDirectConnectGateway:
 * amazonSideAsn defaults to 64512. */
static uint32_t asn_or_default(uint32_t asn)
{
	return asn ? asn : 64512;
}

uint32_t rib_link_asn(const struct model_obj *via)
{
	uint32_t asn = 0;
	if (via && via->kind == MODEL_VIF) {
		const struct model_vif *v = MODEL_AS(const struct model_vif, via);
		asn = v->dxgw && v->dxgw->asn ? v->dxgw->asn :
		      v->amazon_asn           ? v->amazon_asn :
		      v->vgw                  ? v->vgw->asn :
						0;
	} else if (via && via->kind == MODEL_VPN) {
		const struct model_vpn *v = MODEL_AS(const struct model_vpn, via);
		const struct model_tgw *t = v->tgw ? v->tgw : v->tgw_att ? v->tgw_att->tgw : NULL;
		asn = v->vgw ? v->vgw->asn : t ? t->asn : 0;
	} else
		return 0;
	return asn_or_default(asn);
}

static bool obj_is(const struct model_obj *o, const void *x)
{
	return o && (const void *)o == x;
}

/* ------------------------------------------------------------- finishing */

/* Table order within a prefix: installed first, then not down, verdict,
 * key, input order. */
struct cand_fin {
	uint32_t rank; /* !installed << 9 | down << 8 | verdict */
	uint32_t idx;
	const char *key;
};

static int key_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : (b ? -1 : 0);
	return strcmp(a, b);
}

static int cand_fin_cmp(const void *x, const void *y)
{
	const struct cand_fin *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	int c = key_cmp(a->key, b->key);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void cand_fin_sort(struct cand_fin *f, uint32_t n)
{
	if (n > 16) {
		qsort(f, n, sizeof(*f), cand_fin_cmp);
		return;
	}
	for (uint32_t i = 1; i < n; i++) {
		struct cand_fin x = f[i];
		uint32_t j = i;
		for (; j > 0 && cand_fin_cmp(&x, &f[j - 1]) < 0; j--)
			f[j] = f[j - 1];
		f[j] = x;
	}
}

/* Scratch space reused by every table of one rib_build(). */
static void *scratch(struct rib_scratch *sc, size_t bytes)
{
	if (bytes > sc->cap) {
		free(sc->p);
		sc->cap = bytes > 2 * sc->cap ? bytes : 2 * sc->cap;
		sc->p = malloc(sc->cap);
		if (!sc->p)
			sc->cap = 0;
	}
	return sc->p;
}

/* A builder's candidate vector: the buffer the previous table left. */
static void cand_vec(struct rib_set *s, struct vec *v)
{
	*v = s->cands;
	v->n = 0;
	vec_init(&s->cands, sizeof(struct rib_route));
}

/* A route AWS reported in the snapshot that a computed route repeats (same
 * prefix, same next hop) adds nothing: keep the computed one, which carries
 * the attributes. */
static void drop_observed_twins(const struct rib_route *in, const struct pfx_key *k, uint32_t lo,
				uint32_t hi, uint8_t *drop)
{
	for (uint32_t i = lo; i < hi; i++) {
		const struct rib_route *x = &in[k[i].idx];
		if (!x->observed)
			continue;
		for (uint32_t j = lo; j < hi; j++) {
			const struct rib_route *y = &in[k[j].idx];
			if (j != i && !y->observed && !drop[j] && y->nh == x->nh &&
			    y->nh_kind == x->nh_kind) {
				drop[i] = 1;
				break;
			}
		}
	}
}

/* The lookup of a table whose @n prefix groups @g (in table order) and
 * their LPM entries @le are built. */
static int fib_build(struct arena *ar, struct rib *r, struct net_lpm_entry *le,
		     struct rib_fib_grp *g, uint32_t n)
{
	struct rib_fib *f = arena_calloc(ar, 1, sizeof(*f));
	if (!f)
		return VS_ENOMEM;
	int err = net_lpm_build(le, n, &f->lpm);
	if (!err) {
		f->grps = n ? arena_memdup(ar, g, n * sizeof(*g)) : arena_calloc(ar, 1, sizeof(*g));
		f->n_grps = n;
		err = f->grps ? 0 : VS_ENOMEM;
	}
	if (err) {
		net_lpm_free(f->lpm);
		return err;
	}
	/* The routes are sorted by family, address, then length, so a cover
	 * comes before the prefixes it contains. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t c = net_lpm_cover(f->lpm, i);
		f->grps[i].inst = f->grps[i].n_inst ? i :
				  c == NET_LPM_NONE ? NET_LPM_NONE :
						      f->grps[c].inst;
	}
	r->fib = f;
	return 0;
}

/* Verdicts for every prefix group of @v, then the table and its lookup.
 * @v's buffer goes back to @s for the next table. */
static int finish(struct rib_set *s, struct rib *r, const struct model_obj *owner,
		  enum bgp_policy pol, const struct bgp_opts *bo, struct vec *v)
{
	uint32_t n = v->n;
	struct rib_route *in = v->items;
	r->owner = owner;
	r->policy = pol;
	size_t n1 = n ? n : 1;
	struct pfx_key *k = scratch(&s->scr_keys, n1 * sizeof(*k));
	struct pfx_key *tmp = scratch(&s->scr_tmp, n1 * sizeof(*tmp));
	uint8_t *drop = scratch(&s->scr_drop, n1);
	int err = 0;
	if (!k || !tmp || !drop) {
		err = VS_ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < n; i++)
		k[i] = pfx_key_of(0, &in[i].attr.pfx, i);
	pfx_keys_sort(k, tmp, n);
	memset(drop, 0, n1);
	/* Verdicts, group by group; the groups' bounds go to @bound (tmp's
	 * space, free once sorted) for the second pass. */
	uint32_t *bound = (uint32_t *)(void *)tmp, n_grp = 0;
	uint32_t kept = 0;
	for (uint32_t lo = 0; lo < n;) {
		uint32_t hi = lo + 1;
		while (hi < n && pfx_key_same(&k[hi], &k[lo]))
			hi++;
		bound[n_grp++] = lo;
		if (hi - lo > 1)
			drop_observed_twins(in, k, lo, hi, drop);
		struct bgp_route *sel =
			scratch(&s->scr_sel, (hi - lo) * (sizeof(*sel) + sizeof(enum bgp_reason) +
							  sizeof(uint32_t)));
		if (!sel) {
			err = VS_ENOMEM;
			goto out;
		}
		enum bgp_reason *why = (enum bgp_reason *)(void *)(sel + (hi - lo));
		uint32_t *map = (uint32_t *)(void *)(why + (hi - lo));
		uint32_t m = 0;
		for (uint32_t i = lo; i < hi; i++) {
			if (drop[i])
				continue;
			kept++;
			struct rib_route *x = &in[k[i].idx];
			if (x->down) {
				x->why = BGP_LOST_TIEBREAK;
				continue;
			}
			if (x->why == BGP_LOST_LOCAL_ROUTE)
				continue; /* decided before selection */
			sel[m] = x->attr;
			map[m++] = k[i].idx;
		}
		if (m) {
			int w = bgp_select(pol, sel, m, bo, why);
			if (w < 0) {
				err = VS_EINVAL;
				goto out;
			}
			for (uint32_t i = 0; i < m; i++)
				in[map[i]].why = why[i];
		}
		lo = hi;
	}
	bound[n_grp] = n;
	r->routes = arena_alloc_raw(s->arena, (kept ? kept : 1) * sizeof(*r->routes));
	struct net_lpm_entry *le = scratch(&s->scr_le, (n_grp ? n_grp : 1) * sizeof(*le));
	struct rib_fib_grp *g = scratch(&s->scr_grp, (n_grp ? n_grp : 1) * sizeof(*g));
	if (!r->routes || !le || !g) {
		err = VS_ENOMEM;
		goto out;
	}
	/* Table order: the groups as sorted, each in its final order. */
	uint32_t w = 0, ng = 0;
	for (uint32_t gi = 0; gi < n_grp; gi++) {
		uint32_t lo = bound[gi], hi = bound[gi + 1];
		uint32_t first = w;
		if (hi - lo == 1) {
			if (!drop[lo])
				r->routes[w++] = in[k[lo].idx];
		} else {
			struct cand_fin *f = scratch(&s->scr_fin, (hi - lo) * sizeof(*f));
			if (!f) {
				err = VS_ENOMEM;
				goto out;
			}
			uint32_t m = 0;
			for (uint32_t i = lo; i < hi; i++) {
				if (drop[i])
					continue;
				const struct rib_route *x = &in[k[i].idx];
				f[m++] = (struct cand_fin){
					.rank = (uint32_t)!rib_installed(x) << 9 |
						(uint32_t)x->down << 8 | (uint32_t)x->why,
					.idx = k[i].idx,
					.key = x->attr.key};
			}
			cand_fin_sort(f, m);
			for (uint32_t i = 0; i < m; i++)
				r->routes[w++] = in[f[i].idx];
		}
		if (w == first)
			continue; /* every candidate of the prefix dropped (never: one stays) */
		uint32_t ni = first;
		while (ni < w && rib_installed(&r->routes[ni]))
			ni++;
		le[ng] = (struct net_lpm_entry){.pfx = r->routes[first].attr.pfx, .value = ng};
		g[ng++] =
			(struct rib_fib_grp){.first = first, .n = w - first, .n_inst = ni - first};
	}
	r->n_routes = w;
	err = fib_build(s->arena, r, le, g, ng);
out:
	/* the buffer serves the next table */
	vec_release(&s->cands);
	s->cands = *v;
	s->cands.n = 0;
	vec_init(v, sizeof(struct rib_route));
	return err;
}

/* -------------------------------------------------------------- sessions */

static bool vif_state_up(const char *st)
{
	return !st || strcmp(st, "available") == 0 || strcmp(st, "up") == 0;
}

static bool forced_down(const struct rib_set *s, const char *id)
{
	for (uint32_t i = 0; id && i < s->opts.n_down; i++)
		if (s->opts.down_ids[i] && !strcmp(s->opts.down_ids[i], id))
			return true;
	return false;
}

static int sessions(struct rib_set *s)
{
	const struct model *m = s->m;
	s->vif_down = arena_calloc(s->arena, m->n_vifs ? m->n_vifs : 1, sizeof(*s->vif_down));
	s->vpn_down = arena_calloc(s->arena, m->n_vpns ? m->n_vpns : 1, sizeof(*s->vpn_down));
	struct route_dx_count *cnt = calloc(m->n_vifs ? m->n_vifs : 1, sizeof(*cnt));
	if (!s->vif_down || !s->vpn_down || !cnt || route_dx_prefix_counts(m, cnt) != 0) {
		free(cnt);
		return VS_ENOMEM;
	}
	for (uint32_t i = 0; i < m->n_vifs; i++) {
		const struct model_vif *v = &m->vifs[i];
		if (forced_down(s, v->obj.id)) {
			s->vif_down[i] = "taken down (--down)";
			continue;
		}
		if (!vif_state_up(v->state)) {
			s->vif_down[i] = "virtual interface not available";
			continue;
		}
		bool any = v->n_peers == 0;
		for (uint32_t p = 0; p < v->n_peers; p++)
			any |= v->peers[p].up;
		if (!any) {
			s->vif_down[i] = "BGP session down";
			continue;
		}
		/* Over the per-session quota AWS takes the session down
		 * (route/dx_quota.h: distinct prefixes per family). */
		uint32_t n4 = cnt[i].v4, n6 = cnt[i].v6;
		uint32_t lim = route_dx_prefix_limit(v, s->opts.dx_prefix_limit);
		if (n4 > lim || n6 > lim) {
			char *msg = arena_alloc(s->arena, 96);
			if (!msg) {
				free(cnt);
				return VS_ENOMEM;
			}
			snprintf(msg, 96,
				 "%u IPv%d prefixes exceed the %u-prefix quota: session down",
				 n4 > lim ? n4 : n6, n4 > lim ? 4 : 6, lim);
			s->vif_down[i] = msg;
		}
	}
	free(cnt);
	for (uint32_t i = 0; i < m->n_vpns; i++) {
		const struct model_vpn *v = &m->vpns[i];
		bool reported = false, up = false;
		for (uint32_t t = 0; t < v->n_tunnels; t++) {
			reported |= v->tunnels[t].reported;
			up |= v->tunnels[t].up;
		}
		s->vpn_down[i] = (v->state && strcmp(v->state, "available") != 0 &&
				  strcmp(v->state, "pending") != 0) ||
				 (reported && !up) || forced_down(s, v->obj.id);
	}
	return 0;
}

static const char *vif_down_of(const struct rib_set *s, const struct model_obj *o)
{
	uint32_t i;
	if (!model_index_of(s->m, MODEL_VIF, o, &i))
		return "unknown virtual interface";
	return s->vif_down[i];
}

static bool vpn_down_of(const struct rib_set *s, const struct model_obj *o)
{
	return rib_vpn_down(s, MODEL_AS(const struct model_vpn, o));
}

static bool af_is_v6(const char *af)
{
	return af && strcasecmp(af, "ipv6") == 0;
}

/*
 * Whether a VIF carries prefixes of a family (NET_AF_INET, NET_AF_INET6),
 * and vif_family_why() says why not (NULL: it does).  "Multi-protocol BGP is not supported. IPv4 and
 * IPv6 operate in dual-stack mode for the virtual interface"
 * (add-peer-to-vif.html); "You must create a BGP peer for the
 * corresponding address family (IPv4/IPv6) in order to access AWS
 * resources that also use that address family" (CreateBGPPeer): a family
 * goes over the VIF's BGP peer of that family only.  A VIF described
 * without bgpPeers carries its addressFamily, or both when that is absent.
 */
enum vif_family {
	VIF_FAMILY_UP,   /* a BGP peer of the family, up */
	VIF_FAMILY_DOWN, /* a BGP peer of the family, its session down */
	VIF_FAMILY_NONE, /* no BGP peer of the family */
};

static enum vif_family vif_family_of(const struct model_vif *v, uint8_t af)
{
	bool v6 = af == NET_AF_INET6;
	if (v->n_peers == 0)
		return v->af && af_is_v6(v->af) != v6 ? VIF_FAMILY_NONE : VIF_FAMILY_UP;
	enum vif_family st = VIF_FAMILY_NONE;
	for (uint32_t p = 0; p < v->n_peers; p++)
		if (af_is_v6(v->peers[p].af) == v6)
			st = v->peers[p].up      ? VIF_FAMILY_UP :
			     st == VIF_FAMILY_UP ? VIF_FAMILY_UP :
						   VIF_FAMILY_DOWN;
	return st;
}

static const char *vif_family_why(const struct model_vif *v, uint8_t af)
{
	bool v6 = af == NET_AF_INET6;
	switch (vif_family_of(v, af)) {
	case VIF_FAMILY_UP:
		return NULL;
	case VIF_FAMILY_DOWN:
		return v6 ? "IPv6 BGP session down" : "IPv4 BGP session down";
	case VIF_FAMILY_NONE:
		break;
	}
	return v6 ? "no IPv6 BGP peer on the virtual interface (multi-protocol BGP is not "
		    "supported: add-peer-to-vif.html)" :
		    "no IPv4 BGP peer on the virtual interface (multi-protocol BGP is not "
		    "supported: add-peer-to-vif.html)";
}

/* Has VIF @v a BGP peer of family @af at all (up or not)? */
static bool vif_has_family(const struct model_vif *v, uint8_t af)
{
	return vif_family_of(v, af) != VIF_FAMILY_NONE;
}

/* The site advertisement @ad as a candidate learned over its via, where
 * AWS's end speaks as AS @asn. */
static struct rib_route *adv_add(struct rib_set *s, struct vec *v, const struct model_site *site,
				 const struct model_site_adv *ad, uint32_t asn, enum bgp_origin o,
				 enum rib_nh k, const struct model_obj *nh)
{
	struct rib_route *r = cand_add(v, cidr_pfx(&ad->prefix), o, k, nh);
	if (!r)
		return NULL;
	uint32_t reps =
		1 + (ad->as_path_prepend < RIB_MAX_PREPEND ? ad->as_path_prepend : RIB_MAX_PREPEND);
	uint32_t *p = ad->as_path ? NULL : arena_alloc(s->arena, reps * sizeof(*p));
	if (ad->as_path) {
		/* learned live: the path as the peer sent it (vpcsim bgp) */
		r->attr.as_path = ad->as_path_len ? ad->as_path : NULL;
		r->attr.as_path_len = ad->as_path_len;
	} else if (p) {
		for (uint32_t i = 0; i < reps; i++)
			p[i] = site->asn;
		r->attr.as_path = p;
		r->attr.as_path_len = reps;
	}
	/* how-transit-gateways-work.html: a VPN route without MED counts as
	 * MED 100 on a transit gateway (DX: 0) */
	r->attr.med = ad->has_med ? ad->med :
				    (o == BGP_ORIGIN_VPN_BGP && k == RIB_NH_TGW_ATT ? 100 : 0);
	if (o == BGP_ORIGIN_DX)
		r->attr.local_pref = bgp_dx_local_pref(ad->communities, ad->n_communities);
	r->via = ad->via;
	r->site = site;
	r->from = site->obj.id;
	if (ad->via->kind == MODEL_VIF) {
		const char *why = vif_down_of(s, ad->via);
		if (!why)
			why = vif_family_why(MODEL_AS(const struct model_vif, ad->via),
					     r->attr.pfx.addr.af);
		r->down = why != NULL;
		r->down_why = why;
	} else if (vpn_down_of(s, ad->via)) {
		r->down = true;
		r->down_why = "VPN connection down";
	}
	if (ad->as_loop && !r->down) {
		r->down = true;
		r->down_why = loop_why;
	}
	drop_loop(r, asn);
	return r;
}

/*
 * A site that announces one prefix twice over one session holds one route:
 * the later announcement replaces the earlier (RFC 4271 3.1, implicit
 * withdraw).  Marks every advertisement a later one of the same site, over
 * the same VPN or VIF, for the same canonical prefix replaces.
 */
static int adv_replacements(struct rib_set *s)
{
	const struct model *m = s->m;
	uint32_t most = 0;
	s->adv_replaced = arena_calloc(s->arena, m->n_sites ? m->n_sites : 1, sizeof(bool *));
	if (!s->adv_replaced)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_sites; i++) {
		most = m->sites[i].n_adv > most ? m->sites[i].n_adv : most;
		s->adv_replaced[i] = arena_calloc(
			s->arena, m->sites[i].n_adv ? m->sites[i].n_adv : 1, sizeof(bool));
		if (!s->adv_replaced[i])
			return VS_ENOMEM;
	}
	if (most < 2)
		return 0;
	/* per site: its announcements by link (any order of links will do),
	 * prefix, then position */
	struct pfx_key *k = malloc(2 * (size_t)most * sizeof(*k));
	if (!k)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_sites; i++) {
		const struct model_site *site = &m->sites[i];
		for (uint32_t a = 0; a < site->n_adv; a++) {
			struct net_prefix p = site->adv[a].prefix.pfx;
			net_prefix_canonicalize(&p);
			k[a] = pfx_key_of((uint64_t)(uintptr_t)site->adv[a].via, &p, a);
		}
		pfx_keys_sort(k, k + most, site->n_adv);
		for (uint32_t a = 0; a + 1 < site->n_adv; a++)
			if (pfx_key_same(&k[a], &k[a + 1]))
				s->adv_replaced[i][k[a].idx] = true;
	}
	free(k);
	return 0;
}

/* Every site advertisement made over @via, added with next hop @nh. */
static int advs_over(struct rib_set *s, struct vec *v, const struct model_obj *via,
		     enum bgp_origin o, enum rib_nh k, const struct model_obj *nh)
{
	const struct model *m = s->m;
	uint32_t asn = rib_link_asn(via);
	for (uint32_t i = 0; i < m->n_sites; i++)
		for (uint32_t a = 0; a < m->sites[i].n_adv; a++) {
			const struct model_site_adv *ad = &m->sites[i].adv[a];
			if (ad->via != via || s->adv_replaced[i][a])
				continue;
			if (!adv_add(s, v, &m->sites[i], ad, asn, o, k, nh) &&
			    net_prefix_valid(&ad->prefix.pfx))
				return VS_ENOMEM;
		}
	return 0;
}

static int vpc_cidrs(struct vec *v, const struct model_vpc *vpc, bool v6, enum bgp_origin o,
		     enum rib_nh k, const struct model_obj *nh)
{
	uint32_t n = vpc->n_cidrs + (v6 ? vpc->n_cidrs6 : 0);
	for (uint32_t c = 0; c < n; c++) {
		const struct model_cidr *mc = c < vpc->n_cidrs ? &vpc->cidrs[c] :
								 &vpc->cidrs6[c - vpc->n_cidrs];
		struct rib_route *r = cand_add(v, &mc->pfx, o, k, nh);
		if (!r) {
			if (net_prefix_valid(&mc->pfx))
				return VS_ENOMEM;
			continue;
		}
		r->from = vpc->obj.id;
	}
	return 0;
}

/* ------------------------------------------------------------ DX gateways */

static bool assoc_live(const struct model_dxgw_assoc *as)
{
	return !as->state || strcmp(as->state, "associated") == 0 ||
	       strcmp(as->state, "associating") == 0 || strcmp(as->state, "updating") == 0;
}

/* The prefixes an association stands for: its allowed prefixes, or for a
 * VGW without any, the CIDRs of the VGW's VPCs (AWS's default). */
static int assoc_prefixes(struct vec *v, const struct model_dxgw_assoc *as, enum bgp_origin o,
			  const struct model_obj *nh_override)
{
	const struct model_obj *g = as->gateway;
	if (!g)
		return 0;
	enum rib_nh k = g->kind == MODEL_TGW ? RIB_NH_TGW : RIB_NH_VGW;
	const struct model_obj *nh = nh_override ? nh_override : g;
	/* A transit gateway association advertises its allowed prefixes
	 * themselves; for a virtual private gateway they only filter the VPC
	 * CIDRs (allowed-to-prefixes.html, below). */
	if (as->n_allowed && g->kind != MODEL_VGW) {
		for (uint32_t i = 0; i < as->n_allowed; i++) {
			struct rib_route *r = cand_add(v, &as->allowed[i].pfx, o, k, nh);
			if (!r && net_prefix_valid(&as->allowed[i].pfx))
				return VS_ENOMEM;
			if (r)
				r->from = "allowed prefix";
		}
		return 0;
	}
	if (g->kind != MODEL_VGW)
		return 0;
	const struct model_vgw *vg = MODEL_AS(const struct model_vgw, g);
	for (uint32_t i = 0; i < vg->n_vpcs; i++) {
		const struct model_vpc *vpc = vg->vpcs[i];
		if (!vpc)
			continue;
		if (!as->n_allowed) {
			int err = vpc_cidrs(v, vpc, true, o, k, nh);
			if (err)
				return err;
			continue;
		}
		/* "The allowed list only functions as a filter, and only the
		 * associated VPC CIDR will be advertised": a VPC CIDR goes out
		 * when an allowed prefix is the same or wider, else nothing
		 * (Direct Connect User Guide, allowed-to-prefixes.html). */
		for (uint32_t c = 0; c < vpc->n_cidrs + vpc->n_cidrs6; c++) {
			const struct model_cidr *mc =
				c < vpc->n_cidrs ? &vpc->cidrs[c] : &vpc->cidrs6[c - vpc->n_cidrs];
			bool allowed = false;
			for (uint32_t a = 0; a < as->n_allowed && !allowed; a++)
				allowed = net_prefix_covers(&as->allowed[a].pfx, &mc->pfx);
			if (!allowed)
				continue;
			struct rib_route *r = cand_add(v, &mc->pfx, o, k, nh);
			if (!r && net_prefix_valid(&mc->pfx))
				return VS_ENOMEM;
			if (r)
				r->from = vpc->obj.id;
		}
	}
	return 0;
}

static int build_dxgw(struct rib_set *s, uint32_t i)
{
	const struct model *m = s->m;
	const struct model_dxgw *g = &m->dxgws[i];
	struct vec v;
	cand_vec(s, &v);
	int err = 0;
	for (uint32_t k = 0; k < m->n_vifs && !err; k++)
		if (m->vifs[k].dxgw == g)
			err = advs_over(s, &v, &m->vifs[k].obj, BGP_ORIGIN_DX, RIB_NH_VIF,
					&m->vifs[k].obj);
	if (!err)
		err = finish(s, &s->dxgw[i], &g->obj, BGP_POLICY_DXGW, NULL, &v);
	s->dxgw[i].label = "learned from sites, towards the VIFs";
	/* The other direction is a table of its own: the allowed prefixes
	 * never compete with what sites advertise. */
	struct vec w;
	cand_vec(s, &w);
	for (uint32_t a = 0; a < g->n_assocs && !err; a++)
		if (assoc_live(&g->assocs[a]))
			err = assoc_prefixes(&w, &g->assocs[a], BGP_ORIGIN_LOCAL, NULL);
	if (!err)
		err = finish(s, &s->dxgw_aws[i], &g->obj, BGP_POLICY_DXGW, NULL, &w);
	else
		vec_release(&w);
	s->dxgw_aws[i].label = "allowed prefixes, towards the associated gateways";
	vec_release(&v);
	return err;
}

/* What DX gateway @g passes on to an associated gateway of ASN @asn: its
 * best path per prefix learned over VIFs of @type (private VIFs serve VGWs,
 * transit VIFs TGWs), with next hop @nh; one whose AS_PATH holds @asn is
 * not used (why the DX gateway and a transit gateway associated with it
 * must have different ASNs, create-transit-vif-for-gateway.html). */
static int dxgw_best(struct rib_set *s, struct vec *v, const struct model_dxgw *g,
		     enum model_vif_type type, uint32_t asn, enum rib_nh k,
		     const struct model_obj *nh)
{
	const struct rib *d = &s->dxgw[g - s->m->dxgws];
	for (uint32_t i = 0; i < d->n_routes; i++) {
		const struct rib_route *x = &d->routes[i];
		if (x->nh_kind != RIB_NH_VIF || !x->via || x->down || x->why != BGP_BEST ||
		    MODEL_AS(const struct model_vif, x->via)->type != type)
			continue;
		struct rib_route *r = vec_push(v);
		if (!r)
			return VS_ENOMEM;
		*r = *x;
		r->nh_kind = k;
		r->nh = nh;
		r->attr.key = nh->id;
		r->why = BGP_BEST;
		drop_loop(r, asn);
	}
	return 0;
}

/* ------------------------------------------------------------------ VGWs */

static int vpn_statics(struct rib_set *s, struct vec *v, const struct model_vpn *vpn,
		       enum bgp_origin o, enum rib_nh k, const struct model_obj *nh)
{
	bool down = vpn_down_of(s, &vpn->obj);
	for (uint32_t r = 0; r < vpn->n_routes; r++) {
		const struct model_vpn_route *vr = &vpn->routes[r];
		if (vr->state && strcmp(vr->state, "available") != 0 &&
		    strcmp(vr->state, "pending") != 0)
			continue;
		struct rib_route *x = cand_add(v, &vr->dst.pfx, o, k, nh);
		if (!x) {
			if (net_prefix_valid(&vr->dst.pfx))
				return VS_ENOMEM;
			continue;
		}
		x->via = &vpn->obj;
		x->from = "static";
		x->down = down;
		x->down_why = down ? "VPN connection down" : NULL;
	}
	return 0;
}

/*
 * "A virtual private gateway does not support IPv6 for Site-to-Site VPN
 * connections. If you need IPv6 support, use a transit gateway or Cloud
 * WAN for your VPN connection" (Site-to-Site VPN User Guide,
 * how_it_works.html; vpn-route-priority.html: "A virtual private gateway
 * does not support IPv6 traffic").  An IPv6 prefix a VGW's VPN connection
 * would carry (a site's announcement, a static route) stays a candidate,
 * down, so that `routes --all` says why it is not used.  IPv6 over a
 * private VIF to the VGW is Direct Connect's and stays.
 */
static const char vgw_vpn_v6_why[] = "a virtual private gateway carries no IPv6 over a "
				     "Site-to-Site VPN (how_it_works.html)";

static bool vgw_vpn_carries(const struct net_prefix *p)
{
	return p->addr.af != NET_AF_INET6;
}

/* Does AWS send a route for @p to a site over @via?  Not IPv6 over a VGW's
 * VPN connection; over a VIF only the families it has a BGP peer of (a
 * session that is down makes the route down: build_site()). */
static bool link_carries(const struct model_obj *via, const struct net_prefix *p)
{
	if (via->kind == MODEL_VIF)
		return vif_has_family(MODEL_AS(const struct model_vif, via), p->addr.af);
	const struct model_vpn *vpn = MODEL_AS(const struct model_vpn, via);
	return via->kind != MODEL_VPN || !vpn->vgw || vgw_vpn_carries(p);
}

/* Candidates @from .. v->n of a VPN connection on a VGW. */
static void vgw_vpn_v6_down(struct vec *v, uint32_t from)
{
	for (uint32_t k = from; k < v->n; k++) {
		struct rib_route *r = VEC_AT(v, struct rib_route, k);
		if (vgw_vpn_carries(&r->attr.pfx))
			continue;
		r->down = true;
		r->down_why = vgw_vpn_v6_why;
	}
}

static int build_vgw(struct rib_set *s, uint32_t i)
{
	const struct model *m = s->m;
	const struct model_vgw *g = &m->vgws[i];
	struct vec v;
	cand_vec(s, &v);
	int err = 0;
	for (uint32_t k = 0; k < g->n_vpcs && !err; k++)
		if (g->vpcs[k])
			err = vpc_cidrs(&v, g->vpcs[k], true, BGP_ORIGIN_LOCAL, RIB_NH_LOCAL,
					&g->vpcs[k]->obj);
	for (uint32_t k = 0; k < m->n_vpns && !err; k++) {
		const struct model_vpn *vpn = &m->vpns[k];
		if (vpn->vgw != g)
			continue;
		uint32_t first = v.n;
		err = vpn_statics(s, &v, vpn, BGP_ORIGIN_VPN_STATIC, RIB_NH_VPN, &vpn->obj);
		if (!err && !vpn->static_only)
			err = advs_over(s, &v, &vpn->obj, BGP_ORIGIN_VPN_BGP, RIB_NH_VPN,
					&vpn->obj);
		if (!err)
			vgw_vpn_v6_down(&v, first);
	}
	for (uint32_t k = 0; k < m->n_vifs && !err; k++)
		if (m->vifs[k].vgw == g && m->vifs[k].type == VIF_PRIVATE)
			err = advs_over(s, &v, &m->vifs[k].obj, BGP_ORIGIN_DX, RIB_NH_VIF,
					&m->vifs[k].obj);
	/* Private VIFs on a DX gateway associated with this VGW. */
	for (uint32_t d = 0; d < m->n_dxgws && !err; d++) {
		const struct model_dxgw *dx = &m->dxgws[d];
		bool assoc = false;
		for (uint32_t a = 0; a < dx->n_assocs; a++)
			assoc |= obj_is(dx->assocs[a].gateway, g) && assoc_live(&dx->assocs[a]);
		if (!assoc)
			continue;
		err = dxgw_best(s, &v, dx, VIF_PRIVATE, asn_or_default(g->asn), RIB_NH_DXGW,
				&dx->obj);
	}
	if (err) {
		vec_release(&v);
		return err;
	}
	return finish(s, &s->vgw[i], &g->obj, BGP_POLICY_VGW, NULL, &v);
}

/* ------------------------------------------------------ VPC route tables */

static const struct rib *vgw_rib(const struct rib_set *s, const struct model_vgw *g)
{
	uint32_t i;
	return model_index_of(s->m, MODEL_VGW, g, &i) ? &s->vgw[i] : NULL;
}

/*
 * The VGW @g of a table's PropagatingVgws, when it propagates into a table
 * of @vpc: "If you've attached a virtual private gateway to your VPC and
 * enabled route propagation on your subnet route table, routes
 * representing your Site-to-Site VPN connection automatically appear as
 * propagated routes" (VPC User Guide, route-tables-priority.html).  A VGW
 * detached from the VPC (or attached to another) propagates nothing, even
 * if the table still names it.
 */
static const struct rib *vgw_propagating(const struct rib_set *s, const struct model_vgw *g,
					 const struct model_vpc *vpc)
{
	for (uint32_t i = 0; g && vpc && i < g->n_vpcs; i++)
		if (g->vpcs[i] == vpc)
			return vgw_rib(s, g);
	return NULL;
}

/* VGW route propagation: the VGW's installed routes other than its own
 * VPCs become propagated routes of the table (VPC_Route_Tables.html,
 * "Route propagation"). */
static int vpc_propagate(struct rib_set *s, uint32_t t)
{
	const struct model_rtb *rtb = &s->m->rtbs[t];
	uint32_t n = 0;
	for (uint32_t g = 0; g < rtb->n_propagating_vgws; g++) {
		const struct rib *r = vgw_propagating(s, rtb->propagating_vgws[g], rtb->vpc);
		for (uint32_t i = 0; r && i < r->n_routes; i++)
			n += rib_installed(&r->routes[i]) && r->routes[i].nh_kind != RIB_NH_LOCAL;
	}
	if (!n)
		return 0;
	struct model_route *out = arena_calloc(s->arena, n, sizeof(*out));
	if (!out)
		return VS_ENOMEM;
	uint32_t k = 0;
	for (uint32_t g = 0; g < rtb->n_propagating_vgws; g++) {
		const struct model_vgw *vg = rtb->propagating_vgws[g];
		const struct rib *r = vgw_propagating(s, vg, rtb->vpc);
		for (uint32_t i = 0; r && i < r->n_routes; i++) {
			const struct rib_route *x = &r->routes[i];
			if (!rib_installed(x) || x->nh_kind == RIB_NH_LOCAL)
				continue;
			struct model_route *mr = &out[k++];
			char buf[NET_PREFIX_STRLEN];
			mr->dst.pfx = x->attr.pfx;
			mr->dst.text = arena_strdup(s->arena, net_prefix_fmt(&x->attr.pfx, buf));
			mr->target = TGT_VGW;
			mr->target_id = vg->obj.id;
			mr->target_obj = (struct model_obj *)(uintptr_t)&vg->obj;
			mr->origin = ROUTE_ORIGIN_PROPAGATED;
			mr->synthetic = true;
		}
	}
	s->vpc_prop[t] = out;
	s->n_vpc_prop[t] = k;
	return 0;
}

/* A VPC route's rank, as route/vpc_route.c states it (one rule). */
static enum bgp_origin vpc_route_origin(const struct model_route *r)
{
	switch (route_vpc_class(r)) {
	case ROUTE_CLASS_LOCAL:
		return BGP_ORIGIN_LOCAL;
	case ROUTE_CLASS_PROPAGATED:
		return BGP_ORIGIN_PROPAGATED;
	case ROUTE_CLASS_PREFIX_LIST:
		return BGP_ORIGIN_PREFIX_LIST;
	case ROUTE_CLASS_STATIC:
		break;
	}
	return BGP_ORIGIN_STATIC;
}

/*
 * Inside a VPC's own range the local route carries every address a more
 * specific route may not take from it (route_vpc_may_override_local()):
 * such a route loses whatever its prefix, as the trace's lookup decides.
 * A table has one local route per VPC CIDR (at most a few dozen), so each
 * candidate is held against those only.
 */
static int vpc_shadow_by_local(struct rib_route *c, uint32_t n)
{
	uint32_t n_local = 0;
	for (uint32_t i = 0; i < n; i++)
		n_local += c[i].attr.origin == BGP_ORIGIN_LOCAL;
	if (!n_local)
		return 0;
	const struct net_prefix **local = calloc(n_local, sizeof(*local));
	if (!local)
		return VS_ENOMEM;
	for (uint32_t i = 0, k = 0; i < n; i++)
		if (c[i].attr.origin == BGP_ORIGIN_LOCAL)
			local[k++] = &c[i].attr.pfx;
	for (uint32_t i = 0; i < n; i++) {
		if (c[i].attr.origin == BGP_ORIGIN_LOCAL ||
		    route_vpc_may_override_local(c[i].vpc_route))
			continue;
		for (uint32_t l = 0; l < n_local; l++)
			if (local[l]->len < c[i].attr.pfx.len &&
			    net_prefix_covers(local[l], &c[i].attr.pfx)) {
				c[i].why = BGP_LOST_LOCAL_ROUTE;
				break;
			}
	}
	free(local);
	return 0;
}

static int vpc_route_add(struct vec *v, const struct model_route *mr, bool observed)
{
	enum bgp_origin o = vpc_route_origin(mr);
	uint32_t np = model_dst_n_prefixes(&mr->dst, mr->dst_pl);
	for (uint32_t k = 0; k < np; k++) {
		const struct net_prefix *p = model_dst_prefix(&mr->dst, mr->dst_pl, k);
		struct rib_route *r = cand_add(v, p, o, mr->blackhole ? RIB_NH_NONE : RIB_NH_TARGET,
					       mr->target_obj);
		if (!r) {
			if (net_prefix_valid(p))
				return VS_ENOMEM;
			continue;
		}
		r->attr.key = mr->target_id;
		r->vpc_route = mr;
		r->blackhole = mr->blackhole;
		r->observed = observed && o == BGP_ORIGIN_PROPAGATED;
		r->from = mr->dst_pl_id ? mr->dst_pl_id :
					  (o == BGP_ORIGIN_PROPAGATED ? mr->target_id : "static");
		if (o == BGP_ORIGIN_LOCAL)
			r->from = "local";
	}
	return 0;
}

static int build_vpc_rtb(struct rib_set *s, uint32_t t)
{
	const struct model_rtb *rtb = &s->m->rtbs[t];
	struct vec v;
	cand_vec(s, &v);
	int err = vpc_propagate(s, t);
	for (uint32_t i = 0; i < rtb->n_routes && !err; i++)
		err = vpc_route_add(&v, &rtb->routes[i], true);
	for (uint32_t i = 0; i < s->n_vpc_prop[t] && !err; i++)
		err = vpc_route_add(&v, &s->vpc_prop[t][i], false);
	if (err) {
		vec_release(&v);
		return err;
	}
	if ((err = vpc_shadow_by_local(v.items, v.n)) != 0) {
		vec_release(&v);
		return err;
	}
	/* The observed/computed twin rule keys on the next hop object. */
	return finish(s, &s->vpc_rtb[t], &rtb->obj, BGP_POLICY_VPC_RTB, NULL, &v);
}

/* ------------------------------------------------------ TGW route tables */

bool rib_att_live(const struct model_tgw_att *a)
{
	return a && (!a->state || strcmp(a->state, "available") == 0 ||
		     strcmp(a->state, "modifying") == 0);
}

static const struct rib *dxgw_rib(const struct rib_set *s, const struct model_obj *o)
{
	uint32_t i;
	if (!o || o->kind != MODEL_DXGW || !model_index_of(s->m, MODEL_DXGW, o, &i))
		return NULL;
	return &s->dxgw[i];
}

/* What one attachment propagates into a TGW route table. */
static int tgw_propagation(struct rib_set *s, struct vec *v, const struct model_tgw_att *a)
{
	const struct model_obj *res = a->resource;
	if (!rib_att_live(a) || !res)
		return 0;
	switch (a->type) {
	case TGW_ATT_VPC:
		if (res->kind != MODEL_VPC)
			return 0;
		return vpc_cidrs(v, MODEL_AS(const struct model_vpc, res), a->ipv6_support,
				 BGP_ORIGIN_VPC, RIB_NH_TGW_ATT, &a->obj);
	case TGW_ATT_VPN: {
		if (res->kind != MODEL_VPN)
			return 0;
		const struct model_vpn *vpn = MODEL_AS(const struct model_vpn, res);
		/* VPN static routes rank with static routes (how-transit-gateways-work). */
		int err = vpn_statics(s, v, vpn, BGP_ORIGIN_STATIC, RIB_NH_TGW_ATT, &a->obj);
		if (!err && !vpn->static_only)
			err = advs_over(s, v, &vpn->obj, BGP_ORIGIN_VPN_BGP, RIB_NH_TGW_ATT,
					&a->obj);
		return err;
	}
	case TGW_ATT_DXGW:
		/* Routes the DX gateway learned over its transit VIFs. */
		if (res->kind != MODEL_DXGW)
			return 0;
		return dxgw_best(s, v, MODEL_AS(const struct model_dxgw, res), VIF_TRANSIT,
				 asn_or_default(a->tgw ? a->tgw->asn : 0), RIB_NH_TGW_ATT, &a->obj);
	case TGW_ATT_CONNECT:
	case TGW_ATT_PEERING: /* static routes only */
	case TGW_ATT_OTHER:
		break;
	}
	return 0;
}

static enum bgp_origin att_origin(const struct model_tgw_att *a)
{
	switch (a ? a->type : TGW_ATT_OTHER) {
	case TGW_ATT_VPC:
		return BGP_ORIGIN_VPC;
	case TGW_ATT_VPN:
		return BGP_ORIGIN_VPN_BGP;
	case TGW_ATT_DXGW:
		return BGP_ORIGIN_DX;
	case TGW_ATT_CONNECT:
		return BGP_ORIGIN_CONNECT;
	case TGW_ATT_PEERING:
		return BGP_ORIGIN_PEERING;
	case TGW_ATT_OTHER:
		break;
	}
	return BGP_ORIGIN_PEERING;
}

static int tgw_static(struct vec *v, const struct model_tgw_route *tr)
{
	uint32_t np = model_dst_n_prefixes(&tr->dst, tr->dst_pl);
	for (uint32_t k = 0; k < np; k++) {
		const struct net_prefix *p = model_dst_prefix(&tr->dst, tr->dst_pl, k);
		enum bgp_origin o = tr->dst_pl ? BGP_ORIGIN_PREFIX_LIST : BGP_ORIGIN_STATIC;
		uint32_t na = tr->blackhole ? 1 : tr->n_atts;
		for (uint32_t a = 0; a < na; a++) {
			const struct model_tgw_att *att = tr->blackhole ? NULL : tr->atts[a];
			if (!tr->blackhole && !att)
				continue;
			if (tr->propagated)
				o = att_origin(att);
			struct rib_route *r = cand_add(v, p, o,
						       tr->blackhole ? RIB_NH_NONE : RIB_NH_TGW_ATT,
						       att ? &att->obj : NULL);
			if (!r) {
				if (net_prefix_valid(p))
					return VS_ENOMEM;
				continue;
			}
			r->blackhole = tr->blackhole;
			r->observed = tr->propagated;
			r->from = tr->propagated ? "propagated" :
						   (tr->dst_pl_id ? tr->dst_pl_id : "static");
			if (att && !rib_att_live(att)) {
				r->down = true;
				r->down_why = "attachment not available";
			}
		}
	}
	return 0;
}

static int build_tgw_rtb(struct rib_set *s, uint32_t t)
{
	const struct model_tgw_rtb *rt = &s->m->tgw_rtbs[t];
	struct vec v;
	cand_vec(s, &v);
	int err = 0;
	for (uint32_t i = 0; i < rt->n_routes && !err; i++)
		err = tgw_static(&v, &rt->routes[i]);
	for (uint32_t i = 0; i < rt->n_prop_atts && !err; i++)
		if (rt->prop_atts[i])
			err = tgw_propagation(s, &v, rt->prop_atts[i]);
	if (err) {
		vec_release(&v);
		return err;
	}
	struct bgp_opts bo = {.vpn_ecmp = rt->tgw && rt->tgw->vpn_ecmp};
	return finish(s, &s->tgw_rtb[t], &rt->obj, BGP_POLICY_TGW, &bo, &v);
}

/* ----------------------------------------------------------------- sites */

static const struct rib *tgw_rtb_rib(const struct rib_set *s, const struct model_tgw_rtb *r)
{
	uint32_t i;
	return model_index_of(s->m, MODEL_TGW_RTB, r, &i) ? &s->tgw_rtb[i] : NULL;
}

/* AWS re-advertises @x to the site over @via, with @asn in front; a route
 * whose AS_PATH already holds the site's ASN is dropped by the site's
 * router (eBGP loop prevention: why CloudHub needs distinct ASNs). */
static int readvertise(struct rib_set *s, struct vec *v, const struct model_site *site,
		       const struct rib_route *x, uint32_t asn, enum bgp_origin o,
		       const struct model_obj *via)
{
	if (path_has(&x->attr, site->asn))
		return 0;
	struct rib_route *r =
		cand_add(v, &x->attr.pfx, o, via->kind == MODEL_VPN ? RIB_NH_VPN : RIB_NH_VIF, via);
	if (!r)
		return VS_ENOMEM;
	r->attr.as_path =
		path_prepend(s, asn, x->attr.as_path, x->attr.as_path_len, &r->attr.as_path_len);
	r->attr.med = 0;
	r->via = via;
	r->from = x->site ? x->site->obj.id : (x->from ? x->from : x->nh ? x->nh->id : "aws");
	return 0;
}

static int aws_prefix(struct rib_set *s, struct vec *v, const struct net_prefix *p, uint32_t asn,
		      enum bgp_origin o, const struct model_obj *via, const char *from)
{
	struct rib_route *r =
		cand_add(v, p, o, via->kind == MODEL_VPN ? RIB_NH_VPN : RIB_NH_VIF, via);
	if (!r)
		return net_prefix_valid(p) ? VS_ENOMEM : 0;
	r->attr.as_path = path_prepend(s, asn, NULL, 0, &r->attr.as_path_len);
	r->via = via;
	r->from = from;
	return 0;
}

/* What the VGW @g tells a site over @via: its VPCs, and (CloudHub) what it
 * learned from other sites. */
/*
 * Does a virtual private gateway pass a route learned over link @from to the
 * site on link @to (VPN CloudHub, VPN_CloudHub.html: the VGW re-advertises
 * each site's routes to the others; "Sites that use AWS Direct Connect
 * connections to the virtual private gateway can also be part of the AWS
 * VPN CloudHub")?  Between VPN connections, and between a VPN connection
 * and a private VIF; not from one VIF to another, which that page does not
 * describe.
 */
static bool cloudhub_pair(const struct model_obj *to, const struct model_obj *from)
{
	if (!to || !from || to == from)
		return false;
	bool to_vpn = to->kind == MODEL_VPN, from_vpn = from->kind == MODEL_VPN;
	bool to_vif = to->kind == MODEL_VIF, from_vif = from->kind == MODEL_VIF;
	return (to_vpn && (from_vpn || from_vif)) || (to_vif && from_vpn);
}

static int site_from_vgw(struct rib_set *s, struct vec *v, const struct model_site *site,
			 const struct model_vgw *g, uint32_t asn, enum bgp_origin o,
			 const struct model_obj *via)
{
	const struct rib *r = vgw_rib(s, g);
	for (uint32_t i = 0; r && i < r->n_routes; i++) {
		const struct rib_route *x = &r->routes[i];
		if (!rib_installed(x))
			continue;
		if (!link_carries(via, &x->attr.pfx))
			continue;
		int err;
		if (x->nh_kind == RIB_NH_LOCAL)
			err = aws_prefix(s, v, &x->attr.pfx, asn, o, via, x->from);
		else if (x->site != site && cloudhub_pair(via, x->via))
			err = readvertise(s, v, site, x, asn, o, via); /* CloudHub */
		else
			err = 0;
		if (err)
			return err;
	}
	return 0;
}

static int site_over_vpn(struct rib_set *s, struct vec *v, const struct model_site *site,
			 const struct model_vpn *vpn)
{
	if (vpn->static_only)
		return 0; /* a static VPN advertises nothing: the site routes statically */
	if (vpn->vgw)
		return site_from_vgw(s, v, site, vpn->vgw, rib_link_asn(&vpn->obj),
				     BGP_ORIGIN_VPN_BGP, &vpn->obj);
	const struct model_tgw_att *a = vpn->tgw_att;
	if (!a || !a->assoc_rtb)
		return 0;
	const struct rib *r = tgw_rtb_rib(s, a->assoc_rtb);
	uint32_t asn = rib_link_asn(&vpn->obj);
	for (uint32_t i = 0; r && i < r->n_routes; i++) {
		const struct rib_route *x = &r->routes[i];
		if (!rib_installed(x) || x->blackhole || x->nh == &a->obj)
			continue;
		int err = readvertise(s, v, site, x, asn, BGP_ORIGIN_VPN_BGP, &vpn->obj);
		if (err)
			return err;
	}
	return 0;
}

static int site_over_vif(struct rib_set *s, struct vec *v, const struct model_site *site,
			 const struct model_vif *vif)
{
	if (vif->vgw && vif->type == VIF_PRIVATE)
		return site_from_vgw(s, v, site, vif->vgw, rib_link_asn(&vif->obj), BGP_ORIGIN_DX,
				     &vif->obj);
	const struct model_dxgw *g = vif->dxgw;
	if (!g)
		return 0;
	uint32_t asn = rib_link_asn(&vif->obj);
	for (uint32_t a = 0; a < g->n_assocs; a++) {
		const struct model_dxgw_assoc *as = &g->assocs[a];
		if (!assoc_live(as) || !as->gateway)
			continue;
		/* private VIFs reach VGW associations, transit VIFs TGW ones */
		bool tgw = as->gateway->kind == MODEL_TGW;
		if (tgw != (vif->type == VIF_TRANSIT))
			continue;
		struct vec tmp;
		vec_init(&tmp, sizeof(struct rib_route));
		int err = assoc_prefixes(&tmp, as, BGP_ORIGIN_DX, NULL);
		for (uint32_t i = 0; i < tmp.n && !err; i++) {
			const struct net_prefix *p = &VEC_AT(&tmp, struct rib_route, i)->attr.pfx;
			if (link_carries(&vif->obj, p))
				err = aws_prefix(s, v, p, asn, BGP_ORIGIN_DX, &vif->obj,
						 as->gateway_id);
		}
		vec_release(&tmp);
		if (err)
			return err;
	}
	/* SiteLink: sites on SiteLink-enabled VIFs of one DX gateway learn
	 * each other's routes; without it the gateway is not transitive. */
	if (!vif->sitelink)
		return 0;
	const struct rib *d = dxgw_rib(s, &g->obj);
	for (uint32_t i = 0; d && i < d->n_routes; i++) {
		const struct rib_route *x = &d->routes[i];
		if (!rib_installed(x) || x->nh_kind != RIB_NH_VIF || x->nh == &vif->obj ||
		    !MODEL_AS(const struct model_vif, x->nh)->sitelink ||
		    !link_carries(&vif->obj, &x->attr.pfx))
			continue;
		int err = readvertise(s, v, site, x, asn, BGP_ORIGIN_DX, &vif->obj);
		if (err)
			return err;
	}
	return 0;
}

static int build_site(struct rib_set *s, uint32_t i)
{
	const struct model_site *site = &s->m->sites[i];
	struct vec v;
	cand_vec(s, &v);
	int err = 0;
	for (uint32_t c = 0; c < site->n_cidrs && !err; c++) {
		struct rib_route *r = cand_add(&v, &site->cidrs[c].pfx, BGP_ORIGIN_LOCAL,
					       RIB_NH_LOCAL, &site->obj);
		if (!r)
			err = VS_ENOMEM;
		else
			r->from = "local";
	}
	/* Each link once, in the order the site first names it. */
	for (uint32_t a = 0; a < site->n_adv && !err; a++) {
		const struct model_obj *via = site->adv[a].via;
		bool dup = false;
		for (uint32_t b = 0; b < a && !dup; b++)
			dup = site->adv[b].via == via;
		if (!via || dup)
			continue;
		uint32_t before = v.n;
		const char *down = NULL;
		if (via->kind == MODEL_VPN) {
			err = site_over_vpn(s, &v, site, MODEL_AS(const struct model_vpn, via));
			if (vpn_down_of(s, via))
				down = "VPN connection down";
		} else if (via->kind == MODEL_VIF) {
			err = site_over_vif(s, &v, site, MODEL_AS(const struct model_vif, via));
			down = vif_down_of(s, via);
		}
		for (uint32_t k = before; k < v.n; k++) {
			struct rib_route *r = VEC_AT(&v, struct rib_route, k);
			/* the BGP session of the route's family (vif_family_why) */
			const char *why =
				down || via->kind != MODEL_VIF ?
					down :
					vif_family_why(MODEL_AS(const struct model_vif, via),
						       r->attr.pfx.addr.af);
			if (why) {
				r->down = true;
				r->down_why = why;
			}
		}
	}
	if (err) {
		vec_release(&v);
		return err;
	}
	return finish(s, &s->site[i], &site->obj, BGP_POLICY_SITE, NULL, &v);
}

int rib_advertised(const struct rib_set *s, const struct model_site *site,
		   const struct model_obj *via, struct rib_route **out, uint32_t *n)
{
	if (!s || !site || !via || !out || !n)
		return VS_EINVAL;
	*out = NULL;
	*n = 0;
	struct vec v;
	vec_init(&v, sizeof(struct rib_route));
	/* the builders only read the set (the arena takes the AS_PATHs) */
	struct rib_set *w = (struct rib_set *)s;
	int err = 0;
	if (via->kind == MODEL_VPN && model_index_of(s->m, MODEL_VPN, via, NULL))
		err = site_over_vpn(w, &v, site, MODEL_AS(const struct model_vpn, via));
	else if (via->kind == MODEL_VIF && model_index_of(s->m, MODEL_VIF, via, NULL))
		err = site_over_vif(w, &v, site, MODEL_AS(const struct model_vif, via));
	else
		err = VS_EINVAL;
	if (err) {
		vec_release(&v);
		return err;
	}
	*out = vec_take(&v, n);
	return 0;
}

/* ------------------------------------------------------------------- API */

int rib_build(const struct model *m, const struct rib_opts *o, struct rib_set **out)
{
	if (!m || !out)
		return VS_EINVAL;
	*out = NULL;
	struct rib_set *s = calloc(1, sizeof(*s));
	if (!s)
		return VS_ENOMEM;
	s->m = m;
	vec_init(&s->cands, sizeof(struct rib_route));
	if (o)
		s->opts = *o;
	s->arena = arena_new();
	int err = s->arena ? 0 : VS_ENOMEM;
#define ALLOC(field, n)                                                                      \
	do {                                                                                 \
		if (!err) {                                                                  \
			s->field = arena_calloc(s->arena, (n) ? (n) : 1, sizeof(*s->field)); \
			if (!s->field)                                                       \
				err = VS_ENOMEM;                                             \
		}                                                                            \
	} while (0)
	ALLOC(vpc_rtb, m->n_rtbs);
	ALLOC(tgw_rtb, m->n_tgw_rtbs);
	ALLOC(vgw, m->n_vgws);
	ALLOC(dxgw, m->n_dxgws);
	ALLOC(dxgw_aws, m->n_dxgws);
	ALLOC(site, m->n_sites);
	ALLOC(vpc_prop, m->n_rtbs);
	ALLOC(n_vpc_prop, m->n_rtbs);
#undef ALLOC
	s->by_kind[MODEL_RTB] = s->vpc_rtb;
	s->by_kind[MODEL_TGW_RTB] = s->tgw_rtb;
	s->by_kind[MODEL_VGW] = s->vgw;
	s->by_kind[MODEL_DXGW] = s->dxgw;
	s->by_kind[MODEL_SITE] = s->site;
	if (!err)
		err = sessions(s);
	if (!err)
		err = adv_replacements(s);
	for (uint32_t i = 0; i < m->n_dxgws && !err; i++)
		err = build_dxgw(s, i);
	for (uint32_t i = 0; i < m->n_vgws && !err; i++)
		err = build_vgw(s, i);
	for (uint32_t i = 0; i < m->n_rtbs && !err; i++)
		err = build_vpc_rtb(s, i);
	for (uint32_t i = 0; i < m->n_tgw_rtbs && !err; i++)
		err = build_tgw_rtb(s, i);
	for (uint32_t i = 0; i < m->n_sites && !err; i++)
		err = build_site(s, i);
	vec_release(&s->cands);
	struct rib_scratch *sc[] = {&s->scr_keys, &s->scr_tmp, &s->scr_drop, &s->scr_sel,
				    &s->scr_fin,  &s->scr_le,  &s->scr_grp};
	for (size_t i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		free(sc[i]->p);
		*sc[i] = (struct rib_scratch){0};
	}
	if (err) {
		rib_free(s);
		return err;
	}
	*out = s;
	return 0;
}

static void ribs_free(struct rib *r, uint32_t n)
{
	for (uint32_t i = 0; r && i < n; i++)
		if (r[i].fib)
			net_lpm_free(r[i].fib->lpm);
}

void rib_free(struct rib_set *s)
{
	if (!s)
		return;
	const struct model *m = s->m;
	ribs_free(s->vpc_rtb, m->n_rtbs);
	ribs_free(s->tgw_rtb, m->n_tgw_rtbs);
	ribs_free(s->vgw, m->n_vgws);
	ribs_free(s->dxgw, m->n_dxgws);
	ribs_free(s->dxgw_aws, m->n_dxgws);
	ribs_free(s->site, m->n_sites);
	arena_free(s->arena);
	free(s);
}

const struct rib *rib_of(const struct rib_set *s, const struct model_obj *o)
{
	uint32_t i;
	if (!s || !o || !model_index_of(s->m, o->kind, o, &i) || !s->by_kind[o->kind])
		return NULL;
	return &s->by_kind[o->kind][i];
}

const struct rib_route *rib_lookup(const struct rib *r, const struct net_addr *dst,
				   const struct rib_route **ecmp, uint32_t max_ecmp,
				   uint32_t *n_ecmp)
{
	if (n_ecmp)
		*n_ecmp = 0;
	if (!r || !r->fib || !dst)
		return NULL;
	uint32_t g;
	if (net_lpm_lookup(r->fib->lpm, dst, &g) != 0 || r->fib->grps[g].inst == NET_LPM_NONE)
		return NULL;
	const struct rib_fib_grp *e = &r->fib->grps[r->fib->grps[g].inst];
	if (ecmp && n_ecmp) {
		uint32_t k = e->n_inst < max_ecmp ? e->n_inst : max_ecmp;
		for (uint32_t i = 0; i < k; i++)
			ecmp[i] = &r->routes[e->first + i];
		*n_ecmp = k;
	}
	return &r->routes[e->first];
}

uint32_t rib_matches(const struct rib *r, const struct net_addr *dst, const struct rib_route **out,
		     uint32_t max)
{
	uint32_t g;
	if (!r || !r->fib || !dst || net_lpm_lookup(r->fib->lpm, dst, &g) != 0)
		return 0;
	/* The cover chain runs longest first; table order is shortest first. */
	uint32_t chain[NET_LPM_MAX_MATCHES], n = 0;
	for (; g != NET_LPM_NONE && n < NET_LPM_MAX_MATCHES; g = net_lpm_cover(r->fib->lpm, g))
		chain[n++] = g;
	uint32_t k = 0;
	while (n-- > 0 && k < max) {
		const struct rib_fib_grp *e = &r->fib->grps[chain[n]];
		for (uint32_t i = 0; i < e->n && k < max; i++)
			out[k++] = &r->routes[e->first + i];
	}
	return k;
}

const struct model_route *rib_vpc_propagated(const struct rib_set *s, const struct model_rtb *rtb,
					     uint32_t *n)
{
	*n = 0;
	uint32_t t;
	if (!s || !model_index_of(s->m, MODEL_RTB, rtb, &t))
		return NULL;
	*n = s->n_vpc_prop[t];
	return s->vpc_prop[t];
}

const struct rib *rib_dxgw_to_aws(const struct rib_set *s, const struct model_dxgw *g)
{
	uint32_t i;
	if (!s || !model_index_of(s->m, MODEL_DXGW, g, &i))
		return NULL;
	return &s->dxgw_aws[i];
}

const char *rib_vif_down(const struct rib_set *s, const struct model_vif *v)
{
	uint32_t i;
	if (!s || !model_index_of(s->m, MODEL_VIF, v, &i))
		return NULL;
	return s->vif_down[i];
}

bool rib_vpn_down(const struct rib_set *s, const struct model_vpn *v)
{
	uint32_t i;
	if (!s || !model_index_of(s->m, MODEL_VPN, v, &i))
		return true;
	return s->vpn_down[i];
}

const char *rib_why_text(const struct rib_route *r)
{
	if (r->down)
		return r->down_why ? r->down_why : "down";
	return bgp_reason_text(r->why);
}

NAMES_DEFINE(rib_nh_name, enum rib_nh, RIB_NHS, "?")
