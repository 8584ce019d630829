/*
 * DOC: the live BGP speaker (bgp_speaker.h)
 *
 * Three parts:
 *   - sockets: a listening socket or an outgoing connection per session,
 *     all non-blocking under one poll(); TCP MD5 (RFC 2385) through
 *     Linux's TCP_MD5SIG options when the VIF has an authKey; a closed
 *     session's socket lingers (write side shut, input drained) until the
 *     peer closes or a second passes, so its NOTIFICATION arrives;
 *   - the sessions' state machines (session.c), fed with those events;
 *   - the live model: a copy of the snapshot's model whose sites'
 *     advertisements over the live links are the routes the peers sent;
 *     route/ (rib_build) recomputes every table from it, the Direct
 *     Connect quota (route/dx_quota.h) is counted on it, and what each
 *     session advertises is rib_advertised() of it -- the one route
 *     engine `vpcsim routes` uses.
 *
 * Recomputation happens once per poll round in which routes changed, not
 * per UPDATE.
 */
#include "vpcsim/bgp_speaker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bgp/msg.h"
#include "bgp/session.h"
#include "route/dx_quota.h"
#include "vpcsim/error.h"

#define SP_MAX_SESSIONS  64
#define SP_MAX_RX        5000 /* routes one session may hold, whatever its quota (max_routes) */
#define SP_MAX_PATH      64   /* ASNs of a received AS_PATH kept */
#define SP_MAX_COMM      32   /* communities of a received route kept */
#define SP_LINGER_MS     1000
#define SP_HOLD_DX       90     /* Direct Connect: AWS's hold time */
#define SP_QUOTA_IDLE_MS 300000 /* Idle after the quota took a session down */
#define SP_HOLD_VPN      30     /* VPN tunnels (the connection's configuration: hold_time 30) */
#define SP_QUIET_MS      5      /* a peer silent this long has ended its burst */

/* Path attributes a peer sent, one copy per distinct set shared by every
 * route that carries it (a full table has few: BIRD keeps its attributes
 * the same way). */
struct sp_attr {
	struct sp_attr *next; /* in the session's attribute hash chain */
	uint32_t refs, hash;
	uint32_t path_len, n_comm;
	bool has_med;
	bool loop; /* the AS_PATH (AS_SETs too) holds AWS's ASN on the link */
	uint32_t med;
	uint32_t v[]; /* the AS_PATH, then the communities */
};

/* A route a peer sent. */
struct sp_route {
	struct net_prefix pfx;
	struct sp_attr *attr;
};

/* A route we sent. */
struct sp_adv {
	struct net_prefix pfx;
	uint32_t path[SP_MAX_PATH];
	uint32_t path_len;
};

struct sp_session {
	struct bgp_speaker *sp;
	char id[96];
	char site_id[128];
	const struct model_obj *via; /* the VIF or VPN connection (base model) */
	const struct model_vif *vif; /* when a VIF */
	int64_t site;                /* index into base sites, or -1: a site of its own */
	struct bgp_session fsm;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	bool active;
	const char *md5;
	int lfd, fd;
	bool connecting;
	int linger_fd;
	uint64_t linger_until;
	struct sockaddr_storage local; /* our end of the connection: the next hop */
	/* the routes the peer sent: a dense array, indexed by prefix through
	 * an open-addressing hash of array index + 1 (0: empty slot) */
	struct sp_route *rx;
	size_t n_rx, cap_rx;
	uint32_t *rx_slot;
	size_t slot_cap; /* a power of 2, at least twice n_rx */
	struct sp_attr **attrs;
	size_t attr_cap, n_attr;
	bool rx_over;
	struct sp_adv *tx;
	size_t n_tx;
	bool quota_down;
	struct bgp_session_info info;
	/* the benchmark's mark (opts.expect_routes) */
	uint64_t est_ms, rx_done_ms;
	bool held_reported;
};

struct bgp_speaker {
	const struct model *base;
	struct bgp_speaker_opts opts;
	bgp_speaker_cb cb;
	void *ctx;
	struct sp_session *ss[SP_MAX_SESSIONS];
	uint32_t n;
	/* the live model */
	struct model live;
	struct model_site *sites;
	struct model_site_adv **advs; /* per live site, its advertisement array */
	char **texts;                 /* per live site, its live prefixes' text */
	size_t *adv_cap, *text_cap;   /* their sizes, kept from build to build */
	uint32_t *n_static;           /* per live site, its advertisements not learned live */
	uint32_t n_sites;
	struct rib_set *rib;
	bool dirty;
	/* a peer's input this poll round; since when routes wait to be
	 * recomputed, and what the last recomputation took */
	bool input;
	uint64_t dirty_since, cost_ms, input_ms;
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void emit(struct sp_session *s, struct bgp_speaker_event *e)
{
	e->session = s->id;
	if (s->sp->cb)
		s->sp->cb(s->sp->ctx, e);
}

static void emit_text(struct sp_session *s, enum bgp_speaker_ev k, const char *text)
{
	struct bgp_speaker_event e = {.kind = k, .text = text};
	emit(s, &e);
}

/* -------------------------------------------------------- the live model */

static void live_free(struct bgp_speaker *sp)
{
	for (uint32_t i = 0; sp->advs && i < sp->n_sites; i++)
		free(sp->advs[i]);
	for (uint32_t i = 0; sp->texts && i < sp->n_sites; i++)
		free(sp->texts[i]);
	free(sp->advs);
	free(sp->texts);
	free(sp->adv_cap);
	free(sp->text_cap);
	free(sp->n_static);
	sp->n_static = NULL;
	sp->texts = NULL;
	sp->adv_cap = sp->text_cap = NULL;
	free(sp->sites);
	sp->advs = NULL;
	sp->sites = NULL;
	sp->n_sites = 0;
}

/* The sessions' links, each once: the first session of each. */
static bool first_of_link(const struct bgp_speaker *sp, uint32_t i)
{
	for (uint32_t j = 0; j < i; j++)
		if (sp->ss[j]->via == sp->ss[i]->via)
			return false;
	return true;
}

/* The live site index of session @s (its base site, or one of its own
 * after the base ones). */
static uint32_t live_site_of(const struct bgp_speaker *sp, const struct sp_session *s)
{
	if (s->site >= 0)
		return (uint32_t)s->site;
	uint32_t k = sp->base->n_sites;
	for (uint32_t j = 0; j < sp->n; j++) {
		if (sp->ss[j]->site >= 0 || !first_of_link(sp, j))
			continue;
		if (sp->ss[j]->via == s->via)
			return k;
		k++;
	}
	return k;
}

static void adv_from(struct model_site_adv *a, const struct sp_session *s, const struct sp_route *r,
		     const char *text)
{
	memset(a, 0, sizeof(*a));
	a->prefix.pfx = r->pfx;
	a->prefix.text = text;
	a->via_id = s->via->id;
	a->via = (struct model_obj *)(uintptr_t)s->via;
	a->communities = r->attr->v + r->attr->path_len;
	a->n_communities = r->attr->n_comm;
	a->has_med = r->attr->has_med;
	a->med = r->attr->med;
	a->as_path = r->attr->v;
	a->as_path_len = r->attr->path_len;
	a->as_loop = r->attr->loop;
}

/* Is @via one of the live links? */
static bool is_live_link(const struct bgp_speaker *sp, const struct model_obj *via)
{
	for (uint32_t j = 0; j < sp->n; j++)
		if (sp->ss[j]->via == via)
			return true;
	return false;
}

/* The model with the sites' advertisements over the live links replaced
 * by what the peers sent, and its route tables. */
/* @*p holding at least @want bytes (its size *cap, grown, never shrunk:
 * a full table's arrays are not mapped afresh each build) */
static bool reserve(void *p, size_t *cap, size_t want)
{
	if (want <= *cap && *(void **)p)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < want)
		c *= 2;
	void *n = malloc(c);
	if (!n)
		return false;
	free(*(void **)p);
	*(void **)p = n;
	*cap = c;
	return true;
}

