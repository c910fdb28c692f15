comment ../../examples/ideal.json ../../examples/model.yaml
