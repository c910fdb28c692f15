typedef int sg_stub_unit_; /* placeholder: being written */
