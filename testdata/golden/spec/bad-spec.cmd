check template.yaml --spec unsorted.txt
