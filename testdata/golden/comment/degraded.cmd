comment ../../examples/ideal.json ../../examples/model.yaml --max-chars 3000
