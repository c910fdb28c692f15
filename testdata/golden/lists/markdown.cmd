diff old.yaml new.yaml --format markdown
