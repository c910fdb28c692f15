help comment
