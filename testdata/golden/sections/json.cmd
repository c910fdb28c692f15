diff old.yaml new.yaml --format json
