diff empty.yaml ok.yaml