static int live_build(struct bgp_speaker *sp)
{
	const struct model *b = sp->base;
	uint32_t extra = 0;
	for (uint32_t j = 0; j < sp->n; j++)
		extra += sp->ss[j]->site < 0 && first_of_link(sp, j);
	uint32_t n = b->n_sites + extra;
	if (n != sp->n_sites || !sp->sites)
		live_free(sp);
	if (!sp->sites) {
		sp->sites = calloc(n ? n : 1, sizeof(*sp->sites));
		sp->advs = calloc(n ? n : 1, sizeof(*sp->advs));
		sp->texts = calloc(n ? n : 1, sizeof(*sp->texts));
		sp->adv_cap = calloc(n ? n : 1, sizeof(*sp->adv_cap));
		sp->text_cap = calloc(n ? n : 1, sizeof(*sp->text_cap));
		sp->n_static = calloc(n ? n : 1, sizeof(*sp->n_static));
		if (!sp->sites || !sp->advs || !sp->texts || !sp->adv_cap || !sp->text_cap ||
		    !sp->n_static) {
			live_free(sp);
			return VS_ENOMEM;
		}
	}
	sp->n_sites = n;
	for (uint32_t i = 0; i < b->n_sites; i++)
		sp->sites[i] = b->sites[i];
	uint32_t k = b->n_sites;
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		if (s->site >= 0 || !first_of_link(sp, j))
			continue;
		struct model_site *x = &sp->sites[k++];
		*x = (struct model_site){0}; /* kept from the last build */
		x->obj.kind = MODEL_SITE;
		x->obj.id = s->site_id;
		x->obj.synthetic = true;
		x->asn = s->fsm.cfg.peer_as;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct model_site *x = &sp->sites[i];
		size_t cnt = 0, tlen = 0;
		for (uint32_t a = 0; a < x->n_adv; a++)
			cnt += !is_live_link(sp, x->adv[a].via);
		for (uint32_t j = 0; j < sp->n; j++)
			if (live_site_of(sp, sp->ss[j]) == i)
				for (size_t r = 0; r < sp->ss[j]->n_rx; r++) {
					cnt++;
					/* "255.255.255.255/32" and its NUL */
					tlen += sp->ss[j]->rx[r].pfx.addr.af == NET_AF_INET ?
							19 :
							NET_PREFIX_STRLEN;
				}
		if (!reserve(&sp->advs[i], &sp->adv_cap[i], (cnt ? cnt : 1) * sizeof(**sp->advs)) ||
		    !reserve(&sp->texts[i], &sp->text_cap[i], tlen ? tlen : 1))
			return VS_ENOMEM;
		struct model_site_adv *v = sp->advs[i];
		char *txt = sp->texts[i];
		size_t w = 0;
		for (uint32_t a = 0; a < x->n_adv; a++)
			if (!is_live_link(sp, x->adv[a].via))
				v[w++] = x->adv[a];
		sp->n_static[i] = (uint32_t)w;
		for (uint32_t j = 0; j < sp->n; j++)
			if (live_site_of(sp, sp->ss[j]) == i)
				for (size_t r = 0; r < sp->ss[j]->n_rx; r++) {
					const struct sp_route *rt = &sp->ss[j]->rx[r];
					char t[NET_PREFIX_STRLEN];
					size_t l = strlen(net_prefix_fmt(&rt->pfx, t)) + 1;
					memcpy(txt, t, l);
					adv_from(&v[w++], sp->ss[j], rt, txt);
					txt += l;
				}
		x->adv = v;
		x->n_adv = (uint32_t)w;
	}
	sp->live = *b;
	sp->live.sites = sp->sites;
	sp->live.n_sites = n;
	rib_free(sp->rib);
	sp->rib = NULL;
	return rib_build(&sp->live, &sp->opts.rib, &sp->rib);
}

/* --------------------------------------------------------- received routes */

static int pfx_cmp(const struct net_prefix *a, const struct net_prefix *b)
{
	int c = net_addr_cmp(&a->addr, &b->addr);
	if (c)
		return c;
	return (int)a->len - (int)b->len;
}

static uint32_t max_rx(const struct bgp_speaker *sp)
{
	return sp->opts.max_routes ? sp->opts.max_routes : SP_MAX_RX;
}

static uint32_t pfx_hash(const struct net_prefix *p)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ ((uint64_t)p->addr.af << 8) ^ p->len;
	size_t n = p->addr.af == NET_AF_INET ? 4 : 16;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t w;
		memcpy(&w, p->addr.b + i, 4);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
	}
	h ^= h >> 33;
	return (uint32_t)h;
}

/* The slot of @p in the session's hash, or the empty slot where it would
 * go (*found false). */
static size_t rx_slot_of(const struct sp_session *s, const struct net_prefix *p, bool *found)
{
	*found = false;
	if (!s->slot_cap)
		return 0;
	size_t mask = s->slot_cap - 1;
	for (size_t i = pfx_hash(p) & mask;; i = (i + 1) & mask) {
		uint32_t v = s->rx_slot[i];
		if (!v)
			return i;
		const struct net_prefix *q = &s->rx[v - 1].pfx;
		if (q->len == p->len && net_addr_eq(&q->addr, &p->addr)) {
			*found = true;
			return i;
		}
	}
}

/* Room for one more route: the array and a hash at most half full. */
static bool rx_grow(struct sp_session *s)
{
	if (s->n_rx == s->cap_rx) {
		size_t cap = s->cap_rx ? s->cap_rx * 2 : 64;
		struct sp_route *nr = realloc(s->rx, cap * sizeof(*nr));
		if (!nr)
			return false;
		s->rx = nr;
		s->cap_rx = cap;
	}
	if (2 * (s->n_rx + 1) > s->slot_cap) {
		size_t cap = s->slot_cap ? s->slot_cap * 2 : 128;
		uint32_t *ns = calloc(cap, sizeof(*ns));
		if (!ns)
			return false;
		for (size_t r = 0; r < s->n_rx; r++) {
			size_t i = pfx_hash(&s->rx[r].pfx) & (cap - 1);
			while (ns[i])
				i = (i + 1) & (cap - 1);
			ns[i] = (uint32_t)r + 1;
		}
		free(s->rx_slot);
		s->rx_slot = ns;
		s->slot_cap = cap;
	}
	return true;
}

/* Empty slot @i, moving the chain after it back (linear probing). */
static void slot_remove(struct sp_session *s, size_t i)
{
	size_t mask = s->slot_cap - 1;
	for (size_t j = (i + 1) & mask; s->rx_slot[j]; j = (j + 1) & mask) {
		size_t home = pfx_hash(&s->rx[s->rx_slot[j] - 1].pfx) & mask;
		/* the entry at j may fill i when its home is not in (i, j] */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			s->rx_slot[i] = s->rx_slot[j];
			i = j;
		}
	}
	s->rx_slot[i] = 0;
}

static uint32_t attr_hash(const uint32_t *v, uint32_t n, bool has_med, uint32_t med)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n ^ ((uint64_t)has_med << 32) ^ med;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ v[i]) * 0x100000001b3ull;
	return (uint32_t)(h ^ (h >> 32));
}

/* The shared copy of these attributes, made if new; NULL when out of
 * memory. */
