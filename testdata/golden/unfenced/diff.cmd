diff MODEL_RESPONSE.md ideal.json
