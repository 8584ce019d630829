/*
 * DOC: what a load balancer's listener does with a new connection
 *
 *  - the listener: the one of @lb whose port is the connection's
 *    destination port and whose protocol carries the connection's
 *    (HTTP, HTTPS, TCP, TLS over TCP; UDP over UDP; TCP_UDP either); a
 *    load balancer with none refuses it (ELB User Guides,
 *    load-balancer-listeners.html of the ALB and NLB guides);
 *  - an ALB listener's rules (alb_rule.h does the matching), the rule's
 *    deciding action (forward, redirect or fixed-response; authenticate-*
 *    actions run before it), its weighted target groups;
 *  - client IP preservation of a Network Load Balancer's target group
 *    (NLB guide, load-balancer-target-groups.html "Client IP
 *    preservation"): on for instance targets, off for IP targets of a TCP
 *    or TLS group, always on for UDP and TCP_UDP groups; the attribute
 *    preserve_client_ip.enabled decides where it may.  An ALB never
 *    preserves it: the target sees the node's address (the client's is in
 *    X-Forwarded-For).
 *
 * elb_listener_rules_build() compiles once (allocates); the lookups are
 * pure, never allocate, and are thread-safe on a built set.
 */
#ifndef VPCSIM_ELB_ELB_LISTENER_H
#define VPCSIM_ELB_ELB_LISTENER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elb/alb_rule.h"
#include "vpcsim/model.h"

/* The listener of @lb on @port for IANA protocol @proto, or NULL. */
const struct model_lb_listener *elb_listener_for(const struct model_lb *lb, uint8_t proto,
						 uint16_t port);

/* The value of attribute @key in @attrs (LoadBalancerAttributes or
 * TargetGroupAttributes), or NULL when not given. */
const char *elb_attr(const struct model_tag *attrs, uint32_t n, const char *key);

/* The action of @r that decides what happens to the request (forward,
 * redirect, fixed-response: the one with the highest Order, the others
 * are authenticate-* steps before it), or NULL when it has none. */
const struct model_lb_action *elb_rule_action(const struct model_lb_rule *r);

/* Which target group of a weighted forward gets the connection whose flow
 * hash is @hash: the weights split the hash space in order; a group of
 * weight 0 gets none.  NULL when every weight is 0 or @n is 0. */
const struct model_lb_fwd *elb_forward_pick(const struct model_lb_fwd *tgs, uint32_t n,
					    uint32_t hash);

/* Does a target of @tg see the client's own address as the source?  @proto
 * is the connection's IANA protocol; *from_attr (may be NULL) is set when
 * the group's preserve_client_ip.enabled attribute decided. */
bool elb_preserve_client_ip(const struct model_lb *lb, const struct model_tg *tg, uint8_t proto,
			    bool *from_attr);

/* An ALB listener's rules, compiled. */
struct elb_listener_rules;

/*
 * Compile the rules of @ls.  Returns 0 and sets *out (NULL when @ls has no
 * rules: its default actions decide); VS_EINVAL when a rule cannot be
 * compiled (@err names it); VS_ENOMEM.
 */
int elb_listener_rules_build(const struct model_lb_listener *ls, struct elb_listener_rules **out,
			     char *err, size_t errlen);
void elb_listener_rules_free(struct elb_listener_rules *r); /* NULL is a no-op */

/* The rule of @r that takes @req (NULL: none does), and in *n_tried how
 * many rules were tried before it. */
const struct model_lb_rule *elb_listener_rules_match(const struct elb_listener_rules *r,
						     const struct alb_request *req,
						     uint32_t *n_tried);

#endif
