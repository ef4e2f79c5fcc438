module example.test/g

go 1.26
