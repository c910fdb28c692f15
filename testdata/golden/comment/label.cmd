comment ../../examples/ideal.json ../../examples/model.yaml --label lib/TapStack.yml --max-chars 4000
