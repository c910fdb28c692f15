comment ../../examples/ideal.json ../../examples/ideal.json
