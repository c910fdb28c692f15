normalize template.yaml
