/* placeholder */
#include "stackgap/graph.h"
void sg_render_graph_svg(sg_strbuf *b, const sg_graph *g) { (void)b; (void)g; }
