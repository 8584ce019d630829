$TTL 60
@ IN SOA a. b. 1 2 3 4 5
www IN BOGUS 1.2.3.4
