diff missing.yaml ok.yaml
