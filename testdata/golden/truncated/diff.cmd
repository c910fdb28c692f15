diff MODEL_RESPONSE.md ideal.yaml
