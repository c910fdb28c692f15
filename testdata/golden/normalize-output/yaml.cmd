normalize template.yaml --format yaml
