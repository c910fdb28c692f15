extract MODEL_RESPONSE.md --block 1
