/*
 * DOC: which continent a country is on, for geolocation routing
 *
 * routing-policy-geo.html: records for overlapping locations -- a
 * continent and a country on it -- answer with the smallest; a continent
 * record covers every country on that continent.  A client's country
 * (ISO 3166-1 alpha-2, as Route 53's CountryCode) thus also places it on a
 * continent (Route 53's ContinentCode: AF AN AS EU NA OC SA).
 *
 * Pure lookup in a static table; thread-safe; no allocation.
 */
#ifndef VPCSIM_DNS_GEO_H
#define VPCSIM_DNS_GEO_H

/* The continent code of country @cc (two letters, either case): "EU" for
 * "FR", a static string; NULL for NULL, a code of no country, or anything
 * that is not two letters. */
const char *dns_geo_continent(const char *cc);

#endif