static struct sp_attr *attr_get(struct sp_session *s, const uint32_t *path, uint32_t path_len,
				const uint32_t *comm, uint32_t n_comm, bool has_med, uint32_t med,
				bool loop)
{
	uint32_t v[SP_MAX_PATH + SP_MAX_COMM];
	memcpy(v, path, path_len * sizeof(*v));
	memcpy(v + path_len, comm, n_comm * sizeof(*v));
	uint32_t n = path_len + n_comm;
	uint32_t h = attr_hash(v, n, has_med, med) ^ path_len;
	if (s->attr_cap) {
		for (struct sp_attr *a = s->attrs[h & (s->attr_cap - 1)]; a; a = a->next)
			if (a->hash == h && a->path_len == path_len && a->n_comm == n_comm &&
			    a->has_med == has_med && a->med == med && a->loop == loop &&
			    !memcmp(a->v, v, n * sizeof(*v))) {
				a->refs++;
				return a;
			}
	}
	if (s->n_attr + 1 > s->attr_cap) {
		size_t cap = s->attr_cap ? s->attr_cap * 2 : 16;
		struct sp_attr **na = calloc(cap, sizeof(*na));
		if (!na)
			return NULL;
		for (size_t i = 0; i < s->attr_cap; i++)
			for (struct sp_attr *a = s->attrs[i], *nx; a; a = nx) {
				nx = a->next;
				a->next = na[a->hash & (cap - 1)];
				na[a->hash & (cap - 1)] = a;
			}
		free(s->attrs);
		s->attrs = na;
		s->attr_cap = cap;
	}
	struct sp_attr *a = malloc(sizeof(*a) + n * sizeof(*v));
	if (!a)
		return NULL;
	*a = (struct sp_attr){.refs = 1,
			      .hash = h,
			      .path_len = path_len,
			      .n_comm = n_comm,
			      .has_med = has_med,
			      .loop = loop,
			      .med = med};
	memcpy(a->v, v, n * sizeof(*v));
	a->next = s->attrs[h & (s->attr_cap - 1)];
	s->attrs[h & (s->attr_cap - 1)] = a;
	s->n_attr++;
	return a;
}

static void attr_put(struct sp_session *s, struct sp_attr *a)
{
	if (--a->refs)
		return;
	struct sp_attr **pp = &s->attrs[a->hash & (s->attr_cap - 1)];
	while (*pp != a)
		pp = &(*pp)->next;
	*pp = a->next;
	free(a);
	s->n_attr--;
}

/* Every route of @s gone, the memory given back (the session ended). */
static void rx_clear(struct sp_session *s)
{
	for (size_t i = 0; i < s->attr_cap; i++)
		for (struct sp_attr *a = s->attrs[i], *nx; a; a = nx) {
			nx = a->next;
			free(a);
		}
	free(s->attrs);
	free(s->rx);
	free(s->rx_slot);
	s->attrs = NULL;
	s->rx = NULL;
	s->rx_slot = NULL;
	s->attr_cap = s->n_attr = s->n_rx = s->cap_rx = s->slot_cap = 0;
}

static void rx_withdraw(struct sp_session *s, const struct net_prefix *p)
{
	bool found;
	size_t slot = rx_slot_of(s, p, &found);
	if (!found)
		return;
	size_t i = s->rx_slot[slot] - 1;
	char t[NET_PREFIX_STRLEN];
	struct bgp_speaker_event e = {.kind = BGP_SPK_WITHDRAWN, .prefix = net_prefix_fmt(p, t)};
	emit(s, &e);
	attr_put(s, s->rx[i].attr);
	slot_remove(s, slot);
	size_t last = s->n_rx - 1;
	if (i != last) {
		/* the last route takes the freed place in the array */
		bool f2;
		size_t ls = rx_slot_of(s, &s->rx[last].pfx, &f2);
		s->rx[i] = s->rx[last];
		s->rx_slot[ls] = (uint32_t)i + 1;
	}
	s->n_rx--;
	s->sp->dirty = true;
}

/* The shared attributes of UPDATE @u, held once for the whole UPDATE
 * (attr_put when done); NULL when out of memory. */
static struct sp_attr *attr_of_update(struct sp_session *s, const struct bgp_update *u)
{
	uint32_t path[SP_MAX_PATH], comm[SP_MAX_COMM], n_comm = 0;
	uint32_t path_len = bgp_as_path_flat(u, path, SP_MAX_PATH);
	bool has_med = (u->seen & (1u << BGP_ATTR_MED)) != 0;
	for (uint16_t c = 0; c < u->n_communities && n_comm < SP_MAX_COMM; c++)
		comm[n_comm++] = bgp_community(u, c);
	/* eBGP loop prevention on the path as sent: an AS_SET's members count
	 * (RFC 4271 9.1.2), which the flat path leaves out */
	return attr_get(s, path, path_len, comm, n_comm, has_med, u->med,
			bgp_as_path_has(u, s->info.local_as));
}

/* @p announced with the attributes @a of its UPDATE (NULL: none could be
 * kept). */
static void rx_announce(struct sp_session *s, const struct net_prefix *p, struct sp_attr *a)
{
	if (!a) {
		s->rx_over = true;
		return;
	}
	if (p->addr.af != s->info.af) {
		/* said, not held: the session carries one family (its OPEN
		 * offered no other) */
		char t[NET_PREFIX_STRLEN];
		struct bgp_speaker_event e = {.kind = BGP_SPK_RECEIVED,
					      .prefix = net_prefix_fmt(p, t),
					      .as_path = a->v,
					      .as_path_len = a->path_len,
					      .text = s->info.af == NET_AF_INET6 ?
							      "this session carries IPv6 only: not "
							      "used (its OPEN offered "
							      "no IPv4)" :
							      "this session carries IPv4 only: not "
							      "used (its OPEN offered "
							      "no IPv6)"};
		emit(s, &e);
		return;
	}
	bool found;
	size_t slot = rx_slot_of(s, p, &found);
	a->refs++; /* this route's reference */
	size_t i;
	if (found) {
		/* RFC 4271 3.1: a second announcement replaces the first */
		i = s->rx_slot[slot] - 1;
		attr_put(s, s->rx[i].attr);
	} else {
		if (s->n_rx >= max_rx(s->sp) || !rx_grow(s)) {
			attr_put(s, a);
			s->rx_over = true;
			return;
		}
		slot = rx_slot_of(s, p, &found); /* the hash may have grown */
		i = s->n_rx++;
		s->rx_slot[slot] = (uint32_t)i + 1;
		s->rx[i].pfx = *p;
		if (s->n_rx == s->sp->opts.expect_routes && !s->rx_done_ms)
			s->rx_done_ms = now_ms();
	}
	s->rx[i].attr = a;
	char t[NET_PREFIX_STRLEN];
	struct bgp_speaker_event e = {.kind = BGP_SPK_RECEIVED,
				      .prefix = net_prefix_fmt(p, t),
				      .as_path = a->v,
				      .as_path_len = a->path_len,
				      .has_med = a->has_med,
				      .med = a->med,
				      .communities = a->v + a->path_len,
				      .n_communities = a->n_comm};
	/* held as received; the route tables leave it out */
	if (a->loop)
		e.text = "its AS_PATH holds AWS's ASN on this link: a loop, not used (RFC 4271 "
			 "9.1.2)";
	emit(s, &e);
	s->sp->dirty = true;
}

/* ------------------------------------------------------- session callbacks */

static void on_state(void *ctx, struct bgp_session *f, enum bgp_state old, enum bgp_event ev,
		     enum bgp_state to)
{
	struct sp_session *s = ctx;
	struct bgp_speaker_event e = {.kind = BGP_SPK_STATE,
				      .old_state = bgp_state_name(old),
				      .event = bgp_event_name(ev),
				      .new_state = bgp_state_name(to),
				      .local_as = f->cfg.local_as,
				      .peer_as = f->cfg.peer_as,
				      .hold_time = f->hold};
	emit(s, &e);
	if (to == BGP_ST_ESTABLISHED) {
		s->est_ms = now_ms();
		s->rx_done_ms = 0;
		s->held_reported = false;
	}
	if (to == BGP_ST_IDLE || old == BGP_ST_ESTABLISHED) {
		/* RFC 4271 8.2.2: the routes of a session that ends go */
		for (size_t i = 0; i < s->n_rx; i++) {
			char t[NET_PREFIX_STRLEN];
			struct bgp_speaker_event w = {.kind = BGP_SPK_WITHDRAWN,
						      .prefix = net_prefix_fmt(&s->rx[i].pfx, t),
						      .text = "the session ended"};
			emit(s, &w);
		}
		s->sp->dirty |= s->n_rx > 0;
		rx_clear(s);
		s->n_tx = 0;
	}
}

