diff surrogates.json ok.yaml --format json
