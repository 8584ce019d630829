/*
 * DOC: "ADDR:PORT" as a socket address -- the one parser of where vpcsim
 * listens or connects (dns --listen, serve --listen, bgp --session and
 * --connect, --forward)
 *
 * Numeric only (no name lookup: nothing leaves the machine to parse an
 * argument): "127.0.0.1:53", "[::1]:53"; the port 0-65535 in decimal.
 */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "vpcsim/net.h"

bool net_sockaddr_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *port;
	if (!s)
		return false;
	if (s[0] == '[') {
		const char *e = strchr(s, ']');
		if (!e || e[1] != ':' || (size_t)(e - s - 1) >= sizeof(host))
			return false;
		memcpy(host, s + 1, (size_t)(e - s - 1));
		host[e - s - 1] = '\0';
		port = e + 2;
	} else {
		const char *c = strrchr(s, ':');
		if (!c || (size_t)(c - s) >= sizeof(host))
			return false;
		memcpy(host, s, (size_t)(c - s));
		host[c - s] = '\0';
		port = c + 1;
	}
	if (!*port || strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 ||
	    atoi(port) > 65535)
		return false;
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
		return false;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return true;
}