static void on_update(void *ctx, struct bgp_session *f, const struct bgp_update *u)
{
	struct sp_session *s = ctx;
	(void)f;
	struct bgp_nlri_iter it;
	struct net_prefix p;
	const struct bgp_nlri *gone[2] = {&u->withdrawn, &u->mp_unreach};
	for (int k = 0; k < 2; k++)
		for (bgp_nlri_begin(&it, gone[k]); bgp_nlri_next(&it, &p);)
			rx_withdraw(s, &p);
	const struct bgp_nlri *add[2] = {&u->nlri, &u->mp_reach};
	if (u->withdraw_all && (u->nlri.len || u->mp_reach.len)) {
		char msg[160];
		snprintf(msg, sizeof(msg), "UPDATE treated as withdraw (RFC 7606): %s", u->why);
		emit_text(s, BGP_SPK_MALFORMED, msg);
	}
	/* the attributes once per UPDATE, not once per prefix */
	struct sp_attr *a = NULL;
	if (!u->withdraw_all && (u->nlri.len || u->mp_reach.len))
		a = attr_of_update(s, u);
	for (int k = 0; k < 2; k++)
		for (bgp_nlri_begin(&it, add[k]); bgp_nlri_next(&it, &p);) {
			if (u->withdraw_all)
				rx_withdraw(s, &p);
			else
				rx_announce(s, &p, a);
		}
	if (a)
		attr_put(s, a);
}

static void on_notify(void *ctx, struct bgp_session *f, const struct bgp_notify *n, bool sent)
{
	struct sp_session *s = ctx;
	(void)f;
	struct bgp_speaker_event e = {.kind = sent ? BGP_SPK_NOTIFY_SENT : BGP_SPK_NOTIFY_RECEIVED,
				      .code = n->code,
				      .subcode = n->subcode,
				      .code_name = bgp_err_name(n->code),
				      .subcode_name = bgp_err_subname(n->code, n->subcode)};
	emit(s, &e);
}

static void on_refresh(void *ctx, struct bgp_session *f)
{
	struct sp_session *s = ctx;
	(void)f;
	s->n_tx = 0; /* send everything again */
	s->sp->dirty = true;
}

static const struct bgp_session_ops sp_ops = {on_state, on_update, on_notify, on_refresh};

/* ------------------------------------------------------------ advertising */

static int adv_cmp(const void *x, const void *y)
{
	const struct sp_adv *a = x, *b = y;
	if (a->pfx.addr.af != b->pfx.addr.af)
		return a->pfx.addr.af < b->pfx.addr.af ? -1 : 1;
	if (a->path_len != b->path_len)
		return a->path_len < b->path_len ? -1 : 1;
	int c = memcmp(a->path, b->path, a->path_len * sizeof(a->path[0]));
	return c ? c : pfx_cmp(&a->pfx, &b->pfx);
}

static bool adv_same(const struct sp_adv *a, const struct sp_adv *b)
{
	return net_prefix_eq(&a->pfx, &b->pfx) && a->path_len == b->path_len &&
	       !memcmp(a->path, b->path, a->path_len * sizeof(a->path[0]));
}

static const struct sp_adv *adv_find(const struct sp_adv *v, size_t n, const struct net_prefix *p)
{
	for (size_t i = 0; i < n; i++)
		if (net_prefix_eq(&v[i].pfx, p))
			return &v[i];
	return NULL;
}

/* Our address on the connection as an IPv4 NEXT_HOP and an IPv6 one
 * (IPv4-mapped, RFC 4291 2.5.5.2, on an IPv4 connection). */
static void next_hops(const struct sp_session *s, struct bgp_announce *a)
{
	if (s->local.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)&s->local;
		a->next_hop = ntohl(in->sin_addr.s_addr);
		a->next_hop6[10] = a->next_hop6[11] = 0xff;
		memcpy(a->next_hop6 + 12, &in->sin_addr, 4);
	} else if (s->local.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)&s->local;
		memcpy(a->next_hop6, &in6->sin6_addr, 16);
	}
}

/* Send @s the difference between what it was sent and what the route
 * engine says AWS advertises over its link now. */
static void advertise(struct sp_session *s)
{
	struct bgp_speaker *sp = s->sp;
	if (s->fsm.state != BGP_ST_ESTABLISHED || !sp->rib)
		return;
	struct rib_route *rr = NULL;
	uint32_t n = 0;
	const struct model_site *site = &sp->sites[live_site_of(sp, s)];
	if (rib_advertised(sp->rib, site, s->via, &rr, &n) != 0)
		return;
	struct sp_adv *want = calloc(n ? n : 1, sizeof(*want));
	if (!want) {
		free(rr);
		return;
	}
	size_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (rr[i].attr.pfx.addr.af != s->info.af || adv_find(want, k, &rr[i].attr.pfx))
			continue; /* the session's family only; one path per prefix (the
				   * first: the engine's order) */
		want[k].pfx = rr[i].attr.pfx;
		want[k].path_len = rr[i].attr.as_path_len < SP_MAX_PATH ? rr[i].attr.as_path_len :
									  SP_MAX_PATH;
		if (want[k].path_len)
			memcpy(want[k].path, rr[i].attr.as_path,
			       want[k].path_len * sizeof(want[k].path[0]));
		k++;
	}
	free(rr);
	qsort(want, k, sizeof(*want), adv_cmp);
	/* withdrawals first: what was sent and is no longer advertised */
	struct net_prefix *gone = calloc(s->n_tx ? s->n_tx : 1, sizeof(*gone));
	size_t ng = 0;
	for (size_t i = 0; gone && i < s->n_tx; i++)
		if (!adv_find(want, k, &s->tx[i].pfx))
			gone[ng++] = s->tx[i].pfx;
	for (int af = NET_AF_INET; gone && af <= NET_AF_INET6; af += 2) {
		struct net_prefix *fam = calloc(ng ? ng : 1, sizeof(*fam));
		size_t nf = 0;
		for (size_t i = 0; fam && i < ng; i++)
			if (gone[i].addr.af == af)
				fam[nf++] = gone[i];
		if (nf)
			bgp_session_send_update(&s->fsm, NULL, fam, nf);
		for (size_t i = 0; i < nf; i++) {
			char t[NET_PREFIX_STRLEN];
			struct bgp_speaker_event e = {.kind = BGP_SPK_ADV_WITHDRAWN,
						      .prefix = net_prefix_fmt(&fam[i], t)};
			emit(s, &e);
		}
		free(fam);
	}
	free(gone);
	/* then the announcements, one UPDATE per family and AS_PATH */
	struct net_prefix *grp = calloc(k ? k : 1, sizeof(*grp));
	for (size_t i = 0; grp && i < k;) {
		size_t j = i, ng2 = 0;
		while (j < k && want[j].pfx.addr.af == want[i].pfx.addr.af &&
		       want[j].path_len == want[i].path_len &&
		       !memcmp(want[j].path, want[i].path, want[i].path_len * sizeof(uint32_t))) {
			const struct sp_adv *old = adv_find(s->tx, s->n_tx, &want[j].pfx);
			if (!old || !adv_same(old, &want[j]))
				grp[ng2++] = want[j].pfx;
			j++;
		}
		if (ng2) {
			struct bgp_announce a = {.origin = 0,
						 .as_path = want[i].path,
						 .as_path_len = want[i].path_len,
						 .as4 = s->fsm.as4};
			next_hops(s, &a);
			bgp_session_send_update(&s->fsm, &a, grp, ng2);
			for (size_t g = 0; g < ng2; g++) {
				char t[NET_PREFIX_STRLEN];
				struct bgp_speaker_event e = {.kind = BGP_SPK_ADVERTISED,
							      .prefix = net_prefix_fmt(&grp[g], t),
							      .as_path = want[i].path,
							      .as_path_len = want[i].path_len};
				emit(s, &e);
			}
		}
		i = j;
	}
	free(grp);
	free(s->tx);
	s->tx = want;
	s->n_tx = k;
}

/*
 * Direct Connect's quota on the live model (route/dx_quota.h: distinct
 * prefixes per VIF and family): a VIF session over it goes down with
 * NOTIFICATION 6/1, whose data is the AFI, SAFI and the limit (RFC 4486
 * 4).  Also a session over vpcsim's own cap (max_routes, SP_MAX_RX).
 */
