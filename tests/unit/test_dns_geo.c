/*
 * DOC: unit tests for the country -> continent table (src/dns/geo.c)
 *
 * routing-policy-geo.html: a continent record covers the countries on that
 * continent (the smallest area still wins); Route 53's continent codes are
 * AF AN AS EU NA OC SA (GeoLocation, ContinentCode, in the Route 53 API
 * reference), its country codes ISO 3166-1 alpha-2 (CountryCode).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dns/geo.h"

static void assert_on(const char *country, const char *continent)
{
	const char *got = dns_geo_continent(country);
	assert_non_null(got);
	assert_string_equal(got, continent);
}

/* A few countries of each of the seven continents, the first and last
 * codes of a line among them. */
static void test_countries_are_on_their_continents(void **state)
{
	(void)state;
	assert_on("AO", "AF");
	assert_on("EG", "AF");
	assert_on("NG", "AF");
	assert_on("ZW", "AF");
	assert_on("AQ", "AN");
	assert_on("TF", "AN");
	assert_on("AE", "AS");
	assert_on("JP", "AS");
	assert_on("IN", "AS");
	assert_on("YE", "AS");
	assert_on("AD", "EU");
	assert_on("DE", "EU");
	assert_on("FR", "EU");
	assert_on("GB", "EU");
	assert_on("VA", "EU");
	assert_on("AG", "NA");
	assert_on("CA", "NA");
	assert_on("MX", "NA");
	assert_on("US", "NA");
	assert_on("VI", "NA");
	assert_on("AS", "OC"); /* American Samoa */
	assert_on("AU", "OC");
	assert_on("NZ", "OC");
	assert_on("WS", "OC");
	assert_on("AR", "SA");
	assert_on("BR", "SA");
	assert_on("VE", "SA");
}

/* CountryCode's letter case does not matter. */
static void test_country_codes_in_either_case(void **state)
{
	(void)state;
	assert_on("fr", "EU");
	assert_on("uS", "NA");
}

/* A code of no country, or what is not two letters: no continent (then
 * only country and default records can match). */
static void test_an_unknown_code_is_on_no_continent(void **state)
{
	(void)state;
	assert_null(dns_geo_continent("ZZ"));
	assert_null(dns_geo_continent("XK"));
	assert_null(dns_geo_continent("EU")); /* a continent, not a country */
	assert_null(dns_geo_continent("F"));
	assert_null(dns_geo_continent("FRA"));
	assert_null(dns_geo_continent("F1"));
	assert_null(dns_geo_continent(""));
	assert_null(dns_geo_continent(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_countries_are_on_their_continents),
		cmocka_unit_test(test_country_codes_in_either_case),
		cmocka_unit_test(test_an_unknown_code_is_on_no_continent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
