diff bad-indent.yaml ok.yaml
