/*
 * DOC: the countries of each continent (geo.h)
 *
 * One line per Route 53 continent code (ContinentCode, GeoLocation in the
 * Route 53 API reference), its ISO 3166-1 alpha-2 countries and territories
 * in alphabetical order; the 249 codes of the standard, each once.  Where
 * a country spans two continents it is where the usual country-continent
 * tables (GeoNames, the ISO list by continent) put it: Russia in Europe;
 * Turkey, Cyprus, the Caucasus and Kazakhstan in Asia; Egypt in Africa;
 * Greenland and the Caribbean in North America.
 */
#include "dns/geo.h"

#include <stddef.h>
#include <string.h>

static const struct {
	char continent[3];
	const char *countries;
} continents[] = {
	{"AF", "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS "
	       "LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG "
	       "YT ZA ZM ZW"},
	{"AN", "AQ BV GS HM TF"},
	{"AS", "AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW "
	       "KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE"},
	{"EU", "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT "
	       "JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA"},
	{"NA", "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ "
	       "MS MX NI PA PM PR SV SX TC TT US VC VG VI"},
	{"OC", "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"},
	{"SA", "AR BO BR CL CO EC FK GF GY PE PY SR UY VE"},
};

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

const char *dns_geo_continent(const char *cc)
{
	if (!cc || !cc[0] || !cc[1] || cc[2])
		return NULL;
	char a = upper(cc[0]), b = upper(cc[1]);
	if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
		return NULL;
	for (size_t i = 0; i < sizeof(continents) / sizeof(continents[0]); i++)
		/* the codes sit at every third position: "AO BF BI ..." */
		for (const char *p = continents[i].countries; p[0] && p[1]; p += p[2] ? 3 : 2)
			if (p[0] == a && p[1] == b)
				return continents[i].continent;
	return NULL;
}