/*
 * route_dx_prefix_counts() of the live model without sorting every
 * received route again: the advertisements not learned live are counted
 * as the engine counts them, and a VIF that only one session's routes go
 * over has as many distinct prefixes as that session holds (its store is
 * keyed by prefix).  A VIF shared by sessions, or with advertisements of
 * the snapshot's besides, is counted on the whole live model.
 */
static int live_dx_counts(const struct bgp_speaker *sp, struct route_dx_count *cnt)
{
	const struct model *m = &sp->live;
	struct model_site *st = malloc((m->n_sites ? m->n_sites : 1) * sizeof(*st));
	if (!st)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_sites; i++) {
		st[i] = m->sites[i];
		st[i].n_adv = sp->n_static[i];
	}
	struct model only = *m;
	only.sites = st;
	int err = route_dx_prefix_counts(&only, cnt);
	free(st);
	if (err)
		return err;
	for (uint32_t j = 0; j < sp->n; j++) {
		const struct sp_session *s = sp->ss[j];
		uint32_t vi;
		if (!s->vif || !model_index_of(m, MODEL_VIF, s->vif, &vi))
			continue;
		bool alone = cnt[vi].v4 == 0 && cnt[vi].v6 == 0;
		for (uint32_t k = 0; alone && k < sp->n; k++)
			alone = k == j || sp->ss[k]->via != s->via;
		if (!alone)
			return route_dx_prefix_counts(m, cnt);
		for (size_t r = 0; r < s->n_rx; r++) {
			if (s->rx[r].pfx.addr.af == NET_AF_INET6)
				cnt[vi].v6++;
			else if (s->rx[r].pfx.addr.af == NET_AF_INET)
				cnt[vi].v4++;
		}
	}
	return 0;
}

static void quotas(struct bgp_speaker *sp, uint64_t now)
{
	const struct model *m = &sp->live;
	struct route_dx_count *cnt = calloc(m->n_vifs ? m->n_vifs : 1, sizeof(*cnt));
	if (!cnt || live_dx_counts(sp, cnt) != 0) {
		free(cnt);
		return;
	}
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		if (s->fsm.state != BGP_ST_ESTABLISHED)
			continue;
		uint32_t lim = max_rx(sp), got = 0;
		bool v6 = false;
		uint32_t vi;
		if (s->vif && model_index_of(m, MODEL_VIF, s->vif, &vi)) {
			lim = route_dx_prefix_limit(s->vif, sp->opts.rib.dx_prefix_limit);
			if (cnt[vi].v4 > lim)
				got = cnt[vi].v4;
			else if (cnt[vi].v6 > lim) {
				got = cnt[vi].v6;
				v6 = true;
			}
		}
		if (!got && s->rx_over)
			got = max_rx(sp) + 1;
		if (!got)
			continue;
		char msg[200];
		uint32_t idle = sp->opts.quota_idle_ms ? sp->opts.quota_idle_ms : SP_QUOTA_IDLE_MS;
		snprintf(msg, sizeof(msg),
			 "%s: %u IPv%d prefixes received exceed the %u-prefix quota of the BGP "
			 "session: session down, Idle for %u s",
			 s->via->id, got, v6 ? 6 : 4, lim, idle / 1000);
		emit_text(s, BGP_SPK_QUOTA, msg);
		uint8_t data[7] = {0,
				   v6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4,
				   BGP_SAFI_UNICAST,
				   (uint8_t)(lim >> 24),
				   (uint8_t)(lim >> 16),
				   (uint8_t)(lim >> 8),
				   (uint8_t)lim};
		s->rx_over = false;
		s->quota_down = true;
		bgp_session_cease(&s->fsm, BGP_CEASE_MAX_PREFIXES, data, sizeof(data), false, now);
		/* AWS leaves the session down ("idle") until the prefixes are
		 * reduced (limits.html); it does not say when it tries again.
		 * vpcsim stays Idle -- the peer's connections refused -- for
		 * the quota idle time, then restarts (AutomaticStart): a peer
		 * still over the quota is taken down again. */
		if (s->fsm.t_idle_hold)
			s->fsm.t_idle_hold = now + idle;
	}
	free(cnt);
}

static void recompute(struct bgp_speaker *sp, uint64_t now)
{
	for (int round = 0; round < 2 && sp->dirty; round++) {
		sp->dirty = false;
		if (live_build(sp) != 0) {
			for (uint32_t j = 0; j < sp->n; j++)
				emit_text(sp->ss[j], BGP_SPK_ERROR,
					  "out of memory recomputing the routes");
			return;
		}
		quotas(sp, now); /* may end sessions: then once more */
	}
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		if (!s->rx_done_ms || s->held_reported || s->fsm.state != BGP_ST_ESTABLISHED)
			continue;
		s->held_reported = true;
		struct bgp_speaker_event e = {.kind = BGP_SPK_HOLDING,
					      .routes = (uint32_t)s->n_rx,
					      .rx_ms = s->rx_done_ms - s->est_ms,
					      .installed_ms = now_ms() - s->est_ms};
		emit(s, &e);
	}
	for (uint32_t j = 0; j < sp->n; j++)
		advertise(sp->ss[j]);
}

/* ---------------------------------------------------------------- sockets */

static uint16_t sock_port(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET ?
			     ((const struct sockaddr_in *)(const void *)ss)->sin_port :
			     ((const struct sockaddr_in6 *)(const void *)ss)->sin6_port);
}

static void addr_text(const struct sockaddr_storage *ss, char *b, size_t n)
{
	char h[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ss)->sin_addr, h,
			  sizeof(h));
	else
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ss)->sin6_addr, h,
			  sizeof(h));
	snprintf(b, n, ss->ss_family == AF_INET6 ? "[%s]:%u" : "%s:%u", h, (unsigned)sock_port(ss));
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/*
 * The TCP MD5 signature key (RFC 2385) of @key on @fd: for @peer only
 * (an outgoing connection), or for any peer of its family (a listening
 * socket: TCP_MD5SIG_EXT with a prefix of length 0, Linux 4.13).
 */
static int set_md5(int fd, const char *key, const struct sockaddr_storage *peer, bool any)
{
	struct tcp_md5sig m;
	memset(&m, 0, sizeof(m));
	size_t kl = strlen(key);
	if (kl > TCP_MD5SIG_MAXKEYLEN) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&m.tcpm_addr, peer, sizeof(*peer));
	if (any) {
		if (m.tcpm_addr.ss_family == AF_INET)
			memset(&((struct sockaddr_in *)(void *)&m.tcpm_addr)->sin_addr, 0, 4);
		else
			memset(&((struct sockaddr_in6 *)(void *)&m.tcpm_addr)->sin6_addr, 0, 16);
		m.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
		m.tcpm_prefixlen = 0;
	}
	m.tcpm_keylen = (uint16_t)kl;
	memcpy(m.tcpm_key, key, kl);
	return setsockopt(fd, IPPROTO_TCP, any ? TCP_MD5SIG_EXT : TCP_MD5SIG, &m, sizeof(m));
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* A recv() or send() that failed for now only: nothing to read, no room
 * to write, or a signal; the next poll round tries again. */
