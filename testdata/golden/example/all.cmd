diff ../../examples/model.yaml ../../examples/ideal.json --all
