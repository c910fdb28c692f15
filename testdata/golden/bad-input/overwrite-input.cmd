diff ok.yaml ok.yaml -o ok.yaml
