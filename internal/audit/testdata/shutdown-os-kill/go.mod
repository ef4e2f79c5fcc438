module example.test/b

go 1.26
