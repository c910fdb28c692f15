diff bomb.yaml ok.yaml
