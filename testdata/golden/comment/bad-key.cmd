comment ../../examples/ideal.json ../../examples/model.yaml --key a-->b
