spec --version
