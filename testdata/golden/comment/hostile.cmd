comment ../../hostile/old.yaml ../../hostile/new.yaml --key hostile --fail-on high