static bool sock_retry(void)
{
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

/* The peer closed or reset the connection: TcpConnectionFails (RFC 4271
 * 8.2.2), with whatever was read or queued on it dropped. */
static void conn_lost(struct sp_session *s, uint64_t now)
{
	close_fd(&s->fd);
	bgp_session_reset_io(&s->fsm);
	bgp_session_event(&s->fsm, BGP_EV_TCP_FAILS, now);
}

/* A recv() or send() on @s returned @n <= 0: unless the socket only would
 * have blocked (or was interrupted), the peer closed or reset it. */
static void io_stopped(struct sp_session *s, ssize_t n, uint64_t now)
{
	if (n == 0 || !sock_retry())
		conn_lost(s, now);
}

/* The connection ends: shut our side, drain the peer's for a moment so
 * what we queued (a NOTIFICATION) is not lost to a reset. */
static void linger_conn(struct sp_session *s, uint64_t now)
{
	if (s->fd < 0)
		return;
	if (s->fsm.out_len) {
		ssize_t w = send(s->fd, s->fsm.out, s->fsm.out_len, MSG_NOSIGNAL);
		(void)w;
	}
	shutdown(s->fd, SHUT_WR);
	close_fd(&s->linger_fd);
	s->linger_fd = s->fd;
	s->linger_until = now + SP_LINGER_MS;
	s->fd = -1;
	s->connecting = false;
	bgp_session_reset_io(&s->fsm);
}

/* ------------------------------------------------------------------- API */

int bgp_speaker_new(const struct model *m, const struct bgp_speaker_opts *o, bgp_speaker_cb cb,
		    void *ctx, struct bgp_speaker **out)
{
	if (!m || !out)
		return VS_EINVAL;
	*out = NULL;
	struct bgp_speaker *sp = calloc(1, sizeof(*sp));
	if (!sp)
		return VS_ENOMEM;
	sp->base = m;
	if (o)
		sp->opts = *o;
	sp->cb = cb;
	sp->ctx = ctx;
	int err = live_build(sp);
	if (err) {
		bgp_speaker_free(sp);
		return err;
	}
	*out = sp;
	return 0;
}

void bgp_speaker_free(struct bgp_speaker *sp)
{
	if (!sp)
		return;
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		close_fd(&s->lfd);
		close_fd(&s->fd);
		close_fd(&s->linger_fd);
		bgp_session_free(&s->fsm);
		rx_clear(s);
		free(s->tx);
		free(s);
	}
	rib_free(sp->rib);
	live_free(sp);
	free(sp);
}

/* The IPv4 address of "169.254.100.1/30" as a host-order BGP identifier,
 * plus @add; 0 when it is not one. */
static uint32_t id_from(const char *cidr, uint32_t add)
{
	if (!cidr)
		return 0;
	char b[64];
	snprintf(b, sizeof(b), "%s", cidr);
	char *slash = strchr(b, '/');
	if (slash)
		*slash = '\0';
	struct net_addr a;
	if (net_addr_parse(b, &a) != 0 || a.af != NET_AF_INET)
		return 0;
	return net_addr_v4(&a) + add;
}

/* The inside address @cidr ("169.254.100.0/30") with its host part set to
 * @host ("169.254.100.1/30" for host 1) into @b; "" when not IPv4. */
static void inside_host(const char *cidr, uint32_t host, char *b, size_t n)
{
	b[0] = '\0';
	struct net_prefix p;
	if (!cidr || net_prefix_parse(cidr, &p) != 0 || p.addr.af != NET_AF_INET || p.len > 30)
		return;
	uint32_t a = net_addr_v4(&p.addr) + host;
	snprintf(b, n, "%u.%u.%u.%u/%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255,
		 (unsigned)p.len);
}

/* Who the session is: the AWS-side and peer ASNs, our BGP identifier, the
 * hold time we propose, the MD5 key, the inside addresses.  NULL, or what
 * is missing. */
static bool is_v6(const char *af)
{
	return af && strcasecmp(af, "ipv6") == 0;
}

/* The VIF's BGP peer of family @af (NET_AF_INET6 or NET_AF_INET), or NULL.
 * A VIF has at most one of each (add-peer-to-vif.html). */
static const struct model_bgp_peer *vif_peer(const struct model_vif *v, uint8_t af)
{
	for (uint32_t p = 0; p < v->n_peers; p++)
		if (is_v6(v->peers[p].af) == (af == NET_AF_INET6))
			return &v->peers[p];
	return NULL;
}

/* A VIF session: its BGP peer is the one of the family the session id
 * names (":ipv4", ":ipv6"), else of the VIF's addressFamily (its first
 * peer's), and gives the addresses, ASN and key, the VIF's own where the
 * peer has none. */
static const char *vif_identity(struct bgp_session_info *in, bool af_named)
{
	const struct model_vif *v = MODEL_AS(const struct model_vif, in->via);
	if (!af_named)
		in->af = is_v6(v->af      ? v->af :
			       v->n_peers ? v->peers[0].af :
					    NULL) ?
				 NET_AF_INET6 :
				 NET_AF_INET;
	const struct model_bgp_peer *p = vif_peer(v, in->af);
	if (af_named && !p && v->n_peers)
		return in->af == NET_AF_INET6 ? "the virtual interface has no IPv6 BGP peer" :
						"the virtual interface has no IPv4 BGP peer";
	/* the VIF's top-level fields are its first peer's: used only for
	 * that peer's family */
	bool own = !af_named || is_v6(v->af) == (in->af == NET_AF_INET6);
	const char *amazon = p && p->amazon_addr ? p->amazon_addr : own ? v->amazon_addr : NULL;
	const char *customer = p && p->customer_addr ? p->customer_addr :
			       own                   ? v->customer_addr :
						       NULL;
	const char *key = p && p->auth_key && *p->auth_key ? p->auth_key : v->auth_key;
	in->local_as = rib_link_asn(in->via);
	in->peer_as = p && p->asn ? p->asn : v->asn;
	in->hold_time = SP_HOLD_DX;
	in->bgp_id = id_from(amazon, 0);
	in->md5 = key && *key ? key : NULL;
	snprintf(in->amazon_addr, sizeof(in->amazon_addr), "%s", amazon ? amazon : "");
	snprintf(in->customer_addr, sizeof(in->customer_addr), "%s", customer ? customer : "");
	return in->peer_as ? NULL : "the virtual interface has no customer ASN (asn)";
}

static const char *identity(struct bgp_session_info *in, bool af_named)
{
	in->bgp_id = 0;
	if (in->via->kind == MODEL_VIF) {
		const char *why = vif_identity(in, af_named);
		if (why)
			return why;
	} else {
		const struct model_vpn *v = MODEL_AS(const struct model_vpn, in->via);
		in->af = v->inside_v6 ? NET_AF_INET6 : NET_AF_INET;
		in->local_as = rib_link_asn(in->via);
		in->peer_as = v->cgw ? v->cgw->asn : 0;
		in->hold_time = SP_HOLD_VPN;
		in->md5 = NULL; /* the tunnel is IPsec: no TCP MD5 */
		/* the AWS end of the tunnel's inside /30 is its first address,
		 * the customer gateway's the second */
		if (in->tunnel <= v->n_tunnels && v->tunnels[in->tunnel - 1].inside_cidr.text) {
			const char *c = v->tunnels[in->tunnel - 1].inside_cidr.text;
			in->bgp_id = id_from(c, 1);
			inside_host(c, 1, in->amazon_addr, sizeof(in->amazon_addr));
			inside_host(c, 2, in->customer_addr, sizeof(in->customer_addr));
		}
		if (!in->peer_as)
			return v->cgw ? "its customer gateway has no BgpAsn" :
					"it has no customer gateway in the snapshot";
		if (v->static_only)
			return "it uses static routing (StaticRoutesOnly): no BGP";
	}
	if (!in->bgp_id)
		in->bgp_id = 0xa9fefe01u; /* 169.254.254.1 */
	return NULL;
}

