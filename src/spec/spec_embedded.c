/* spec_embedded.c - the embedded spec and the active one.
 *
 * The embedded spec is generated at build time (src/spec/spec_embed.c): the bytes
 * of cfnspec.txt (src/spec/cfnspec.tar.xz) and the index sg_spec_parse would build from them, as
 * static data. Using it costs nothing at start-up and needs no locking. */
#include <stddef.h>

#include "spec/spec_internal.h"

extern const sg_spec sg_spec_embedded_spec; /* generated, read-only */

static const sg_spec *active;

const sg_spec *sg_spec_embedded(void)
{
    return &sg_spec_embedded_spec;
}

void sg_spec_use(const sg_spec *spec)
{
    active = spec;
}

const sg_spec *sg_spec_active(void)
{
    return active ? active : &sg_spec_embedded_spec;
}
