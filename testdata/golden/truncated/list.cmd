extract MODEL_RESPONSE.md --list
