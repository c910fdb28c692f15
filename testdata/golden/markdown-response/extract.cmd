extract MODEL_RESPONSE.md
