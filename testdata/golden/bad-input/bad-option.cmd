diff ok.yaml ok.yaml --frobnicate
