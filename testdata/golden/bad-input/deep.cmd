diff deep.json ok.yaml