int bgp_speaker_describe(const struct model *m, const char *id, struct bgp_session_info *in,
			 char *err, size_t errlen)
{
	if (!m || !id || !in || !err)
		return VS_EINVAL;
	memset(in, 0, sizeof(*in));
	snprintf(in->id, sizeof(in->id), "%s", id);
	char rid[96];
	snprintf(rid, sizeof(rid), "%s", id);
	char *colon = strchr(rid, ':');
	bool af_named = false;
	if (colon) {
		if (!strcmp(colon, ":1") || !strcmp(colon, ":2"))
			in->tunnel = (unsigned)(colon[1] - '0');
		else if (!strcmp(colon, ":ipv4") || !strcmp(colon, ":ipv6")) {
			af_named = true;
			in->af = colon[4] == '6' ? NET_AF_INET6 : NET_AF_INET;
		} else {
			snprintf(err, errlen,
				 "session %s: a tunnel is :1 or :2, a VIF's BGP peer :ipv4 or "
				 ":ipv6, not '%s'",
				 id, colon);
			return VS_EINVAL;
		}
		*colon = '\0';
	}
	const struct model_obj *o = model_find_kind(m, MODEL_VIF, rid);
	if (!o)
		o = model_find_kind(m, MODEL_VPN, rid);
	if (!o) {
		snprintf(err, errlen,
			 "session %s: no virtual interface or VPN connection '%s' in the snapshot",
			 id, rid);
		return VS_ENOTFOUND;
	}
	if (o->kind == MODEL_VPN && !in->tunnel) {
		snprintf(err, errlen, "session %s: say which tunnel of %s: %s:1 or %s:2", id, rid,
			 rid, rid);
		return VS_EINVAL;
	}
	if (o->kind == MODEL_VIF && in->tunnel) {
		snprintf(err, errlen, "session %s: %s is a virtual interface: it has no tunnels",
			 id, rid);
		return VS_EINVAL;
	}
	in->via = o;
	const char *why = identity(in, af_named);
	if (why) {
		snprintf(err, errlen, "session %s: %s %s: %s", id, model_kind_name(o->kind), rid,
			 why);
		return VS_EINVAL;
	}
	/* the site behind the link: the snapshot's that announces over it */
	in->site = NULL;
	for (uint32_t i = 0; i < m->n_sites && !in->site; i++)
		for (uint32_t a = 0; a < m->sites[i].n_adv; a++)
			if (m->sites[i].adv[a].via == o) {
				in->site = &m->sites[i];
				break;
			}
	return 0;
}

int bgp_speaker_add(struct bgp_speaker *sp, const char *id, const char *addr, bool active,
		    char *err, size_t errlen)
{
	if (!sp || !id || !addr || !err)
		return VS_EINVAL;
	if (sp->n >= SP_MAX_SESSIONS) {
		snprintf(err, errlen, "%s: at most %d sessions", id, SP_MAX_SESSIONS);
		return VS_EINVAL;
	}
	for (uint32_t j = 0; j < sp->n; j++)
		if (!strcmp(sp->ss[j]->id, id)) {
			snprintf(err, errlen, "session %s: given twice", id);
			return VS_EINVAL;
		}
	struct sp_session *s = calloc(1, sizeof(*s));
	if (!s)
		return VS_ENOMEM;
	int rc = bgp_speaker_describe(sp->base, id, &s->info, err, errlen);
	if (rc) {
		free(s);
		return rc;
	}
	s->sp = sp;
	s->lfd = s->fd = s->linger_fd = -1;
	s->site = -1;
	snprintf(s->id, sizeof(s->id), "%s", id);
	const struct model_obj *o = s->info.via;
	s->via = o;
	s->vif = o->kind == MODEL_VIF ? MODEL_AS(const struct model_vif, o) : NULL;
	s->md5 = s->info.md5;
	struct bgp_session_cfg c = {.name = s->id,
				    .passive = !active,
				    .local_as = s->info.local_as,
				    .peer_as = s->info.peer_as,
				    .bgp_id = s->info.bgp_id,
				    .hold_time = s->info.hold_time,
				    .af = s->info.af,
				    .connect_retry_ms = sp->opts.connect_retry_ms,
				    .idle_hold_ms = sp->opts.idle_hold_ms};
	/* the site behind the link: the snapshot's that announces over it,
	 * else one of its own */
	uint32_t si;
	if (s->info.site && model_index_of(sp->base, MODEL_SITE, &s->info.site->obj, &si))
		s->site = si;
	char rid[96];
	snprintf(rid, sizeof(rid), "%s", o->id);
	snprintf(s->site_id, sizeof(s->site_id), "bgp-peer:%s", rid);
	if (!net_sockaddr_parse(addr, &s->addr, &s->addr_len)) {
		snprintf(err, errlen, "session %s: '%s' is not ADDR:PORT or [ADDR]:PORT", id, addr);
		free(s);
		return VS_EINVAL;
	}
	s->active = active;
	bgp_session_init(&s->fsm, &c, &sp_ops, s);
	if (!active) {
		int one = 1;
		s->lfd = socket(s->addr.ss_family, SOCK_STREAM, 0);
		const char *step = "socket";
		int ok = s->lfd >= 0;
		if (ok) {
			setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			step = "TCP MD5 key (authKey)";
			ok = !s->md5 || set_md5(s->lfd, s->md5, &s->addr, true) == 0;
		}
		if (ok) {
			step = "bind";
			ok = bind(s->lfd, (struct sockaddr *)&s->addr, s->addr_len) == 0;
		}
		if (ok) {
			step = "listen";
			ok = listen(s->lfd, 4) == 0 && set_nonblock(s->lfd) == 0;
		}
		if (!ok) {
			snprintf(err, errlen, "session %s: cannot listen on %s (%s): %s", id, addr,
				 step, strerror(errno));
			close_fd(&s->lfd);
			free(s);
			return VS_EIO;
		}
		socklen_t l = sizeof(s->addr);
		getsockname(s->lfd, (struct sockaddr *)&s->addr, &l);
	}
	sp->ss[sp->n++] = s;
	sp->dirty = true;
	return 0;
}

void bgp_speaker_start(struct bgp_speaker *sp)
{
	uint64_t now = now_ms();
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		char t[80], msg[160];
		addr_text(&s->addr, t, sizeof(t));
		struct bgp_speaker_event e = {.kind = s->active ? BGP_SPK_CONNECTING :
								  BGP_SPK_LISTEN,
					      .text = msg,
					      .port = sock_port(&s->addr),
					      .local_as = s->fsm.cfg.local_as,
					      .peer_as = s->fsm.cfg.peer_as};
		snprintf(msg, sizeof(msg), "%s%s", t, s->md5 ? " (TCP MD5)" : "");
		emit(s, &e);
		bgp_session_event(&s->fsm,
				  s->active ? BGP_EV_MANUAL_START : BGP_EV_MANUAL_START_PASSIVE,
				  now);
	}
	recompute(sp, now);
}

/* Start the connection an active session wants. */
static void start_connect(struct sp_session *s, uint64_t now)
{
	s->fsm.want_connect = false;
	close_fd(&s->fd);
	s->fd = socket(s->addr.ss_family, SOCK_STREAM, 0);
	if (s->fd < 0 || set_nonblock(s->fd) != 0 ||
	    (s->md5 && set_md5(s->fd, s->md5, &s->addr, false) != 0)) {
		char msg[200];
		snprintf(msg, sizeof(msg), "cannot connect to the peer: %s", strerror(errno));
		emit_text(s, BGP_SPK_ERROR, msg);
		close_fd(&s->fd);
		bgp_session_event(&s->fsm, BGP_EV_TCP_FAILS, now);
		return;
	}
	if (connect(s->fd, (struct sockaddr *)&s->addr, s->addr_len) == 0) {
		socklen_t l = sizeof(s->local);
		getsockname(s->fd, (struct sockaddr *)&s->local, &l);
		bgp_session_event(&s->fsm, BGP_EV_TCP_CR_ACKED, now);
	} else if (errno == EINPROGRESS) {
		s->connecting = true;
	} else {
		close_fd(&s->fd);
		bgp_session_event(&s->fsm, BGP_EV_TCP_FAILS, now);
	}
}

static void on_accept(struct sp_session *s, uint64_t now)
{
	int c = accept(s->lfd, NULL, NULL);
	if (c < 0)
		return;
	/* One connection per session, taken only while it waits for one
	 * (Active); in Idle (after an error, before the restart) and with a
	 * connection up, a new one is refused (RFC 4271 8.2.2). */
	if (s->fd >= 0 || s->fsm.state != BGP_ST_ACTIVE || set_nonblock(c) != 0) {
		close(c);
		return;
	}
	s->fd = c;
	socklen_t l = sizeof(s->local);
	getsockname(c, (struct sockaddr *)&s->local, &l);
	bgp_session_event(&s->fsm, BGP_EV_TCP_CONFIRMED, now);
}

static void on_readable(struct sp_session *s, uint64_t now)
{
	uint8_t buf[16384];
	for (int i = 0; i < 16 && s->fd >= 0; i++) {
		ssize_t r = recv(s->fd, buf, sizeof(buf), 0);
		if (r > 0) {
			s->sp->input = true;
			bgp_session_input(&s->fsm, buf, (size_t)r, now);
			if (s->fsm.want_close)
				return;
			continue;
		}
		io_stopped(s, r, now);
		return;
	}
}

