/*
 * DOC: an enum and its names written once
 *
 * An enum whose values have names in output is written as one X-macro list
 * of X(VALUE, "name") entries (X(VALUE, number, "name") where the values
 * are sparse, as wire codes are).  The header declares the enum from the
 * list with VS_NAMES_ENUM (VS_NAMES_ENUM_AT) and the module defines the
 * name function from the same list (base/names.h, NAMES_DEFINE), so a
 * value and its name cannot drift apart.  A NULL name leaves the value
 * without one: the name function gives its fallback.
 */
#ifndef VPCSIM_NAMES_H
#define VPCSIM_NAMES_H

#define VS_NAMES_ENUM(value, name)         value,
#define VS_NAMES_ENUM_AT(value, num, name) value = (num),

#endif
