module example.test/l

go 1.26
