diff MODEL_RESPONSE.md TapStack.yml
