diff prose.md ok.yaml
