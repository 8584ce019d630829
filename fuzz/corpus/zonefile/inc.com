$INCLUDE other
