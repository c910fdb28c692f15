check template.yaml
