diff code-only.md ok.yaml
