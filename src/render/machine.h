/* machine.h - what the SARIF and JUnit renderers share (report_sarif.c). */
#ifndef STACKGAP_RENDER_MACHINE_H
#define STACKGAP_RENDER_MACHINE_H

#include "stackgap/report.h"

/* The file a finding is shown in: its model-side evidence, else the run's file. */
const char *sg_finding_file(const sg_findings_run *run, const sg_finding *f);

#endif
