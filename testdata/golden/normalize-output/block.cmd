normalize ../markdown-response/MODEL_RESPONSE.md --block 1
