/* graph_check.h - structure checks for the resource graph's output, shared
 * by the unit test (test_graph) and the corpus report test.  Mermaid's own
 * parser (npm @mermaid-js/mermaid-cli) needs a browser and cannot run
 * offline, so the Mermaid check accepts exactly the statement subset that
 * graph_mermaid.c emits and nothing else. */
#ifndef STACKGAP_TESTS_GRAPH_CHECK_H
#define STACKGAP_TESTS_GRAPH_CHECK_H

#include <stddef.h>

/* The body of a mermaid block (without fences).  Every line must be one of:
 *   flowchart LR                         (first line only)
 *   ID["label"]  or  ID["label"]:::class  (ID n<digits> or l<digits>, unique)
 *   ID --> ID, ID -->|text| ID, ID -.-> ID, ID -.->|text| ID  (IDs declared)
 *   subgraph legend["Legend"] / direction LR / end   (balanced)
 *   classDef name prop:value,...    class ID,ID name    linkStyle N,N prop:value,...
 * Labels hold no " or backtick, < and > only in <br/>, # and ; only in
 * entities (#quot; #35; ...); every class used is defined; no line holds ```.
 * Returns the number of nodes, or -1 with the reason in why. */
int graph_check_mermaid(const char *s, size_t n, char *why, size_t whylen);

/* Checks every ```mermaid block of a Markdown document.  Returns how many
 * there are, or -1 with the reason (a malformed block, or one not closed). */
int graph_check_markdown(const char *md, size_t n, char *why, size_t whylen);

/* An SVG document: tags balanced with one <svg> root, attribute values
 * quoted, text and values with no raw < and only known entities, no script
 * or event attribute or external reference, and every coordinate (x, y,
 * width, height, path points) non-negative and inside the viewBox.  Returns
 * the number of <rect> elements, or -1 with the reason. */
int graph_check_svg(const char *s, size_t n, char *why, size_t whylen);

#endif
