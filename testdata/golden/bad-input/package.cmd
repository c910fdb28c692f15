diff package.json ok.yaml
