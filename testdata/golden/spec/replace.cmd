diff old.yaml new.yaml
