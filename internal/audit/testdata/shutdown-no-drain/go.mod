module example.test/c

go 1.26
