diff ../../examples/model.yaml ../../examples/ideal.json --format markdown
