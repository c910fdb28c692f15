comment ../../examples/ideal.json ../../examples/model.yaml --post --max-chars 70000
