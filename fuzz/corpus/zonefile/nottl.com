www IN A 1.2.3.4
