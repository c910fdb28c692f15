diff trailing-comma.json ok.yaml