static void on_writable(struct sp_session *s, uint64_t now)
{
	while (s->fd >= 0 && s->fsm.out_len) {
		ssize_t w = send(s->fd, s->fsm.out, s->fsm.out_len, MSG_NOSIGNAL);
		if (w > 0) {
			bgp_session_sent(&s->fsm, (size_t)w);
			continue;
		}
		io_stopped(s, w, now);
		return;
	}
}

static void on_connected(struct sp_session *s, uint64_t now)
{
	int e = 0;
	socklen_t l = sizeof(e);
	s->connecting = false;
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &e, &l) != 0 || e) {
		close_fd(&s->fd);
		bgp_session_event(&s->fsm, BGP_EV_TCP_FAILS, now);
		return;
	}
	l = sizeof(s->local);
	getsockname(s->fd, (struct sockaddr *)&s->local, &l);
	bgp_session_event(&s->fsm, BGP_EV_TCP_CR_ACKED, now);
}

/* After each round: close what a session gave up, start what it wants. */
static void settle(struct sp_session *s, uint64_t now)
{
	if (s->fsm.want_close) {
		if (s->fd >= 0)
			linger_conn(s, now);
		else
			bgp_session_reset_io(&s->fsm);
	}
	if (s->fsm.want_connect && s->active)
		start_connect(s, now);
	if (s->linger_fd >= 0 && now >= s->linger_until)
		close_fd(&s->linger_fd);
}

int bgp_speaker_poll(struct bgp_speaker *sp, int timeout_ms)
{
	return bgp_speaker_poll_fds(sp, NULL, 0, timeout_ms);
}

int bgp_speaker_poll_fds(struct bgp_speaker *sp, struct pollfd *extra, unsigned n_extra,
			 int timeout_ms)
{
	struct pollfd pf[3 * SP_MAX_SESSIONS + BGP_SPEAKER_MAX_EXTRA];
	int who[3 * SP_MAX_SESSIONS], what[3 * SP_MAX_SESSIONS];
	nfds_t n = 0;
	if (n_extra > BGP_SPEAKER_MAX_EXTRA)
		return VS_EINVAL;
	uint64_t now = now_ms();
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		uint64_t next = bgp_session_timers(&s->fsm, now);
		settle(s, now);
		if (s->linger_fd >= 0 && (!next || s->linger_until < next))
			next = s->linger_until;
		if (next) {
			int64_t d = (int64_t)(next - now);
			if (d < timeout_ms)
				timeout_ms = d < 0 ? 0 : (int)d;
		}
		if (s->lfd >= 0) {
			pf[n] = (struct pollfd){s->lfd, POLLIN, 0};
			who[n] = (int)j;
			what[n++] = 0;
		}
		if (s->fd >= 0) {
			short ev = s->connecting ? POLLOUT : POLLIN;
			if (!s->connecting && s->fsm.out_len)
				ev |= POLLOUT;
			pf[n] = (struct pollfd){s->fd, ev, 0};
			who[n] = (int)j;
			what[n++] = 1;
		}
		if (s->linger_fd >= 0) {
			pf[n] = (struct pollfd){s->linger_fd, POLLIN, 0};
			who[n] = (int)j;
			what[n++] = 2;
		}
	}
	if (sp->dirty) {
		/* wait out the peer's burst: a round ends it only when the
		 * peer has been quiet for SP_QUIET_MS */
		uint64_t until = sp->input_ms + SP_QUIET_MS;
		int64_t d = until > now ? (int64_t)(until - now) : 0;
		if (timeout_ms < 0 || d < timeout_ms)
			timeout_ms = (int)d;
	}
	nfds_t n_own = n;
	for (unsigned i = 0; i < n_extra; i++) {
		extra[i].revents = 0;
		pf[n++] = extra[i];
	}
	int r = poll(pf, n, timeout_ms);
	if (r < 0 && errno != EINTR)
		return VS_EIO;
	for (unsigned i = 0; r > 0 && i < n_extra; i++)
		extra[i].revents = pf[n_own + i].revents;
	n = n_own;
	now = now_ms();
	for (nfds_t i = 0; r > 0 && i < n; i++) {
		if (!pf[i].revents)
			continue;
		struct sp_session *s = sp->ss[who[i]];
		if (what[i] == 0) {
			on_accept(s, now);
		} else if (what[i] == 1 && pf[i].fd == s->fd) {
			if (s->connecting)
				on_connected(s, now);
			else {
				if (pf[i].revents & (POLLIN | POLLHUP | POLLERR))
					on_readable(s, now);
				if (s->fd >= 0 && (pf[i].revents & POLLOUT))
					on_writable(s, now);
			}
		} else if (what[i] == 2 && pf[i].fd == s->linger_fd) {
			uint8_t junk[4096];
			ssize_t k = recv(s->linger_fd, junk, sizeof(junk), 0);
			if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR))
				close_fd(&s->linger_fd);
		}
	}
	/* While a peer is still sending (a full table comes in many rounds),
	 * the recomputation waits for a round without input, the peer quiet
	 * for SP_QUIET_MS (a poll that finds nothing between two segments
	 * of a burst does not end it) -- or for as
	 * long again as the last one took, at least 200 ms, so a steady
	 * stream still gets its routes installed -- rather than redoing every
	 * table each round. */
	if (sp->dirty && !sp->dirty_since)
		sp->dirty_since = now;
	uint64_t wait = sp->cost_ms > 200 ? sp->cost_ms : 200;
	if (sp->input)
		sp->input_ms = now;
	bool quiet = !sp->input && now - sp->input_ms >= SP_QUIET_MS;
	if (sp->dirty && (quiet || now - sp->dirty_since >= wait)) {
		recompute(sp, now);
		uint64_t done = now_ms();
		sp->cost_ms = done - now;
		sp->dirty_since = 0;
	}
	sp->input = false;
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		on_writable(s, now); /* what this round queued goes at once */
		settle(s, now);
	}
	return 0;
}

void bgp_speaker_shutdown(struct bgp_speaker *sp, int flush_ms)
{
	uint64_t now = now_ms();
	for (uint32_t j = 0; j < sp->n; j++) {
		struct sp_session *s = sp->ss[j];
		bgp_session_cease(&s->fsm, BGP_CEASE_ADMIN_SHUTDOWN, NULL, 0, true, now);
		on_writable(s, now);
		settle(s, now);
		close_fd(&s->lfd);
	}
	/* wait for the peers to read the NOTIFICATION and close */
	uint64_t until = now + (uint64_t)(flush_ms > 0 ? flush_ms : 0);
	for (;;) {
		struct pollfd pf[SP_MAX_SESSIONS];
		struct sp_session *who[SP_MAX_SESSIONS];
		nfds_t n = 0;
		for (uint32_t j = 0; j < sp->n; j++)
			if (sp->ss[j]->linger_fd >= 0) {
				pf[n] = (struct pollfd){sp->ss[j]->linger_fd, POLLIN, 0};
				who[n++] = sp->ss[j];
			}
		now = now_ms();
		if (!n || now >= until)
			break;
		if (poll(pf, n, (int)(until - now)) <= 0)
			continue;
		for (nfds_t i = 0; i < n; i++) {
			if (!pf[i].revents)
				continue;
			uint8_t junk[4096];
			ssize_t k = recv(pf[i].fd, junk, sizeof(junk), 0);
			if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR))
				close_fd(&who[i]->linger_fd);
		}
	}
	for (uint32_t j = 0; j < sp->n; j++) {
		close_fd(&sp->ss[j]->linger_fd);
		close_fd(&sp->ss[j]->fd);
	}
}

const struct model *bgp_speaker_model(const struct bgp_speaker *sp)
{
	return sp ? &sp->live : NULL;
}

const struct rib_set *bgp_speaker_rib(const struct bgp_speaker *sp)
{
	return sp ? sp->rib : NULL;
}
