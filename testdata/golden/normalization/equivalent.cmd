diff model.yaml ideal.json
