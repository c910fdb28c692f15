diff MODEL_RESPONSE.md TapStack.yml --old-block 1
